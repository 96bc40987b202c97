import { clock } from '../../platform/clock.js';
import { inTransaction, sql } from '../../platform/database.js';
import { recordEvents, type OutboxEvent } from '../../platform/outbox.js';
import {
  DEADLINE_REMINDERS,
  dueDeadlineReminder,
  REVIEW_REQUEST_AFTER_HOURS,
  REVIEW_REQUEST_WITHIN_DAYS,
  reviewRequestDue,
  WORKING_STATUSES,
} from './rules.js';

/**
 * The reminders job's use case: finds the deadline reminders and review requests due now, claims
 * each in notification_reminders and records its outbox event in the same transaction (the
 * notifications consumer turns the event into the notice). Claims are unique per order, kind, the
 * moment they are about and the person reminded, so a second run — or a second worker — finds
 * nothing left to claim, while a moved writer deadline, or a writer taking the order over, is
 * reminded of again.
 *
 * The due orders are read with SQL over orders and reviews (a read model, as the payment reminders
 * do): one indexed range query per batch instead of loading orders through their area's services,
 * which are per actor and per order.
 */

export const DEADLINE_REMINDER_EVENT = 'reminder.deadline';
export const REVIEW_REQUEST_EVENT = 'reminder.review_request';

/** What a reminder's outbox event carries: who is reminded of which order, and of what moment. */
export interface ReminderPayload {
  orderId: number;
  orderNumber: string;
  userId: number;
  /** deadline_24h, deadline_6h, review_request (payments: 24h, 72h). */
  reminder: string;
  /** The writer deadline, or the completion the review request follows (ISO). */
  dueAt: string;
  hoursBefore?: number;
}

export interface ReminderRun {
  deadlineReminders: number;
  reviewRequests: number;
}

const BATCH = 200;
const HOUR = 3_600_000;

interface Candidate {
  orderId: number;
  websiteId: number;
  userId: number;
  number: string;
  dueAt: Date;
}

interface Batch {
  claimed: number;
  /** The batch read as many orders as it may: there may be more. */
  full: boolean;
}

interface Claim {
  order: Candidate;
  reminder: string;
  hoursBefore?: number;
}

/** Inserts the claims; returns those this run inserted (another run's are skipped). */
async function claim(claims: Claim[]): Promise<Claim[]> {
  if (!claims.length) return [];
  const values: unknown[] = [];
  const tuples = claims.map((c) => {
    values.push(c.order.websiteId, c.order.orderId, c.order.userId, c.reminder, c.order.dueAt, clock.now());
    const n = values.length;
    return `($${n - 5}::bigint, $${n - 4}::bigint, $${n - 3}::bigint, $${n - 2}, $${n - 1}::timestamptz, $${n}::timestamptz)`;
  });
  const inserted = await sql<{ orderId: number; kind: string }>(
    `INSERT INTO notification_reminders (website_id, order_id, user_id, kind, due_at, created_at) VALUES ${tuples.join(', ')}
       ON CONFLICT (order_id, kind, due_at, user_id) DO NOTHING RETURNING order_id AS "orderId", kind`,
    values,
  );
  const taken = new Set(inserted.map((row) => `${Number(row.orderId)}:${row.kind}`));
  return claims.filter((c) => taken.has(`${c.order.orderId}:${c.reminder}`));
}

function eventOf(type: string, c: Claim): OutboxEvent<ReminderPayload> {
  return {
    type,
    websiteId: c.order.websiteId,
    payload: {
      orderId: c.order.orderId,
      orderNumber: c.order.number,
      userId: c.order.userId,
      reminder: c.reminder,
      dueAt: c.order.dueAt.toISOString(),
      ...(c.hoursBefore !== undefined ? { hoursBefore: c.hoursBefore } : {}),
    },
  };
}

// The reminder whose window holds the deadline, closest first (SQL twin of dueDeadlineReminder).
const DUE_KIND = `CASE ${[...DEADLINE_REMINDERS]
  .sort((a, b) => a.hoursBefore - b.hoursBefore)
  .map((r) => `WHEN o.writer_deadline <= $1::timestamptz + interval '${r.hoursBefore} hours' THEN '${r.kind}'`)
  .join(' ')} END`;
const LONGEST = Math.max(...DEADLINE_REMINDERS.map((r) => r.hoursBefore));

/** One batch of deadline reminders: the writers of orders in work whose deadline is near. */
async function deadlineBatch(now: Date): Promise<Batch> {
  return inTransaction(async () => {
    const due = await sql<Candidate>(
      `SELECT o.id AS "orderId", o.website_id AS "websiteId", o.writer_id AS "userId", o.number, o.writer_deadline AS "dueAt"
         FROM orders o
        WHERE o.status IN (${WORKING_STATUSES.map((s) => `'${s}'`).join(', ')}) AND o.writer_id IS NOT NULL
          AND o.writer_deadline > $1::timestamptz AND o.writer_deadline <= $1::timestamptz + interval '${LONGEST} hours'
          AND NOT EXISTS (SELECT 1 FROM notification_reminders r
                           WHERE r.order_id = o.id AND r.due_at = o.writer_deadline AND r.user_id = o.writer_id AND r.kind = ${DUE_KIND})
        ORDER BY o.writer_deadline, o.id
        LIMIT ${BATCH}`,
      [now],
    );
    const claims: Claim[] = [];
    for (const row of due) {
      const order = {
        ...row,
        orderId: Number(row.orderId),
        websiteId: Number(row.websiteId),
        userId: Number(row.userId),
        dueAt: new Date(row.dueAt),
      };
      const reminder = dueDeadlineReminder(order.dueAt, now);
      if (reminder) claims.push({ order, reminder: reminder.kind, hoursBefore: reminder.hoursBefore });
    }
    const claimed = await claim(claims);
    await recordEvents(claimed.map((c) => eventOf(DEADLINE_REMINDER_EVENT, c)));
    return { claimed: claimed.length, full: due.length === BATCH };
  });
}

/** One batch of review requests: the clients of orders completed a day ago who have not reviewed them. */
async function reviewBatch(now: Date): Promise<Batch> {
  return inTransaction(async () => {
    const latest = new Date(now.getTime() - REVIEW_REQUEST_AFTER_HOURS * HOUR);
    const earliest = new Date(latest.getTime() - REVIEW_REQUEST_WITHIN_DAYS * 24 * HOUR);
    const due = await sql<Candidate>(
      `SELECT o.id AS "orderId", o.website_id AS "websiteId", o.client_id AS "userId", o.number, o.completed_at AS "dueAt"
         FROM orders o
        WHERE o.status = 'completed' AND o.client_id IS NOT NULL
          AND o.completed_at <= $1::timestamptz AND o.completed_at > $2::timestamptz
          AND NOT EXISTS (SELECT 1 FROM reviews rv WHERE rv.order_id = o.id AND rv.reviewer_id = o.client_id)
          AND NOT EXISTS (SELECT 1 FROM notification_reminders r
                           WHERE r.order_id = o.id AND r.kind = 'review_request' AND r.due_at = o.completed_at AND r.user_id = o.client_id)
        ORDER BY o.completed_at, o.id
        LIMIT ${BATCH}`,
      [latest, earliest],
    );
    const claims: Claim[] = [];
    for (const row of due) {
      const order = {
        ...row,
        orderId: Number(row.orderId),
        websiteId: Number(row.websiteId),
        userId: Number(row.userId),
        dueAt: new Date(row.dueAt),
      };
      if (reviewRequestDue(order.dueAt, now)) claims.push({ order, reminder: 'review_request' });
    }
    const claimed = await claim(claims);
    await recordEvents(claimed.map((c) => eventOf(REVIEW_REQUEST_EVENT, c)));
    return { claimed: claimed.length, full: due.length === BATCH };
  });
}

/** Runs batches until one comes back short (each claims what it read, so the next reads further). */
async function drain(batch: (now: Date) => Promise<Batch>, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const { claimed, full } = await batch(now);
    total += claimed;
    if (!full) return total;
  }
}

/**
 * Sends (records) every reminder due now. Safe twice and on many workers at once: each reminder
 * is claimed once, and its event is recorded with its claim or not at all.
 */
export async function sendDueReminders(): Promise<ReminderRun> {
  const now = clock.now();
  return { deadlineReminders: await drain(deadlineBatch, now), reviewRequests: await drain(reviewBatch, now) };
}
