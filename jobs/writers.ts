import type { JobRegistry } from './registry.js';
import type { Logger } from '../src/platform/logger.js';
import { matureEarnings } from '../src/writers/index.js';
import { buildDuePayouts } from '../src/writers/payouts/index.js';

/**
 * Writers: every hour, earnings whose hold has passed mature (their amount moves to the writer's
 * payable). Each earning is re-read under its lock and its posting is keyed by it, so the job is
 * safe twice and on many workers.
 */
export const WRITER_JOBS = {
  matureEarnings: { name: 'writers.mature-earnings', every: '1 hour' },
  // Payout batches of the periods that have ended (set-based, one statement per website; a period's batch is built once).
  buildPayouts: { name: 'writers.build-payouts', every: '1 hour' },
} as const;

export function defineWriterJobs(agenda: JobRegistry, logger: Logger): void {
  agenda.define(
    WRITER_JOBS.matureEarnings.name,
    async () => logger.info({ job: WRITER_JOBS.matureEarnings.name, result: await matureEarnings() }, 'writers job done'),
    { concurrency: 1 },
  );
  agenda.define(
    WRITER_JOBS.buildPayouts.name,
    async () => logger.info({ job: WRITER_JOBS.buildPayouts.name, result: await buildDuePayouts() }, 'writers job done'),
    { concurrency: 1 },
  );
}

export async function scheduleWriterJobs(agenda: JobRegistry): Promise<void> {
  for (const job of Object.values(WRITER_JOBS)) await agenda.every(job.every, job.name);
}
