import { QueryTypes } from 'sequelize';
import { recordAudit } from '../../../audit/index.js';
import type { Actor } from '../../../platform/actor.js';
import { postTransaction, type PostedTransaction } from '../../../ledger/index.js';
import type { Order } from '../../../orders/index.js';
import { currentTransaction, getSequelize } from '../../../platform/database.js';
import { Conflict, Forbidden, NotFound } from '../../../platform/errors.js';
import { Refund } from '../models.js';
import { canSeeRefund, refundRoleOf } from '../policy.js';
import { decideRefundTransition, refundLedgerKey, refundSourceAccount, type RefundTransitionName } from '../rules.js';

/** Helpers shared by the refund use cases; every one runs inside the caller's transaction. */

function inside(): void {
  if (!currentTransaction()) throw new Error('refund helpers must run inside a transaction');
}

/** A refund the actor may see, locked for the rest of the transaction; else 404. */
export async function lockRefund(actor: Actor, refundId: number): Promise<Refund> {
  inside();
  const refund =
    Number.isSafeInteger(refundId) && refundId > 0 ? await Refund.findByPk(refundId, { lock: currentTransaction()!.LOCK.UPDATE }) : null;
  if (!refund || !canSeeRefund(actor, refund)) throw NotFound('Refund');
  return refund;
}

/** The refunds of an order, oldest first (read under the order's row lock by the callers that check sums). */
export async function refundsOfOrder(orderId: number): Promise<Refund[]> {
  return Refund.findAll({ where: { orderId }, order: [['id', 'ASC']] });
}

/** What a cancellation forfeited of the order (the admin's decision), 0 while not cancelled. */
export function forfeitedCents(order: Pick<Order, 'cancellationDecision' | 'cancelledAt'>): number {
  const decision = order.cancellationDecision;
  return order.cancelledAt && decision?.outcome === 'cancelled' ? decision.forfeitCents : 0;
}

export interface CardPayment {
  id: number;
  amountCents: number;
  refundedCents: number;
  stripePaymentIntentId: string;
}

/** The order's succeeded card payments (the payments table of src/payments), oldest first. */
export async function cardPaymentsOf(orderId: number): Promise<CardPayment[]> {
  return getSequelize().query<CardPayment>(
    `SELECT id, amount_cents AS "amountCents", refunded_cents AS "refundedCents", stripe_payment_intent_id AS "stripePaymentIntentId"
       FROM payments
      WHERE order_id = $1 AND method = 'card' AND status = 'succeeded' AND stripe_payment_intent_id IS NOT NULL
      ORDER BY id`,
    { bind: [orderId], type: QueryTypes.SELECT },
  );
}

export async function cardPaymentById(paymentId: number): Promise<CardPayment | null> {
  const [row] = await getSequelize().query<CardPayment>(
    `SELECT id, amount_cents AS "amountCents", refunded_cents AS "refundedCents", stripe_payment_intent_id AS "stripePaymentIntentId"
       FROM payments WHERE id = $1`,
    { bind: [paymentId], type: QueryTypes.SELECT },
  );
  return row ?? null;
}

/** Raises what a payment has refunded (the payments table refuses more than it took). */
export async function addRefundedToPayment(paymentId: number, cents: number): Promise<void> {
  await getSequelize().query('UPDATE payments SET refunded_cents = refunded_cents + $2, updated_at = now() WHERE id = $1', {
    bind: [paymentId, cents],
  });
}

const snapshot = (refund: Refund) => ({
  status: refund.status,
  walletTransactionId: refund.walletTransactionId,
  cardTransactionId: refund.cardTransactionId,
  stripeRefundId: refund.stripeRefundId,
  lastError: refund.lastError,
});

/**
 * Moves a refund through the transitions table (403 when the role may never, 409 with the current
 * status when not from here), with its other changed fields and an audit row.
 */
export async function moveRefund(
  actor: Actor,
  refund: Refund,
  transition: RefundTransitionName,
  patch: Partial<Refund['_creationAttributes']> = {},
  reason?: string,
): Promise<Refund> {
  const role = refundRoleOf(actor);
  if (!role) throw Forbidden('Your role may not change refunds');
  const decision = decideRefundTransition({ transition, from: refund.status, role });
  if (!decision.ok) {
    if (decision.reason === 'not_allowed_for_role') throw Forbidden(decision.message);
    throw Conflict(decision.message, { currentStatus: refund.status });
  }
  const before = snapshot(refund);
  await refund.update({ ...patch, status: decision.to });
  await recordAudit(actor, {
    action: `refund.${transition}`,
    targetType: 'refund',
    targetId: refund.id,
    websiteId: refund.websiteId,
    before,
    after: snapshot(refund),
    reason,
  });
  return refund;
}

/** The ledger account a refund is paid from right now (escrow before completion, revenue after). */
const sourceOf = (refund: Refund, order: Pick<Order, 'completedAt'>) => {
  const kind = refundSourceAccount(order);
  return kind === 'order_escrow' ? { kind, ownerId: refund.orderId } : { kind };
};

/** Posts the wallet part: source -> client_wallet:client (kind refund_wallet), once per refund. */
export async function postWalletPart(actor: Actor, refund: Refund, order: Pick<Order, 'completedAt'>): Promise<PostedTransaction> {
  return postTransaction(actor, {
    websiteId: refund.websiteId,
    currency: refund.currency,
    kind: 'refund_wallet',
    reference: { type: 'refund', id: refund.id },
    memo: `Refund #${refund.id} to the wallet`,
    idempotencyKey: refundLedgerKey(refund.id, 'wallet'),
    postings: [{ from: sourceOf(refund, order), to: { kind: 'client_wallet', ownerId: refund.clientId }, amountCents: refund.walletCents }],
  });
}

/** Posts the card part once Stripe has refunded it: source -> stripe_clearing (kind refund_card), once per refund. */
export async function postCardPart(actor: Actor, refund: Refund, order: Pick<Order, 'completedAt'>): Promise<PostedTransaction> {
  return postTransaction(actor, {
    websiteId: refund.websiteId,
    currency: refund.currency,
    kind: 'refund_card',
    reference: { type: 'refund', id: refund.id },
    memo: `Refund #${refund.id} to the card`,
    idempotencyKey: refundLedgerKey(refund.id, 'card'),
    postings: [{ from: sourceOf(refund, order), to: { kind: 'stripe_clearing' }, amountCents: refund.cardCents }],
  });
}
