import type { JobRegistry } from './registry.js';
import type { Logger } from '../src/platform/logger.js';
import { deliverNotifications, sendNotificationDigests } from '../src/notifications/index.js';

/**
 * Notifications by email and SMS: every minute the deliveries not sent right after their commit
 * (the process died, the send failed and waits for its retry, a claim's lease ran out) go out;
 * every 15 minutes each user whose digest period (hour or day, UTC) has ended gets one digest email
 * of what was held for it. Both claim with SKIP LOCKED: safe twice and on many workers.
 */
export const NOTIFICATION_JOBS = {
  deliver: { name: 'notifications.deliver', every: '1 minute' },
  digest: { name: 'notifications.digest', every: '15 minutes' },
} as const;

export function defineNotificationJobs(agenda: JobRegistry, logger: Logger): void {
  agenda.define(
    NOTIFICATION_JOBS.deliver.name,
    async () => logger.info({ job: NOTIFICATION_JOBS.deliver.name, result: await deliverNotifications() }, 'notifications job done'),
    { concurrency: 1 },
  );
  agenda.define(
    NOTIFICATION_JOBS.digest.name,
    async () => logger.info({ job: NOTIFICATION_JOBS.digest.name, result: await sendNotificationDigests() }, 'notifications job done'),
    { concurrency: 1 },
  );
}

export async function scheduleNotificationJobs(agenda: JobRegistry): Promise<void> {
  for (const job of Object.values(NOTIFICATION_JOBS)) await agenda.every(job.every, job.name);
}
