import type { JobRegistry } from './registry.js';
import type { Logger } from '../src/platform/logger.js';
import { sendDueReminders } from '../src/notifications/reminders/index.js';

/**
 * Reminders on the notifications machinery: every 15 minutes, the writers' deadline reminders (24 h
 * and 6 h before the writer deadline) and the clients' review requests (a day after completion)
 * that are due are claimed and recorded as outbox events, which become in-app notices. Each
 * reminder is claimed once, so the job is safe twice and on many workers at once.
 */
export const REMINDER_JOBS = {
  reminders: { name: 'notifications.reminders', every: '15 minutes' },
} as const;

export function defineReminderJobs(agenda: JobRegistry, logger: Logger): void {
  agenda.define(
    REMINDER_JOBS.reminders.name,
    async () => logger.info({ job: REMINDER_JOBS.reminders.name, result: await sendDueReminders() }, 'reminders job done'),
    { concurrency: 1 },
  );
}

export async function scheduleReminderJobs(agenda: JobRegistry): Promise<void> {
  for (const job of Object.values(REMINDER_JOBS)) await agenda.every(job.every, job.name);
}
