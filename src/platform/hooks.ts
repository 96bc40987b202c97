/**
 * Extension points: how a lower area lets higher ones act inside its use cases without importing
 * them. The lower area declares a hook point; src/wiring.ts registers the higher areas' handlers at
 * boot. Handlers run in registration order, each awaited, inside the use case's transaction (a throw
 * rolls the whole use case back).
 */
export type Hook<E> = (event: E) => Promise<void>;

export interface HookPoint<E> {
  /** Registers a handler; registering the same function again changes nothing (boot may run more than once). */
  on(hook: Hook<E>): void;
  /** Runs every handler in registration order. */
  run(event: E): Promise<void>;
}

export function hookPoint<E>(): HookPoint<E> {
  const hooks: Array<Hook<E>> = [];
  return {
    on: (hook) => {
      if (!hooks.includes(hook)) hooks.push(hook);
    },
    async run(event) {
      for (const hook of hooks) await hook(event);
    },
  };
}
