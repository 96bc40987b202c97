import type { Agenda } from 'agenda';
import type { Logger } from '../src/platform/logger.js';
import { liftEndedWarnings } from '../src/writers/index.js';

/**
 * Writers' standing: every hour, warnings, probations and suspensions whose end date has passed are
 * lifted (each under its row lock, audited). Safe twice and on many workers.
 */
export const WRITER_LEVEL_JOBS = {
  liftWarnings: { name: 'writers.lift-warnings', every: '1 hour', run: () => liftEndedWarnings() },
} as const;

export function defineWriterLevelJobs(agenda: Agenda, logger: Logger): void {
  for (const job of Object.values(WRITER_LEVEL_JOBS))
    agenda.define(job.name, async () => logger.info({ job: job.name, result: await job.run() }, 'writers job done'), { concurrency: 1 });
}

export async function scheduleWriterLevelJobs(agenda: Agenda): Promise<void> {
  for (const job of Object.values(WRITER_LEVEL_JOBS)) await agenda.every(job.every, job.name);
}
