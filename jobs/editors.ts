import type { JobRegistry } from './registry.js';
import type { Logger } from '../src/platform/logger.js';
import { expireEditorClaims } from '../src/editors/index.js';

/**
 * Editors: every 10 minutes, claims held past the website's claim hours lapse and their tasks go
 * back to the queue. Each task is handled under its row lock (SKIP LOCKED) and re-checked, so the
 * job is safe twice and on many workers.
 */
export const EDITOR_JOBS = {
  expireClaims: { name: 'editors.expire-claims', every: '10 minutes' },
} as const;

export function defineEditorJobs(agenda: JobRegistry, logger: Logger): void {
  agenda.define(
    EDITOR_JOBS.expireClaims.name,
    async () => logger.info({ job: EDITOR_JOBS.expireClaims.name, result: await expireEditorClaims() }, 'editors job done'),
    { concurrency: 1 },
  );
}

export async function scheduleEditorJobs(agenda: JobRegistry): Promise<void> {
  for (const job of Object.values(EDITOR_JOBS)) await agenda.every(job.every, job.name);
}
