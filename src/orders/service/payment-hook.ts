import { confirmDiscountUsage } from '../../discounts/index.js';
import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { currentTransaction, inTransaction, sql } from '../../platform/database.js';
import { Conflict, ValidationFailed } from '../../platform/errors.js';
import type { Order } from '../models.js';
import { markPaidActorOf } from '../policy.js';
import { outstandingCents } from '../rules.js';
import { insertOrderEvents, lockVisibleOrder, transitionOrder, type OrderEventRow } from './lifecycle.js';

export interface OrderPayment {
  amountCents: number;
  /** Where the money came from: 'manual' until the payments area lands, then wallet/card. */
  method: string;
  reference?: string | null;
}

/**
 * The one door through which money reaches an order. It records what was paid and, once the
 * order is paid in full, publishes it for staffing. The payments area calls this after posting
 * the ledger transaction; until then an admin's manual payment does.
 */
export async function recordOrderPayment(actor: Actor, orderId: number, payment: OrderPayment): Promise<Order> {
  return inTransaction(
    async () => (await recordPaymentsOnLockedOrders([{ actor, order: await lockVisibleOrder(actor, orderId), payment }]))[0]!,
  );
}

/**
 * Records payments on orders the caller holds locked in this transaction, in order (several may
 * pay one order): each checked against what its order still owes after the earlier ones, the paid
 * amounts written in one UPDATE and the timeline events in one INSERT; an order paid in full is
 * then published. A payment that no longer fits throws (nothing of the transaction should stand).
 */
export async function recordPaymentsOnLockedOrders(
  items: ReadonlyArray<{ actor: Actor; order: Order; payment: OrderPayment }>,
): Promise<Order[]> {
  if (!currentTransaction()) throw new Error('recordPaymentsOnLockedOrders must run inside the transaction that locked the orders');
  if (!items.length) return [];
  const paidByOrder = new Map<Order, number>();
  const events: OrderEventRow[] = [];
  for (const { actor, order, payment } of items) {
    if (!Number.isSafeInteger(payment.amountCents) || payment.amountCents <= 0) {
      throw ValidationFailed({ amountCents: 'must be a positive whole number of cents' });
    }
    if (order.status !== 'pending_payment') throw Conflict('Only an order awaiting payment can be paid', { currentStatus: order.status });
    const paidBefore = paidByOrder.get(order) ?? order.paidCents;
    const outstanding = outstandingCents({ totalCents: order.totalCents, paidCents: paidBefore });
    if (payment.amountCents > outstanding) {
      throw ValidationFailed(
        { amountCents: `must be at most the outstanding ${outstanding} cents` },
        'The payment is more than what is owed',
      );
    }
    const paidCents = paidBefore + payment.amountCents;
    paidByOrder.set(order, paidCents);
    events.push({ actor, order, action: 'payment_recorded', from: order.status, to: order.status, data: { ...payment, paidCents } });
  }
  // Partial payments are the hot path (a row, two columns): plain statements, the instances kept in step.
  const updatedAt = clock.now();
  const values: unknown[] = [updatedAt];
  const tuples = [...paidByOrder].map(([order, paidCents]) => {
    values.push(order.id, paidCents);
    return `($${values.length - 1}::bigint, $${values.length}::bigint)`;
  });
  await sql(
    `UPDATE orders o SET paid_cents = v.paid, updated_at = $1 FROM (VALUES ${tuples.join(', ')}) AS v(id, paid) WHERE o.id = v.id`,
    values,
  );
  for (const [order, paidCents] of paidByOrder) {
    order.set({ paidCents, updatedAt }, { raw: true });
    order.changed('paidCents', false);
    order.changed('updatedAt', false);
  }
  await insertOrderEvents(events);
  for (const [order, paidCents] of paidByOrder) {
    // Published by whoever paid last.
    if (paidCents >= order.totalCents!) await publishPaidOrder(items.findLast((i) => i.order === order)!.actor, order);
  }
  return items.map((i) => i.order);
}

/**
 * Paid in full: the discount code's reservation becomes a use and the order is published for
 * staffing. Also the fate of an order whose discounts bring it to 0 at submit (nothing to pay).
 * Runs in the caller's transaction with the order locked.
 */
export async function publishPaidOrder(actor: Actor, order: Order): Promise<Order> {
  await confirmDiscountUsage(actor, order.id); // the code's reservation becomes a use
  const now = clock.now();
  return transitionOrder(markPaidActorOf(actor), order, 'mark_paid', {
    patch: { paidAt: now, publishedAt: now },
    data: { paidCents: order.paidCents },
  });
}
