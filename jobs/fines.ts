import type { JobRegistry } from './registry.js';
import type { Logger } from '../src/platform/logger.js';
import { applyLatenessFines } from '../src/writers/fines/index.js';

/**
 * Writers' fines: every 15 minutes, lateness fines are applied and grown by the RULES.md schedule
 * (one fine per order, each increase its own keyed posting). Each order is handled under its row
 * lock (SKIP LOCKED) and its postings are keyed, so the job is safe twice and on many workers.
 */
export const FINE_JOBS = {
  latenessFines: { name: 'writers.lateness-fines', every: '15 minutes' },
} as const;

export function defineFineJobs(agenda: JobRegistry, logger: Logger): void {
  agenda.define(
    FINE_JOBS.latenessFines.name,
    async () => logger.info({ job: FINE_JOBS.latenessFines.name, result: await applyLatenessFines() }, 'fines job done'),
    { concurrency: 1 },
  );
}

export async function scheduleFineJobs(agenda: JobRegistry): Promise<void> {
  for (const job of Object.values(FINE_JOBS)) await agenda.every(job.every, job.name);
}
