import { confirmDiscountUsage } from '../../discounts/service/usage.js';
import type { Actor } from '../../identity/actor.js';
import { clock } from '../../platform/clock.js';
import { currentTransaction, inTransaction, sql } from '../../platform/database.js';
import { Conflict, ValidationFailed } from '../../platform/errors.js';
import type { Order } from '../models.js';
import { lockVisibleOrder, recordOrderEvent, transitionOrder } from './lifecycle.js';

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
  return inTransaction(async () => recordPaymentOnLockedOrder(actor, await lockVisibleOrder(actor, orderId), payment));
}

/**
 * The same door for a caller that already holds the order locked in this transaction (the
 * payments area locks it first to check what is owed): no second lock, the same rules.
 */
export async function recordPaymentOnLockedOrder(actor: Actor, order: Order, payment: OrderPayment): Promise<Order> {
  if (!currentTransaction()) throw new Error('recordPaymentOnLockedOrder must run inside the transaction that locked the order');
  if (!Number.isSafeInteger(payment.amountCents) || payment.amountCents <= 0) {
    throw ValidationFailed({ amountCents: 'must be a positive whole number of cents' });
  }
  if (order.status !== 'pending_payment') throw Conflict('Only an order awaiting payment can be paid', { currentStatus: order.status });
  const outstanding = (order.totalCents ?? 0) - order.paidCents;
  if (payment.amountCents > outstanding) {
    throw ValidationFailed({ amountCents: `must be at most the outstanding ${outstanding} cents` }, 'The payment is more than what is owed');
  }
  const paidCents = order.paidCents + payment.amountCents;
  // A partial payment is the hot path (one row, two columns): a plain UPDATE, the instance kept in step.
  const updatedAt = clock.now();
  await sql('UPDATE orders SET paid_cents = $2, updated_at = $3 WHERE id = $1', [order.id, paidCents, updatedAt]);
  order.set({ paidCents, updatedAt }, { raw: true });
  order.changed('paidCents', false);
  order.changed('updatedAt', false);
  await recordOrderEvent(actor, order, 'payment_recorded', { ...payment, paidCents });
  if (paidCents < order.totalCents!) return order;
  return publishPaidOrder(actor, order);
}

/**
 * Paid in full: the discount code's reservation becomes a use and the order is published for
 * staffing. Also the fate of an order whose discounts bring it to 0 at submit (nothing to pay).
 * Runs in the caller's transaction with the order locked.
 */
export async function publishPaidOrder(actor: Actor, order: Order): Promise<Order> {
  await confirmDiscountUsage(actor, order.id); // the code's reservation becomes a use
  const now = clock.now();
  return transitionOrder({ ...actor, role: actor.role === 'admin' || actor.role === 'superadmin' ? actor.role : 'system' }, order, 'mark_paid', {
    patch: { paidAt: now, publishedAt: now },
    data: { paidCents: order.paidCents },
  });
}
