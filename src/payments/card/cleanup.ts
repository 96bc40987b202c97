import { QueryTypes } from 'sequelize';
import { systemActor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { ctx } from '../../platform/context.js';
import { currentTransaction, getSequelize, inTransaction } from '../../platform/database.js';
import { isStripeError, stripeErrorSummary, stripeOrNull, type Stripe } from '../../platform/stripe/index.js';
import { cancelCardPayment } from '../service/card.js';
import { Payment } from '../models.js';
import type { PaymentStatus } from '../rules.js';
import { applyIntentCanceled, applyIntentFailed, applyIntentSucceeded } from './confirm.js';
import { deleteCardIntentRequest } from './requests.js';
import { CARD_RECHECK_AFTER_MS, intentSearchQuery, openIntentAction } from './rules.js';

/**
 * Card payments nobody finished: the client walked away from Stripe.js, a webhook was lost, or the
 * create call timed out after Stripe made the intent and the client never retried. Past their age
 * (CARD_PAYMENT_ABANDON_AFTER_MINUTES) the job asks Stripe — outside any transaction — and applies
 * the answer through the webhooks' own functions (confirm.ts), so whichever of the job and a
 * webhook comes first applies it and the other finds it done. An intent still waiting for the
 * client is cancelled at Stripe, then the payment. Many workers: each payment is claimed
 * (card_check_next_at, SKIP LOCKED) by one of them, and a payment Stripe leaves open waits an hour.
 */

export interface CardCleanupSummary {
  picked: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  /** Still open at Stripe (processing) or left for the next run after an error. */
  open: number;
  errors: number;
}

interface Claimed {
  id: number;
  websiteId: number;
  stripePaymentIntentId: string | null;
}

/** Takes up to `limit` open card payments older than `olderThan` for this worker, until `until`. */
async function claimOpenCardPayments(now: Date, olderThan: Date, until: Date, limit: number): Promise<Claimed[]> {
  return getSequelize().query<Claimed>(
    `UPDATE payments p SET card_check_next_at = $3, card_check_attempts = p.card_check_attempts + 1
      WHERE p.id IN (
        SELECT id FROM payments
         WHERE method = 'card' AND status IN ('pending', 'failed') AND created_at < $2
           AND (card_check_next_at IS NULL OR card_check_next_at <= $1)
         ORDER BY created_at, id LIMIT $4
         FOR UPDATE SKIP LOCKED)
      RETURNING p.id, p.website_id AS "websiteId", p.stripe_payment_intent_id AS "stripePaymentIntentId"`,
    { bind: [now, olderThan, until, limit], type: QueryTypes.SELECT },
  );
}

/** Cancels at Stripe an intent nobody paid; when it moved meanwhile (paid this very minute), Stripe's current intent. */
async function cancelAtStripe(stripe: Stripe, intent: Stripe.PaymentIntent): Promise<Stripe.PaymentIntent> {
  try {
    return await stripe.paymentIntents.cancel(
      intent.id,
      { cancellation_reason: 'abandoned' },
      { idempotencyKey: `scriptorium-card-abandon-${intent.id}` },
    );
  } catch (err) {
    if (isStripeError(err) && err.code === 'payment_intent_unexpected_state') return stripe.paymentIntents.retrieve(intent.id);
    throw err;
  }
}

async function settleIntent(stripe: Stripe, intent: Stripe.PaymentIntent, cancelled = false): Promise<void> {
  const action = openIntentAction(intent.status);
  if (action === 'record_success') await applyIntentSucceeded(intent);
  else if (action === 'record_cancel') await applyIntentCanceled(intent);
  else if (action === 'cancel_at_stripe' && !cancelled) {
    // A decline the webhook never told us about is recorded first: the payment's history stays true.
    if (intent.last_payment_error) await applyIntentFailed(intent);
    await settleIntent(stripe, await cancelAtStripe(stripe, intent), true);
  }
}

/** Neither attached nor found at Stripe: the create call never reached Stripe, nothing can be paid. */
async function cancelNeverCreated(payment: Claimed): Promise<void> {
  await inTransaction(async (transaction) => {
    const locked = await Payment.findByPk(payment.id, { lock: transaction.LOCK.UPDATE });
    if (!locked || (locked.status !== 'pending' && locked.status !== 'failed')) return;
    await cancelCardPayment(
      systemActor(payment.websiteId),
      payment.id,
      'Abandoned: Stripe has no PaymentIntent for this payment (its creation never completed)',
    );
    await deleteCardIntentRequest(payment.id);
  });
}

async function settlePayment(stripe: Stripe, payment: Claimed): Promise<void> {
  if (payment.stripePaymentIntentId) {
    await settleIntent(stripe, await stripe.paymentIntents.retrieve(payment.stripePaymentIntentId));
    return;
  }
  // The intent's id never reached us: our metadata finds it (Stripe makes at most one per key, but look at all).
  const found = await stripe.paymentIntents.search({ query: intentSearchQuery(payment), limit: 10 });
  if (found.data.length === 0) return cancelNeverCreated(payment);
  // A paid one first, so its money is recorded before any other is cancelled.
  const intents = [...found.data].sort((a, b) => Number(b.status === 'succeeded') - Number(a.status === 'succeeded'));
  for (const intent of intents) await settleIntent(stripe, intent);
}

const tally = (summary: CardCleanupSummary, status: PaymentStatus | undefined) => {
  if (status === 'succeeded') summary.succeeded += 1;
  else if (status === 'cancelled') summary.cancelled += 1;
  else if (status === 'failed') summary.failed += 1;
  else summary.open += 1;
};

/**
 * For the job payments.card-cleanup: settles card payments open longer than the configured age.
 * Safe twice and on many workers (claims; every effect goes through an idempotent function).
 */
export async function settleAbandonedCardPayments(
  options: { now?: Date; olderThanMinutes?: number; limit?: number } = {},
): Promise<CardCleanupSummary> {
  if (currentTransaction()) throw new Error('settleAbandonedCardPayments calls Stripe: never inside a database transaction');
  const summary: CardCleanupSummary = { picked: 0, succeeded: 0, failed: 0, cancelled: 0, open: 0, errors: 0 };
  const stripe = stripeOrNull();
  if (!stripe) return summary; // nothing can be asked; the payments wait for Stripe to be configured again
  const now = options.now ?? clock.now();
  const minutes = options.olderThanMinutes ?? ctx().config.CARD_PAYMENT_ABANDON_AFTER_MINUTES;
  const claimed = await claimOpenCardPayments(
    now,
    new Date(now.getTime() - minutes * 60_000),
    new Date(now.getTime() + CARD_RECHECK_AFTER_MS),
    options.limit ?? 100,
  );
  summary.picked = claimed.length;
  for (const payment of claimed) {
    try {
      await settlePayment(stripe, payment);
    } catch (err) {
      summary.errors += 1;
      ctx().logger.warn(
        { paymentId: payment.id, err: isStripeError(err) ? stripeErrorSummary(err) : err },
        'settling an abandoned card payment failed; retried at the next check',
      );
    }
    tally(summary, (await Payment.findByPk(payment.id, { attributes: ['id', 'status'] }))?.status);
  }
  return summary;
}
