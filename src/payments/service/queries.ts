import type { Actor } from '../../platform/actor.js';
import { sql } from '../../platform/database.js';
import { Forbidden, NotFound } from '../../platform/errors.js';
import { decodeCursor, toPage, type Page } from '../../platform/http/pagination.js';
import { Payment } from '../models.js';
import { canPayAsClient, canSeeOwnPayment, canSeeWebsitePayments } from '../policy.js';
import type { PaymentMethod, PaymentPurpose, PaymentStatus } from '../rules.js';
import { serializeClientPayment, type ClientPaymentView, type PaymentRow } from '../serializers.js';

/** Payment history: the client's own list, and the staff filters shared by the CSV export. */

export interface PaymentFilters {
  purpose?: PaymentPurpose;
  method?: PaymentMethod;
  status?: PaymentStatus;
  /** Created at or after. */
  from?: Date;
  /** Created before. */
  to?: Date;
}

export interface PaymentTotals {
  /** Payments matching the filters (any status). */
  count: number;
  /** Money received: succeeded payments. */
  paidCents: number;
  refundedCents: number;
  /** Received minus refunded. */
  netCents: number;
}

const COLUMNS = `p.id, p.purpose, p.method, p.status, p.amount_cents AS "amountCents", p.refunded_cents AS "refundedCents",
  p.currency, p.order_id AS "orderId", p.deadline_change_id AS "deadlineChangeId", p.revision_id AS "revisionId",
  p.installment_id AS "installmentId", p.credited_to_wallet AS "creditedToWallet", p.receipt_number AS "receiptNumber",
  p.failure_reason AS "failureReason", p.created_at AS "createdAt", p.succeeded_at AS "succeededAt"`;

/** WHERE clauses and binds for the filters, after the ones given. */
export function filterSql(filters: PaymentFilters, where: string[], bind: unknown[]): void {
  const add = (condition: string, value: unknown) => {
    bind.push(value);
    where.push(condition.replace('?', `$${bind.length}`));
  };
  if (filters.purpose) add('p.purpose = ?', filters.purpose);
  if (filters.method) add('p.method = ?', filters.method);
  if (filters.status) add('p.status = ?', filters.status);
  if (filters.from) add('p.created_at >= ?', filters.from);
  if (filters.to) add('p.created_at < ?', filters.to);
}

export async function totalsOf(where: string[], bind: unknown[]): Promise<PaymentTotals> {
  const [row] = await sql<{ count: number; paid: number | null; refunded: number | null }>(
    `SELECT count(*)::bigint AS count,
            sum(p.amount_cents) FILTER (WHERE p.status = 'succeeded')::bigint AS paid,
            sum(p.refunded_cents)::bigint AS refunded
       FROM payments p WHERE ${where.join(' AND ')}`,
    bind,
  );
  const paidCents = row?.paid ?? 0;
  const refundedCents = row?.refunded ?? 0;
  return { count: row?.count ?? 0, paidCents, refundedCents, netCents: paidCents - refundedCents };
}

type HistoryRow = PaymentRow & { orderNumber: string | null };

/** The signed-in client's payments (orders, installments, deadline changes, revisions, top-ups), newest first, with totals. */
export async function listClientPayments(
  actor: Actor,
  query: PaymentFilters & { limit: number; cursor?: string },
): Promise<Page<ClientPaymentView> & { totals: PaymentTotals }> {
  if (!canPayAsClient(actor)) throw Forbidden('Only clients have a payment history of their own');
  const where = ['p.client_id = $1', 'p.website_id = $2'];
  const bind: unknown[] = [actor.userId, actor.websiteId];
  filterSql(query, where, bind);
  const totals = await totalsOf(where, bind);
  const cursor = decodeCursor(query.cursor);
  const pageWhere = [...where];
  const pageBind = [...bind];
  if (cursor) {
    pageBind.push(cursor.id);
    pageWhere.push(`p.id < $${pageBind.length}`);
  }
  pageBind.push(query.limit + 1);
  const rows = await sql<HistoryRow>(
    `SELECT ${COLUMNS}, o.number AS "orderNumber" FROM payments p LEFT JOIN orders o ON o.id = p.order_id
      WHERE ${pageWhere.join(' AND ')} ORDER BY p.id DESC LIMIT $${pageBind.length}`,
    pageBind,
  );
  const page = toPage(
    rows,
    query.limit,
    (r) => ({ value: null, id: r.id }),
    (r) => serializeClientPayment(r, r.orderNumber),
  );
  return { ...page, totals };
}

/** One payment of the client (404 for anyone else's). */
export async function getClientPayment(actor: Actor, paymentId: number): Promise<ClientPaymentView> {
  const payment = await Payment.findByPk(paymentId);
  if (!payment || !canSeeOwnPayment(actor, payment)) throw NotFound('Payment');
  const [order] = payment.orderId ? await sql<{ number: string }>('SELECT number FROM orders WHERE id = $1', [payment.orderId]) : [];
  return serializeClientPayment(payment.get({ plain: true }) as PaymentRow, order?.number ?? null);
}

export interface StaffPaymentFilters extends PaymentFilters {
  clientId?: number;
  orderId?: number;
}

/** WHERE for a staff member's view of the website's payments (403 outside their website). */
export function staffWhere(actor: Actor, filters: StaffPaymentFilters): { where: string[]; bind: unknown[] } {
  if (!canSeeWebsitePayments(actor, actor.websiteId)) throw Forbidden("Only staff see the website's payments");
  const where: string[] = [];
  const bind: unknown[] = [];
  if (actor.websiteId !== null) {
    bind.push(actor.websiteId);
    where.push(`p.website_id = $${bind.length}`);
  } else {
    where.push('true');
  }
  if (filters.clientId) {
    bind.push(filters.clientId);
    where.push(`p.client_id = $${bind.length}`);
  }
  if (filters.orderId) {
    bind.push(filters.orderId);
    where.push(`p.order_id = $${bind.length}`);
  }
  filterSql(filters, where, bind);
  return { where, bind };
}
