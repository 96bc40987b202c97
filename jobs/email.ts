import type { JobRegistry } from './registry.js';
import type { Logger } from '../src/platform/logger.js';
import { runEmailCampaigns } from '../src/notifications/campaigns/index.js';

/**
 * Mass email campaigns: every minute, due campaigns start (their audience is snapshotted) and each
 * sending campaign sends up to its throttle (src/notifications/campaigns/service/send.ts). Safe twice
 * and on many workers at once (rows are claimed with SKIP LOCKED under a lease; nobody is mailed twice).
 */
export const EMAIL_JOBS = {
  campaigns: { name: 'email.campaigns', every: '1 minute' },
} as const;

export function defineEmailJobs(agenda: JobRegistry, logger: Logger): void {
  agenda.define(
    EMAIL_JOBS.campaigns.name,
    async (job) =>
      logger.info({ job: EMAIL_JOBS.campaigns.name, result: await runEmailCampaigns({ touch: () => job.touch() }) }, 'email job done'),
    { concurrency: 1 },
  );
}

export async function scheduleEmailJobs(agenda: JobRegistry): Promise<void> {
  for (const job of Object.values(EMAIL_JOBS)) await agenda.every(job.every, job.name);
}
