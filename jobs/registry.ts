import type { Agenda, Job } from 'agenda';

/**
 * What a jobs file may ask of Agenda: define handlers, give them a recurring schedule, start one
 * at once. The worker passes its Agenda; `npm run job` passes a JobCatalog, which records the same
 * calls without a job store, so the command runs exactly the handlers the worker runs and lists
 * every job a jobs file defines — a new job appears there without the command knowing its name.
 */
export type JobRegistry = Pick<Agenda, 'define' | 'every' | 'now'>;

type Handler = (job: Job, done: (error?: Error) => void) => unknown;

export interface CatalogEntry {
  name: string;
  /** The recurring interval given to `every`, or null for a job only started on demand. */
  every: string | null;
}

/** A stand-in for the job a handler receives: a run by hand holds no lock in the job store, so touching it is a no-op. */
function manualJob(name: string): Job {
  return { attrs: { name, data: {} }, touch: async () => undefined } as unknown as Job;
}

export class JobCatalog {
  private readonly handlers = new Map<string, Handler>();
  private readonly schedules = new Map<string, string>();

  readonly registry = {
    define: (name: string, handler: Handler) => void this.handlers.set(name, handler),
    every: async (interval: string | number, names: string | string[]) => {
      for (const name of Array.isArray(names) ? names : [names]) this.schedules.set(name, String(interval));
      return [];
    },
    // Jobs that start another on demand (a kicker) do so inside a worker; a run by hand leaves it to the worker's next poll.
    now: async (name: string) => manualJob(name),
  } as unknown as JobRegistry;

  /** Every defined job, by name, with its schedule. */
  list(): CatalogEntry[] {
    return [...this.handlers.keys()].sort().map((name) => ({ name, every: this.schedules.get(name) ?? null }));
  }

  has(name: string): boolean {
    return this.handlers.has(name);
  }

  /** Runs the job's own handler once, here and now; resolves when it has finished, rejects when it fails. */
  async run(name: string): Promise<void> {
    const handler = this.handlers.get(name);
    if (!handler) throw new Error(`Unknown job "${name}"`);
    await new Promise<void>((resolve, reject) => {
      // Agenda's two handler shapes: a promise, or a callback as second parameter.
      const done = (error?: Error) => (error ? reject(error) : resolve());
      try {
        const result = handler(manualJob(name), done);
        if (handler.length < 2) Promise.resolve(result).then(() => resolve(), reject);
      } catch (err) {
        reject(err as Error);
      }
    });
  }
}
