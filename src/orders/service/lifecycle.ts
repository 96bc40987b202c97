import { recordAudit } from '../../audit/service.js';
import { releaseDiscountUsage } from '../../discounts/service/usage.js';
import type { Actor } from '../../identity/actor.js';
import { clock } from '../../platform/clock.js';
import { currentTransaction, sql } from '../../platform/database.js';
import { AppError, Conflict, Forbidden, NotFound } from '../../platform/errors.js';
import { Order } from '../models.js';
import { canSeeOrder, lifecycleRoleOf } from '../policy.js';
import { decideTransition, type OrderAction, type OrderStatus } from '../rules.js';

/** Loads an order the actor may see, locked for the rest of the transaction; else 404. */
export async function lockVisibleOrder(actor: Actor, orderId: number): Promise<Order> {
  const transaction = currentTransaction();
  if (!transaction) throw new Error('lockVisibleOrder must run inside a transaction');
  const order = await Order.findByPk(orderId, { lock: transaction.LOCK.UPDATE });
  if (!order || !canSeeOrder(actor, order)) throw NotFound('Order');
  return order;
}

export interface TransitionOptions {
  /** The wanted status when the action has several. */
  to?: OrderStatus;
  /** Fields changed together with the status (assigned writer, timestamps…). */
  patch?: Partial<Order['_creationAttributes']>;
  note?: string | null;
  data?: Record<string, unknown>;
}

/**
 * Moves an order through the lifecycle table: the table decides (409 with the current status when
 * the move is illegal, 403 when the role may never do it), then one update, one timeline event
 * and one audit row, all in the caller's transaction.
 */
export async function transitionOrder(actor: Actor, order: Order, action: OrderAction, options: TransitionOptions = {}): Promise<Order> {
  const role = lifecycleRoleOf(actor);
  if (!role) throw Forbidden('Your role may not change orders');
  const from = order.status;
  const decision = decideTransition({ action, from, role, to: options.to, previous: order.previousStatus });
  if (!decision.ok) {
    if (decision.reason === 'not_allowed_for_role') throw Forbidden(decision.message);
    if (decision.reason === 'illegal_target') throw new AppError('validation_failed', decision.message, { to: decision.message });
    throw Conflict(decision.message, { currentStatus: from });
  }
  const now = clock.now();
  const remembersPrevious = decision.to === 'on_hold' || decision.to === 'pending_cancellation';
  const returnsToPrevious = from === 'on_hold' || (from === 'pending_cancellation' && decision.to !== 'cancelled');
  const before = pick(order, ['status', ...Object.keys(options.patch ?? {})]);
  const previous = order.previousStatus;
  await order.update({
    ...options.patch,
    status: decision.to,
    previousStatus: remembersPrevious ? from : returnsToPrevious ? null : order.previousStatus,
    lastActivityAt: now,
  });
  await insertOrderEvent(actor, order, action, from, decision.to, options.note, options.data);
  // Every way into "cancelled" passes here: a code used by an order cancelled before work started is given back.
  if (decision.to === 'cancelled') await releaseDiscountUsage(actor, order.id, { status: from, previous });
  await recordAudit(actor, {
    action: `order.${action}`,
    targetType: 'order',
    targetId: order.id,
    websiteId: order.websiteId,
    before,
    after: pick(order, Object.keys(before)),
    reason: options.note ?? undefined,
  });
  return order;
}

/** Records an event that does not change the status (deadline change, writer request, note). */
export async function recordOrderEvent(actor: Actor, order: Order, action: string, data?: Record<string, unknown>, note?: string | null): Promise<void> {
  await insertOrderEvent(actor, order, action, order.status, order.status, note, data);
}

/** One timeline row; every order action writes one, so it is a plain INSERT (platform `sql`). */
async function insertOrderEvent(actor: Actor, order: Order, action: string, from: OrderStatus, to: OrderStatus, note?: string | null, data?: Record<string, unknown> | null) {
  await sql(
    `INSERT INTO order_events (order_id, website_id, actor_user_id, actor_role, action, from_status, to_status, note, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)`,
    [order.id, order.websiteId, actor.userId, actor.role, action, from, to, note ?? null, data ? JSON.stringify(data) : null],
  );
}

function pick(order: Order, keys: string[]): Record<string, unknown> {
  const values = order.get({ plain: true }) as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, values[k] instanceof Date ? (values[k] as Date).toISOString() : values[k]]));
}
