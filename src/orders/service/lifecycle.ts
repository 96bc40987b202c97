import { recordAudit } from '../../audit/index.js';
import { releaseDiscountUsage } from '../../discounts/index.js';
import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { columnsOf, currentTransaction, instanceFrom, sql } from '../../platform/database.js';
import { AppError, Conflict, Forbidden, NotFound } from '../../platform/errors.js';
import { eventsRecorded } from '../../platform/outbox.js';
import { orderHooks } from '../hooks.js';
import { Order } from '../models.js';
import { canSeeOrder, lifecycleRoleOf } from '../policy.js';
import { decideTransition, type OrderAction, type OrderStatus } from '../rules.js';

/**
 * Locks the orders with these ids (ascending id, as every batch locks them, so two batches wait
 * instead of deadlocking) in one statement; visibility is the caller's to check per actor.
 */
export async function lockOrders(orderIds: readonly number[]): Promise<Map<number, Order>> {
  if (!currentTransaction()) throw new Error('lockOrders must run inside a transaction');
  const ids = [...new Set(orderIds.filter((id) => Number.isSafeInteger(id) && id > 0))];
  if (!ids.length) return new Map();
  const rows = await sql<object>(`SELECT ${columnsOf(Order)} FROM orders WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`, [ids]);
  return new Map(rows.map((row) => instanceFrom(Order, row)).map((order) => [order.id, order]));
}

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
  // Every assignment (assign, reassign, take, accept) and every way into "completed" passes here too.
  if (options.patch?.assignedAt && order.writerId !== null) await orderHooks.writerAssigned({ actor, order });
  if (decision.to === 'completed') await orderHooks.orderCompleted({ actor, order });
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
export async function recordOrderEvent(
  actor: Actor,
  order: Order,
  action: string,
  data?: Record<string, unknown>,
  note?: string | null,
): Promise<void> {
  await insertOrderEvent(actor, order, action, order.status, order.status, note, data);
}

export interface OrderEventRow {
  actor: Actor;
  order: Order;
  action: string;
  from: OrderStatus;
  to: OrderStatus;
  note?: string | null;
  data?: Record<string, unknown> | null;
}

async function insertOrderEvent(
  actor: Actor,
  order: Order,
  action: string,
  from: OrderStatus,
  to: OrderStatus,
  note?: string | null,
  data?: Record<string, unknown> | null,
) {
  await insertOrderEvents([{ actor, order, action, from, to, note, data }]);
}

/** Timeline rows in one INSERT; every order action writes one, so it is a plain statement (platform `sql`). */
export async function insertOrderEvents(rows: readonly OrderEventRow[]): Promise<void> {
  if (!rows.length) return;
  const values: unknown[] = [];
  // The clock's time, as the order's own timestamps and its files take, so a step and a file compare.
  values.push(clock.now());
  const at = `$1::timestamptz`;
  const tuples = rows.map(({ actor, order, action, from, to, note, data }) => {
    values.push(order.id, order.websiteId, actor.userId, actor.role, action, from, to, note ?? null, data ? JSON.stringify(data) : null);
    const n = values.length;
    return `($${n - 8}::bigint, $${n - 7}::bigint, $${n - 6}::bigint, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n}::jsonb, ${at})`;
  });
  // The same statement puts each timeline row in the outbox (`order.event`), so whatever follows an
  // order's step (notifications, live updates) starts from it after commit, never before.
  await sql(
    `WITH e AS (
       INSERT INTO order_events (order_id, website_id, actor_user_id, actor_role, action, from_status, to_status, note, data, created_at)
       VALUES ${tuples.join(', ')}
       RETURNING id, order_id, website_id, actor_user_id, actor_role, action, from_status, to_status
     )
     INSERT INTO outbox_events (website_id, type, payload, created_at)
     SELECT website_id, '${ORDER_EVENT_TYPE}',
            jsonb_build_object('eventId', id, 'orderId', order_id, 'action', action, 'from', from_status, 'to', to_status,
                               'actorUserId', actor_user_id, 'actorRole', actor_role),
            ${at}
       FROM e ORDER BY id`,
    values,
  );
  eventsRecorded();
}

/** The outbox event of every timeline row of an order (payload: OrderEventPayload). */
export const ORDER_EVENT_TYPE = 'order.event';

/** What an `order.event` carries: the timeline row, by ids (consumers read what else they need). */
export interface OrderEventPayload {
  eventId: number;
  orderId: number;
  action: string;
  from: OrderStatus;
  to: OrderStatus;
  actorUserId: number | null;
  actorRole: string;
}

function pick(order: Order, keys: string[]): Record<string, unknown> {
  const values = order.get({ plain: true }) as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, values[k] instanceof Date ? (values[k] as Date).toISOString() : values[k]]));
}
