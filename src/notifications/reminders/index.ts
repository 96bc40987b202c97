/** The notifications/reminders sub-area's public module: code outside src/notifications/reminders/ imports from here only (docs/ARCHITECTURE.md). */
export { DEADLINE_REMINDER_EVENT, REVIEW_REQUEST_EVENT, sendDueReminders } from './service.js';
export type { ReminderPayload, ReminderRun } from './service.js';
export { DEADLINE_REMINDERS, dueDeadlineReminder, REVIEW_REQUEST_AFTER_HOURS, reviewRequestDue } from './rules.js';
