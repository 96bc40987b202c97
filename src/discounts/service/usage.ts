import { QueryTypes } from 'sequelize';
import { recordAudit } from '../../audit/index.js';
import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { currentTransaction, getSequelize } from '../../platform/database.js';
import { AppError } from '../../platform/errors.js';
import { DiscountUsage } from '../models.js';
import { REFUSAL_MESSAGES, releasesOnCancellation, type AppliedDiscounts } from '../rules.js';

/**
 * A code's usage limit is consumed when the order is placed (a reservation), not when it is paid.
 * Consuming at payment would let twenty clients place orders priced with the last use and then
 * refuse all but one at the till, with a price that no longer holds; reserving at submit means
 * a placed order's price is always honoured. The reservation becomes a use when the order is paid
 * and is given back when the order is cancelled before any work started (an unpaid order expires
 * after 14 days, so a forgotten checkout does not hold a use for long).
 *
 * Concurrency: submit locks the code row (evaluateDiscounts with lock) before checking the limits,
 * so parallel checkouts of one code queue on that row and each sees the uses before it; the
 * conditional UPDATE below and the table's CHECK (uses_count <= usage_limit_total) are the last guards.
 */
function transaction() {
  const t = currentTransaction();
  if (!t) throw new Error('Discount usage changes must run inside the order use case transaction');
  return t;
}

async function execute<R extends object>(sql: string, bind: unknown[]): Promise<R[]> {
  return getSequelize().query<R>(sql, { bind, type: QueryTypes.SELECT, transaction: transaction() });
}

export interface UsageOrder {
  id: number;
  websiteId: number;
  clientId: number | null;
}

/** Records the order's use of its code (if a code is among the applied sources) and counts it against the limit. */
export async function reserveDiscountUsage(actor: Actor, order: UsageOrder, applied: AppliedDiscounts): Promise<DiscountUsage | null> {
  const source = applied.sources.find((s) => s.source === 'code');
  if (!source?.codeId) return null;
  const counted = await execute<{ id: number }>(
    `UPDATE discount_codes SET uses_count = uses_count + 1, updated_at = now()
      WHERE id = $1 AND website_id = $2 AND (usage_limit_total IS NULL OR uses_count < usage_limit_total)
      RETURNING id`,
    [source.codeId, order.websiteId],
  );
  if (!counted.length) {
    throw new AppError(
      'validation_failed',
      REFUSAL_MESSAGES.usage_limit_reached,
      { discountCode: REFUSAL_MESSAGES.usage_limit_reached },
      { reason: 'usage_limit_reached' },
    );
  }
  const usage = await DiscountUsage.create({
    websiteId: order.websiteId,
    codeId: source.codeId,
    orderId: order.id,
    clientId: order.clientId,
    amountCents: source.amountCents,
    reservedAt: clock.now(),
  });
  await recordAudit(actor, {
    action: 'discount.usage_reserved',
    targetType: 'discount_code',
    targetId: source.codeId,
    websiteId: order.websiteId,
    after: { orderId: order.id, amountCents: source.amountCents, code: source.code },
  });
  return usage;
}

/** The order is paid in full: its reservation becomes a use. Safe to call twice. */
export async function confirmDiscountUsage(actor: Actor, orderId: number): Promise<number> {
  const rows = await execute<{ id: number; codeId: number; websiteId: number }>(
    `UPDATE discount_usages SET status = 'used', used_at = $2, updated_at = now()
      WHERE order_id = $1 AND status = 'reserved'
      RETURNING id, code_id AS "codeId", website_id AS "websiteId"`,
    [orderId, clock.now()],
  );
  for (const row of rows) {
    await recordAudit(actor, {
      action: 'discount.usage_confirmed',
      targetType: 'discount_code',
      targetId: row.codeId,
      websiteId: row.websiteId,
      after: { orderId },
    });
  }
  return rows.length;
}

/**
 * The order is cancelled: when no work had started, its code use is given back (the usage is
 * released and the code's count goes down). `from`/`previous` are the statuses it was cancelled from.
 */
export async function releaseDiscountUsage(
  actor: Actor,
  orderId: number,
  from: { status: string; previous: string | null },
): Promise<number> {
  if (!releasesOnCancellation(from.status, from.previous)) return 0;
  const rows = await execute<{ id: number; codeId: number; websiteId: number; was: string }>(
    `UPDATE discount_usages u SET status = 'released', released_at = $2, updated_at = now()
       FROM discount_usages old
      WHERE u.id = old.id AND u.order_id = $1 AND u.status IN ('reserved','used')
      RETURNING u.id, u.code_id AS "codeId", u.website_id AS "websiteId", old.status AS was`,
    [orderId, clock.now()],
  );
  for (const row of rows) {
    await execute(
      'UPDATE discount_codes SET uses_count = uses_count - 1, updated_at = now() WHERE id = $1 AND uses_count > 0 RETURNING id',
      [row.codeId],
    );
    await recordAudit(actor, {
      action: 'discount.usage_released',
      targetType: 'discount_code',
      targetId: row.codeId,
      websiteId: row.websiteId,
      before: { status: row.was },
      after: { orderId, status: 'released' },
    });
  }
  return rows.length;
}
