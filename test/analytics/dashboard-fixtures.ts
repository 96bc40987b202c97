import { randomUUID } from 'node:crypto';
import { sql } from '../../src/platform/database.js';

/**
 * Rows for the dashboard tests, inserted directly: each queue and figure reads plain columns, and
 * the tests need exact times and statuses (the services that reach these states are tested
 * elsewhere). Every row satisfies the tables' constraints.
 */
export async function userOf(websiteId: number, role: 'client' | 'writer' | 'support'): Promise<number> {
  const [row] = await sql<{ id: number }>(`SELECT id FROM users WHERE website_id = $1 AND role = $2 ORDER BY id LIMIT 1`, [
    websiteId,
    role,
  ]);
  return Number(row!.id);
}

export interface OrderRow {
  status: string;
  currency?: string;
  totalCents?: number;
  placedAt?: Date | null;
  paidAt?: Date | null;
  deliveredAt?: Date | null;
  deadline?: Date | null;
  completedAt?: Date | null;
  cancelledAt?: Date | null;
  overdueAt?: Date | null;
  writerId?: number | null;
}

export async function insertOrder(websiteId: number, row: OrderRow): Promise<number> {
  const clientId = await userOf(websiteId, 'client');
  const [inserted] = await sql<{ id: number }>(
    `INSERT INTO orders (website_id, number, client_id, writer_id, status, currency, total_cents, placed_at, paid_at, delivered_at,
                         deadline, completed_at, cancelled_at, overdue_at, topic)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'Dashboard fixture') RETURNING id`,
    [
      websiteId,
      `T${randomUUID().slice(0, 12)}`,
      clientId,
      row.writerId ?? null,
      row.status,
      row.currency ?? 'USD',
      row.totalCents ?? 10_000,
      row.placedAt ?? null,
      row.paidAt ?? null,
      row.deliveredAt ?? null,
      row.deadline ?? null,
      row.completedAt ?? null,
      row.cancelledAt ?? null,
      row.overdueAt ?? null,
    ],
  );
  return Number(inserted!.id);
}

async function ledgerTransaction(websiteId: number, currency: string, kind: string): Promise<number> {
  const [row] = await sql<{ id: number }>(
    `INSERT INTO ledger_transactions (website_id, currency, kind, idempotency_key, input_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [websiteId, currency, kind, `dashboard-test-${randomUUID()}`, '0'.repeat(64)],
  );
  return Number(row!.id);
}

/** A payment of an order: succeeded at a time (with its posting and receipt), or a manual one awaiting approval. */
export async function insertPayment(
  websiteId: number,
  orderId: number,
  input: { amountCents: number; currency?: string; succeededAt?: Date; purpose?: string },
): Promise<number> {
  const clientId = await userOf(websiteId, 'client');
  const currency = input.currency ?? 'USD';
  const succeeded = input.succeededAt !== undefined;
  const purpose = input.purpose ?? 'order';
  const [row] = await sql<{ id: number }>(
    `INSERT INTO payments (website_id, client_id, order_id, purpose, method, status, amount_cents, currency, ledger_transaction_id,
                           receipt_number, succeeded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [
      websiteId,
      clientId,
      purpose === 'wallet_topup' ? null : orderId,
      purpose,
      succeeded && purpose !== 'wallet_topup' ? 'wallet' : 'manual',
      succeeded ? 'succeeded' : 'pending_approval',
      input.amountCents,
      currency,
      succeeded ? await ledgerTransaction(websiteId, currency, 'order_payment_wallet') : null,
      succeeded ? `R${randomUUID().slice(0, 10)}` : null,
      input.succeededAt ?? null,
    ],
  );
  return Number(row!.id);
}

/** A wallet refund: pending (waiting for approval) or processed at a time. */
export async function insertRefund(
  websiteId: number,
  orderId: number,
  input: { amountCents: number; processedAt?: Date },
): Promise<number> {
  const clientId = await userOf(websiteId, 'client');
  const processed = input.processedAt !== undefined;
  const [row] = await sql<{ id: number }>(
    `INSERT INTO refunds (website_id, order_id, client_id, currency, amount_cents, destination, wallet_cents, card_cents, reason, source,
                          status, wallet_transaction_id, processed_at)
     VALUES ($1, $2, $3, 'USD', $4, 'wallet', $4, 0, 'Dashboard fixture', 'staff', $5, $6, $7) RETURNING id`,
    [
      websiteId,
      orderId,
      clientId,
      input.amountCents,
      processed ? 'processed' : 'pending',
      processed ? await ledgerTransaction(websiteId, 'USD', 'refund_wallet') : null,
      input.processedAt ?? null,
    ],
  );
  return Number(row!.id);
}

export async function insertHeldMessage(websiteId: number, orderId: number): Promise<void> {
  const [thread] = await sql<{ id: number }>(
    `INSERT INTO order_message_threads (website_id, order_id, kind) VALUES ($1, $2, 'client_writer')
     ON CONFLICT (order_id, kind) DO UPDATE SET kind = EXCLUDED.kind RETURNING id`,
    [websiteId, orderId],
  );
  await sql(
    `INSERT INTO order_messages (website_id, order_id, thread_id, author_role, body, status) VALUES ($1, $2, $3, 'client', 'call me', 'held')`,
    [websiteId, orderId, thread!.id],
  );
}

export async function insertTicket(websiteId: number, input: { breached: boolean; status: string }): Promise<void> {
  const requesterId = await userOf(websiteId, 'client');
  const assigneeId = input.status === 'open' ? null : await userOf(websiteId, 'support');
  await sql(
    `INSERT INTO tickets (website_id, requester_id, requester_role, subject, category, priority, status, assignee_id,
                          first_response_due_at, sla_alert_at, sla_breached)
     VALUES ($1, $2, 'client', 'Dashboard fixture', 'other', 'normal', $3, $4, now(), now(), $5)`,
    [websiteId, requesterId, input.status, assigneeId, input.breached],
  );
}

export async function insertWriterRequest(websiteId: number, orderId: number): Promise<void> {
  await sql(`INSERT INTO writer_requests (order_id, writer_id, kind, status) VALUES ($1, $2, 'request', 'open')`, [
    orderId,
    await userOf(websiteId, 'writer'),
  ]);
}

/** A discount code used on an order at a time (a campaign's code when campaignId is given). */
export async function insertDiscountUse(
  websiteId: number,
  orderId: number,
  input: { amountCents: number; usedAt: Date; campaignId?: number },
): Promise<void> {
  const [code] = await sql<{ id: number }>(
    `INSERT INTO discount_codes (website_id, campaign_id, code, kind, value_cents) VALUES ($1, $2, $3, 'fixed', 500) RETURNING id`,
    [websiteId, input.campaignId ?? null, `DASH${randomUUID().slice(0, 8).toUpperCase()}`],
  );
  await sql(
    `INSERT INTO discount_usages (website_id, code_id, order_id, amount_cents, status, used_at) VALUES ($1, $2, $3, $4, 'used', $5)`,
    [websiteId, code!.id, orderId, input.amountCents, input.usedAt],
  );
}

export async function insertCampaign(websiteId: number): Promise<number> {
  const [row] = await sql<{ id: number }>(`INSERT INTO campaigns (website_id, name) VALUES ($1, 'Dashboard fixture') RETURNING id`, [
    websiteId,
  ]);
  return Number(row!.id);
}
