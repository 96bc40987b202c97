/** The one source of "now", so jobs and tests can reason about time without sleeping. */
let offsetMs = 0;

export const clock = {
  now(): Date {
    return new Date(Date.now() + offsetMs);
  },
  /** Tests only: move time forward (or back) for everything that asks the clock. */
  travel(ms: number): void {
    offsetMs += ms;
  },
  reset(): void {
    offsetMs = 0;
  },
};
