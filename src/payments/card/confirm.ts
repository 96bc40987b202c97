import { recordAudit } from '../../audit/index.js';
import { systemActor } from '../../platform/actor.js';
import { lockVisibleOrder, recordOrderEvent } from '../../orders/index.js';
import { inTransaction } from '../../platform/database.js';
import { AppError } from '../../platform/errors.js';
import { attachPaymentIntent, cancelCardPayment, findPaymentByIntent, markPaymentFailed, markPaymentSucceeded } from '../service/card.js';
import { Payment } from '../models.js';
import { deleteCardIntentRequest } from './requests.js';
import { intentMismatch, paymentIdOf, type IntentFacts } from './rules.js';

/**
 * Stripe's news about a PaymentIntent applied to our payment — the one path shared by the webhook
 * handlers (handlers.ts) and the client's confirmation call (service.ts), so whichever comes first
 * applies it and the other finds it done. Each runs in one transaction (the webhook's, when called
 * from a handler) and never calls Stripe.
 */

export interface IntentNews extends IntentFacts {
  latest_charge?: string | { id: string } | null;
  last_payment_error?: { message?: string; code?: string; decline_code?: string } | null;
}

/** An intent that disagrees with its payment: nothing is applied, the event stays failed for staff. */
export class IntentMismatchError extends AppError {
  constructor(message: string) {
    super('conflict', `Not applied: ${message}`);
    this.name = 'IntentMismatchError';
  }
}

/**
 * The payment of an intent: by the intent id we stored, else by the payment id our code put in the
 * metadata when the intent was never attached (Stripe made it although its answer never reached
 * us) — only for a card payment of the same website that has no other intent.
 */
export async function paymentOfIntent(intent: IntentFacts): Promise<Payment | null> {
  const byIntent = await findPaymentByIntent(intent.id);
  if (byIntent) return byIntent;
  const paymentId = paymentIdOf(intent.metadata);
  if (paymentId === null) return null;
  const payment = await Payment.findByPk(paymentId);
  if (!payment || payment.method !== 'card' || payment.stripePaymentIntentId !== null) return null;
  if (intent.metadata?.websiteId !== String(payment.websiteId)) return null;
  return payment;
}

const chargeIdOf = (intent: IntentNews): string | null =>
  typeof intent.latest_charge === 'string' ? intent.latest_charge : (intent.latest_charge?.id ?? null);

/**
 * A succeeded intent: the payment succeeds once (markPaymentSucceeded is idempotent under the
 * payment's row lock). Returns null when the intent is not ours. Throws IntentMismatchError when
 * the amount, currency, website or payment disagree.
 */
export async function applyIntentSucceeded(intent: IntentNews, requestId: string | null = null): Promise<Payment | null> {
  return inTransaction(async () => {
    const payment = await paymentOfIntent(intent);
    if (!payment) return null;
    const mismatch = intentMismatch(payment, intent);
    if (mismatch) throw new IntentMismatchError(mismatch);
    if (payment.status === 'succeeded') return payment;
    const actor = systemActor(payment.websiteId, requestId);
    // Found through the metadata: keep the intent on the payment (refunds to the card need it).
    if (!payment.stripePaymentIntentId && payment.status === 'pending') await attachPaymentIntent(payment.id, intent.id, actor);
    return markPaymentSucceeded(
      payment.id,
      {
        stripePaymentIntentId: intent.id,
        amountCents: intent.amount_received ?? intent.amount,
        reference: chargeIdOf(intent),
      },
      actor,
    );
  });
}

/**
 * A failed attempt: a pending payment is marked failed. Anything else is left alone — a failure
 * arriving after the success must not undo it, and a cancelled payment stays cancelled.
 */
export async function applyIntentFailed(intent: IntentNews, requestId: string | null = null): Promise<Payment | null> {
  return inTransaction(async () => {
    const payment = await paymentOfIntent(intent);
    if (!payment) return null;
    if (payment.status !== 'pending') return payment;
    const error = intent.last_payment_error;
    const reason = [error?.message ?? 'The card payment failed', error?.decline_code ?? error?.code].filter(Boolean).join(' — ');
    return markPaymentFailed(payment.id, { reason }, systemActor(payment.websiteId, requestId));
  });
}

export interface CanceledIntentNews extends IntentNews {
  cancellation_reason?: string | null;
}

/**
 * Stripe canceled the intent (our cleanup job, the dashboard, Stripe itself): a pending or failed
 * payment is cancelled once — it can no longer succeed — and its Idempotency-Key link is dropped,
 * so a client's retry with that key starts a new payment. The payment holds nothing else: the
 * order's discount use is reserved by the order at submit (released only when the order is
 * cancelled), and the order stays payable by any method. A succeeded payment is left alone.
 */
export async function applyIntentCanceled(intent: CanceledIntentNews, requestId: string | null = null): Promise<Payment | null> {
  return inTransaction(async (transaction) => {
    const found = await paymentOfIntent(intent);
    if (!found) return null;
    // Locked before the status is read: a success of the same intent may be applied at this moment.
    const payment = (await Payment.findByPk(found.id, { lock: transaction.LOCK.UPDATE }))!;
    if (payment.status !== 'pending' && payment.status !== 'failed') return payment;
    const actor = systemActor(payment.websiteId, requestId);
    if (!payment.stripePaymentIntentId && payment.status === 'pending') await attachPaymentIntent(payment.id, intent.id, actor);
    const why = intent.cancellation_reason ? ` (${intent.cancellation_reason})` : '';
    const cancelled = await cancelCardPayment(actor, payment.id, `Stripe canceled PaymentIntent ${intent.id}${why}`);
    await deleteCardIntentRequest(payment.id);
    return cancelled;
  });
}

export interface DisputeNews {
  id: string;
  amount: number;
  currency: string;
  reason?: string | null;
  status?: string;
  payment_intent?: string | { id: string } | null;
  charge?: string | { id: string } | null;
}

/**
 * A cardholder disputed a card payment: recorded on the payment (audit) and on the order's
 * timeline for staff. The order lifecycle lets only a client or an admin open a dispute on an
 * order (DESIGN.md), so the system does not move the order: an admin decides from this record.
 * Returns null when the payment is not ours.
 */
export async function recordCardDispute(dispute: DisputeNews, requestId: string | null = null): Promise<Payment | null> {
  const intentId = typeof dispute.payment_intent === 'string' ? dispute.payment_intent : (dispute.payment_intent?.id ?? null);
  if (!intentId) return null;
  return inTransaction(async () => {
    const payment = await findPaymentByIntent(intentId);
    if (!payment) return null;
    const actor = systemActor(payment.websiteId, requestId);
    const chargeId = typeof dispute.charge === 'string' ? dispute.charge : (dispute.charge?.id ?? null);
    const facts = {
      disputeId: dispute.id,
      chargeId,
      paymentId: payment.id,
      amountCents: dispute.amount,
      currency: String(dispute.currency).toUpperCase(),
      reason: dispute.reason ?? null,
      stripeStatus: dispute.status ?? null,
    };
    const words = `Stripe dispute ${dispute.id} (${dispute.reason ?? 'no reason given'}) for ${dispute.amount} cents`;
    await recordAudit(actor, {
      action: 'payment.card_disputed',
      targetType: 'payment',
      targetId: payment.id,
      websiteId: payment.websiteId,
      after: facts,
      reason: words,
    });
    if (payment.orderId !== null) {
      const order = await lockVisibleOrder(actor, payment.orderId);
      await recordOrderEvent(
        actor,
        order,
        'card_dispute_opened',
        facts,
        `${words}: an admin should open or resolve a dispute on this order`,
      );
    }
    return payment;
  });
}
