import { randomUUID } from 'node:crypto';
import type { Actor } from '../../identity/actor.js';
import { postTransaction, type PostedTransaction } from '../../ledger/index.js';
import { LedgerTransaction } from '../../ledger/models.js';
import { OrderDeadlineChange } from '../../orders/deadlines/models.js';
import { settleDeadlineChange } from '../../orders/deadlines/service.js';
import type { Order } from '../../orders/models.js';
import { recordPaymentOnLockedOrder } from '../../orders/service/payment-hook.js';
import { lockVisibleOrder } from '../../orders/service/lifecycle.js';
import { inTransaction } from '../../platform/database.js';
import { Conflict, NotFound, ValidationFailed } from '../../platform/errors.js';
import { Payment } from '../models.js';
import { mayPayFromWallet } from '../policy.js';
import { ledgerKeyFor, payableAmount } from '../rules.js';
import { insertSucceededPayment } from './common.js';

/**
 * Paying from the wallet (RULES.md "Ledger postings": client_wallet:client -> order_escrow:order).
 * One database transaction holds the order lock, the posting, the order's paid amount (through
 * recordPaymentOnLockedOrder, the orders area's one door) and the payment row: all or nothing. The wallet
 * floor is the ledger's: an empty wallet is a 402 and nothing is written.
 */

export interface WalletPayInput {
  /** Cents to pay now; absent = everything outstanding. Less pays in parts. */
  amountCents?: number;
  /** The request's scoped Idempotency-Key (req.idempotencyKey): a retry can never post twice. */
  requestKey?: string;
}

export interface WalletPayment {
  payment: Payment;
  order: Order;
  outstandingCents: number;
  /** True when this exact payment was made before (a retried request): nothing moved this time. */
  replayed: boolean;
}

export const outstandingOf = (order: Order) => (order.totalCents ?? 0) - order.paidCents;

export async function lockPayableOrder(actor: Actor, orderId: number): Promise<Order> {
  const order = await lockVisibleOrder(actor, orderId);
  if (!mayPayFromWallet(actor, order)) throw NotFound('Order');
  return order;
}

/** The payment recorded the first time this posting was made (a replay finds it). */
export async function earlierPayment(posted: PostedTransaction, order: Order): Promise<WalletPayment | null> {
  if (!posted.replayed) return null;
  const payment = await Payment.findOne({ where: { ledgerTransactionId: posted.id } });
  if (!payment) throw new Error(`ledger transaction ${posted.id} was replayed but has no payment`);
  return { payment, order, outstandingCents: outstandingOf(order), replayed: true };
}

export function walletPosting(actor: Actor, order: Order, amountCents: number, key: string, memo: string) {
  return postTransaction(actor, {
    websiteId: order.websiteId,
    currency: order.currency,
    kind: 'order_payment_wallet',
    reference: { type: 'order', id: order.id },
    memo,
    idempotencyKey: key,
    postings: [{ from: { kind: 'client_wallet', ownerId: order.clientId! }, to: { kind: 'order_escrow', ownerId: order.id }, amountCents }],
  });
}

/** Pays an order (all of what is owed, or a part) from the client's wallet. */
export async function payOrderFromWallet(actor: Actor, orderId: number, input: WalletPayInput = {}): Promise<WalletPayment> {
  return inTransaction(async () => {
    const order = await lockPayableOrder(actor, orderId);
    const key = ledgerKeyFor('order', input.requestKey, randomUUID());
    if (order.status !== 'pending_payment') {
      // A retry of a payment that completed the order lands here: answer it with that payment.
      const replay = input.requestKey ? await paymentPostedWith(order.websiteId, key) : null;
      if (replay) return { payment: replay, order, outstandingCents: outstandingOf(order), replayed: true };
      throw Conflict('Only an order awaiting payment can be paid', { currentStatus: order.status });
    }
    const amount = payableAmount(outstandingOf(order), input.amountCents);
    if (!amount.ok) throw ValidationFailed({ amountCents: amount.message }, `The amount ${amount.message}`);
    const posted = await walletPosting(actor, order, amount.amountCents, key, `Order ${order.number} paid from the wallet`);
    const earlier = await earlierPayment(posted, order);
    if (earlier) return earlier;
    const paid = await recordPaymentOnLockedOrder(actor, order, { amountCents: amount.amountCents, method: 'wallet', reference: `ledger:${posted.id}` });
    const payment = await insertSucceededPayment(actor, {
      websiteId: order.websiteId,
      clientId: order.clientId!,
      orderId: order.id,
      purpose: 'order',
      method: 'wallet',
      amountCents: amount.amountCents,
      currency: order.currency,
      ledgerTransactionId: posted.id,
      createdBy: actor.userId,
    }, 'succeeded');
    return { payment, order: paid, outstandingCents: outstandingOf(paid), replayed: false };
  });
}

/** The payment an earlier run of the same request made (found by its ledger key), if any. */
export async function paymentPostedWith(websiteId: number, key: string): Promise<Payment | null> {
  const posted = await LedgerTransaction.findOne({ where: { websiteId, idempotencyKey: key }, attributes: ['id'] });
  return posted ? Payment.findOne({ where: { ledgerTransactionId: posted.id } }) : null;
}

/**
 * Pays the charge of a deadline shortening that waits for payment, from the wallet; the change
 * takes effect in the same transaction (settleDeadlineChange).
 */
export async function payDeadlineChangeFromWallet(actor: Actor, orderId: number, changeId: number, input: { requestKey?: string } = {}): Promise<WalletPayment & { change: OrderDeadlineChange }> {
  return inTransaction(async () => {
    const order = await lockPayableOrder(actor, orderId);
    const change = await OrderDeadlineChange.findOne({ where: { id: changeId, orderId: order.id } });
    if (!change) throw NotFound('Deadline change');
    const key = ledgerKeyFor('deadline_change', input.requestKey, `${change.id}:${randomUUID()}`);
    if (change.status !== 'awaiting_payment') {
      const replay = input.requestKey ? await paymentPostedWith(order.websiteId, key) : null;
      if (replay) return { payment: replay, order, change, outstandingCents: outstandingOf(order), replayed: true };
      throw Conflict('This deadline change is not waiting for payment', { currentStatus: change.status });
    }
    const posted = await walletPosting(actor, order, change.chargeCents, key, `Deadline change of order ${order.number} paid from the wallet`);
    const earlier = await earlierPayment(posted, order);
    if (earlier) return { ...earlier, change };
    const settled = await settleDeadlineChange(actor, change.id, { amountCents: change.chargeCents, method: 'wallet', reference: `ledger:${posted.id}` });
    const payment = await insertSucceededPayment(actor, {
      websiteId: order.websiteId,
      clientId: order.clientId!,
      orderId: order.id,
      purpose: 'deadline_change',
      deadlineChangeId: change.id,
      method: 'wallet',
      amountCents: change.chargeCents,
      currency: order.currency,
      ledgerTransactionId: posted.id,
      createdBy: actor.userId,
    }, 'succeeded');
    await order.reload();
    return { payment, order, change: settled, outstandingCents: outstandingOf(order), replayed: false };
  });
}
