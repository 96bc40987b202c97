import { QueryTypes } from 'sequelize';
import { brandOf, portalBaseUrl, sendSafely } from '../../identity/index.js';
import { UNPAID_EXPIRY_DAYS } from '../../orders/index.js';
import { clock } from '../../platform/clock.js';
import { getSequelize, inTransaction, sql } from '../../platform/database.js';
import { formatMoney } from '../../platform/money.js';
import { recordEvent } from '../../platform/outbox.js';
import { Website } from '../../tenancy/index.js';
import { PaymentReminder } from '../models.js';
import { dueReminder, REMINDER_AFTER_HOURS, type ReminderKind } from '../rules.js';

/**
 * Payment reminders for placed, unpaid orders at 24 h and 72 h (RULES.md). Each reminder is claimed
 * by inserting its payment_reminders row (unique per order and kind) before the email goes out, so
 * two runs — or two workers — send it once; a failed send gives the claim back for the next run.
 */

const BATCH = 500;

/**
 * The outbox event of a payment reminder, recorded with its claim: the notifications area gives
 * the client the in-app notice (kind reminder.payment) besides this email. A failed email gives the
 * claim back and a later run records the event again; the consumer notices the client once.
 */
export const PAYMENT_REMINDER_EVENT = 'reminder.payment';
export interface PaymentReminderPayload {
  orderId: number;
  orderNumber: string;
  userId: number;
  reminder: ReminderKind;
  /** When the order was placed (the reminders count from it), ISO. */
  dueAt: string;
  outstanding: string;
}

interface DueOrder {
  id: number;
  websiteId: number;
  number: string;
  topic: string | null;
  placedAt: Date;
  clientId: number;
  outstandingCents: number;
  currency: string;
  email: string;
  displayName: string;
  sent: ReminderKind[];
}

export interface ReminderRun {
  sent: number;
  failed: number;
}

/** Filters and reads in the database, so "what is owed" is SQL here: the same as orders' outstandingCents(). */
async function dueOrders(now: Date): Promise<DueOrder[]> {
  const earliest = new Date(now.getTime() - UNPAID_EXPIRY_DAYS * 86_400_000);
  const firstDue = new Date(now.getTime() - REMINDER_AFTER_HOURS['24h'] * 3_600_000);
  return sql<DueOrder>(
    `SELECT o.id, o.website_id AS "websiteId", o.number, o.topic, o.placed_at AS "placedAt", o.client_id AS "clientId",
            (o.total_cents - o.paid_cents) AS "outstandingCents", o.currency, u.email, u.display_name AS "displayName",
            COALESCE(array_agg(r.kind) FILTER (WHERE r.kind IS NOT NULL), '{}') AS sent
       FROM orders o
       JOIN users u ON u.id = o.client_id
       LEFT JOIN payment_reminders r ON r.order_id = o.id
      WHERE o.status = 'pending_payment' AND o.placed_at <= $1 AND o.placed_at > $2 AND o.total_cents > o.paid_cents
      GROUP BY o.id, u.id
     HAVING count(r.id) < 2
      ORDER BY o.placed_at
      LIMIT ${BATCH}`,
    [firstDue, earliest],
  );
}

/** Takes the reminder for this run: true when this run inserted the row (nobody sent it before). */
async function claim(order: DueOrder, kind: ReminderKind): Promise<number | null> {
  const rows = await getSequelize().query<{ id: number }>(
    `INSERT INTO payment_reminders (website_id, order_id, kind) VALUES ($1, $2, $3) ON CONFLICT (order_id, kind) DO NOTHING RETURNING id`,
    { bind: [order.websiteId, order.id, kind], type: QueryTypes.SELECT },
  );
  return rows[0]?.id ?? null;
}

/** Sends the reminders that are due now; safe to run twice and on many workers at once. */
export async function sendPaymentReminders(): Promise<ReminderRun> {
  const now = clock.now();
  const result: ReminderRun = { sent: 0, failed: 0 };
  const websites = new Map<number, Website | null>();
  for (const order of await dueOrders(now)) {
    const kind = dueReminder(new Date(order.placedAt), now, order.sent);
    if (!kind) continue;
    const claimId = await inTransaction(async () => {
      const id = await claim(order, kind);
      if (id !== null) {
        const payload: PaymentReminderPayload = {
          orderId: order.id,
          orderNumber: order.number,
          userId: Number(order.clientId),
          reminder: kind,
          dueAt: new Date(order.placedAt).toISOString(),
          outstanding: formatMoney(order.outstandingCents, order.currency),
        };
        await recordEvent({ type: PAYMENT_REMINDER_EVENT, websiteId: order.websiteId, payload });
      }
      return id;
    });
    if (claimId === null) continue;
    if (!websites.has(order.websiteId)) websites.set(order.websiteId, await Website.findByPk(order.websiteId));
    const website = websites.get(order.websiteId)!;
    const ok = await sendSafely({
      to: order.email,
      template: 'payment-reminder',
      websiteId: website.id,
      brand: brandOf(website),
      data: {
        displayName: order.displayName,
        orderNumber: order.number,
        topic: order.topic,
        hoursAgo: Math.floor((now.getTime() - new Date(order.placedAt).getTime()) / 3_600_000),
        outstanding: formatMoney(order.outstandingCents, order.currency),
        final: kind === '72h',
        expiresInDays: UNPAID_EXPIRY_DAYS,
        orderUrl: `${portalBaseUrl(website)}/orders/${order.id}`,
      },
    });
    if (ok) result.sent += 1;
    else {
      result.failed += 1;
      await PaymentReminder.destroy({ where: { id: claimId } }); // the next run tries again
    }
  }
  return result;
}
