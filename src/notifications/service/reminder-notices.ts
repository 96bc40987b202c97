import { PAYMENT_REMINDER_EVENT } from '../../payments/index.js';
import { sql } from '../../platform/database.js';
import { DEADLINE_REMINDER_EVENT, REVIEW_REQUEST_EVENT } from '../reminders/index.js';
import type { ReminderFacts } from '../rules.js';

/** The reminders' outbox events (notifications/reminders records two, payments the third). */
const REMINDER_EVENTS = new Set<string>([DEADLINE_REMINDER_EVENT, REVIEW_REQUEST_EVENT, PAYMENT_REMINDER_EVENT]);

export const isReminderEvent = (type: string): type is ReminderFacts['type'] => REMINDER_EVENTS.has(type);

/** What a reminder notice keeps in its data: enough to tell one reminder from another. */
export function reminderData(r: ReminderFacts): Record<string, unknown> {
  return { orderId: r.orderId, orderNumber: r.orderNumber, reminder: r.reminder, dueAt: r.dueAt };
}

/**
 * Whether the user already holds the notice of this very reminder. A payment reminder's email
 * that failed gives its claim back, and the next run records its event again: the client is
 * noticed once all the same.
 */
export async function alreadyReminded(r: ReminderFacts): Promise<boolean> {
  const rows = await sql<{ one: number }>(
    `SELECT 1 AS one FROM notifications WHERE user_id = $1 AND kind = $2 AND data @> $3::jsonb LIMIT 1`,
    [r.userId, r.type, JSON.stringify(reminderData(r))],
  );
  return rows.length > 0;
}
