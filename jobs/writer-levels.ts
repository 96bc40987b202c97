import type { JobRegistry } from './registry.js';
import type { Logger } from '../src/platform/logger.js';
import { awardBadges, evaluateLevels, liftEndedWarnings } from '../src/writers/index.js';

/**
 * Writers' standing: every hour, warnings, probations and suspensions whose end date has passed are
 * lifted (each under its row lock, audited). Every week, each writer is scored on the week just
 * closed and promoted or demoted one level at a time (a period is evaluated once per writer).
 * Every day, badges are awarded by their rules (once each). All are safe twice and on many workers.
 */
export const WRITER_LEVEL_JOBS = {
  liftWarnings: { name: 'writers.lift-warnings', every: '1 hour', run: () => liftEndedWarnings() },
  evaluateLevels: { name: 'writers.evaluate-levels', every: '1 week', run: () => evaluateLevels() },
  awardBadges: { name: 'writers.award-badges', every: '1 day', run: () => awardBadges() },
} as const;

export function defineWriterLevelJobs(agenda: JobRegistry, logger: Logger): void {
  for (const job of Object.values(WRITER_LEVEL_JOBS))
    agenda.define(job.name, async () => logger.info({ job: job.name, result: await job.run() }, 'writers job done'), { concurrency: 1 });
}

export async function scheduleWriterLevelJobs(agenda: JobRegistry): Promise<void> {
  for (const job of Object.values(WRITER_LEVEL_JOBS)) await agenda.every(job.every, job.name);
}
