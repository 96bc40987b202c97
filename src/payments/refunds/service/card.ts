import { QueryTypes } from 'sequelize';
import { recordAudit } from '../../../audit/index.js';
import { systemActor, type Actor } from '../../../platform/actor.js';
import { Order } from '../../../orders/index.js';
import { clock } from '../../../platform/clock.js';
import { ctx } from '../../../platform/context.js';
import { currentTransaction, getSequelize, inTransaction } from '../../../platform/database.js';
import { Conflict, Forbidden, NotFound } from '../../../platform/errors.js';
import { isStripeError, isStripeRetryable, stripeErrorSummary, stripeOrNull, type Stripe } from '../../../platform/stripe/index.js';
import { Refund } from '../models.js';
import { canDecideRefund } from '../policy.js';
import { MAX_CARD_ATTEMPTS, RETRY_AFTER_MS } from '../rules.js';
import { addRefundedToPayment, cardPaymentById, lockRefund, moveRefund, postCardPart } from './common.js';

/**
 * The card part of a refund: Stripe is called outside any transaction with the idempotency key
 * stored on the refund, so whoever calls it again — the synchronous path after approval, the retry
 * job, an admin's retry — gets the same Stripe refund, never a second one. The outcome is recorded
 * under the refund's row lock and only from `processing`: the posting (ledger key per refund) and
 * the payment's refunded sum happen exactly once, whichever of the paths — or charge.refunded —
 * gets there first.
 */

const trimError = (text: string) => text.slice(0, 1000);

/**
 * Records what Stripe confirmed: posts the card part (source -> stripe_clearing), raises the
 * payment's refunded sum, marks the refund processed. Runs in the caller's transaction with the
 * refund locked; returns false when it was already recorded (nothing moves twice).
 */
export async function confirmCardPart(actor: Actor, refund: Refund, stripeRefundId: string | null): Promise<boolean> {
  if (refund.status === 'processed') {
    if (stripeRefundId && !refund.stripeRefundId) await refund.update({ stripeRefundId });
    return false;
  }
  if (refund.status !== 'processing' && refund.status !== 'failed') return false;
  const order = await Order.findByPk(refund.orderId, { attributes: ['id', 'completedAt'] });
  if (!order) throw NotFound('Order');
  // Stripe's money moved after we had recorded a refusal: the ledger follows Stripe (system's reconciliation).
  const transition = refund.status === 'failed' ? 'reconcile' : 'complete';
  const who = transition === 'reconcile' ? systemActor(refund.websiteId, actor.requestId ?? null) : actor;
  const posted = await postCardPart(who, refund, order);
  await addRefundedToPayment(refund.paymentId!, refund.cardCents);
  await moveRefund(who, refund, transition, {
    cardTransactionId: posted.id,
    stripeRefundId: stripeRefundId ?? refund.stripeRefundId,
    processedAt: clock.now(),
    lastError: null,
  });
  return true;
}

async function recordSuccess(actor: Actor, refundId: number, stripeRefundId: string): Promise<Refund> {
  return inTransaction(async () => {
    const refund = await lockRefund(actor, refundId);
    await confirmCardPart(actor, refund, stripeRefundId);
    return refund;
  });
}

/** Stripe said no for good (invalid request, refund failed): the card part is given up, the error kept. */
async function recordFailure(actor: Actor, refundId: number, error: string, stripeRefundId: string | null): Promise<Refund> {
  return inTransaction(async () => {
    const refund = await lockRefund(actor, refundId);
    if (refund.status !== 'processing') return refund;
    const now = clock.now();
    return moveRefund(
      actor,
      refund,
      'fail',
      {
        attempts: refund.attempts + 1,
        lastError: trimError(error),
        lastAttemptAt: now,
        failedAt: now,
        stripeRefundId: stripeRefundId ?? refund.stripeRefundId,
      },
      error,
    );
  });
}

/** The outcome is unknown or temporarily refused: the refund stays processing, for the retry. */
async function recordAttempt(actor: Actor, refundId: number, error: string, stripeRefundId: string | null): Promise<Refund> {
  return inTransaction(async () => {
    const refund = await lockRefund(actor, refundId);
    if (refund.status !== 'processing') return refund;
    await refund.update({
      attempts: refund.attempts + 1,
      lastError: trimError(error),
      lastAttemptAt: clock.now(),
      stripeRefundId: stripeRefundId ?? refund.stripeRefundId,
    });
    await recordAudit(actor, {
      action: 'refund.card_attempt_failed',
      targetType: 'refund',
      targetId: refund.id,
      websiteId: refund.websiteId,
      after: { attempts: refund.attempts },
      reason: trimError(error),
    });
    return refund;
  });
}

async function callStripe(stripe: Stripe, refund: Refund, paymentIntentId: string): Promise<Stripe.Refund> {
  // Known already (an earlier answer said pending): ask for its state rather than create.
  if (refund.stripeRefundId) return stripe.refunds.retrieve(refund.stripeRefundId);
  return stripe.refunds.create(
    {
      payment_intent: paymentIntentId,
      amount: refund.cardCents,
      reason: 'requested_by_customer',
      metadata: { websiteId: String(refund.websiteId), orderId: String(refund.orderId), refundId: String(refund.id) },
    },
    { idempotencyKey: refund.stripeIdempotencyKey! },
  );
}

/**
 * Carries out the card part of a processing refund (never inside a transaction). Returns the
 * refund as it then stands: processed, failed (Stripe refused for good) or still processing with
 * the error (no answer, an outage: the job retries with the same key).
 */
export async function processCardRefund(actor: Actor, refundId: number): Promise<Refund> {
  if (currentTransaction()) throw new Error('processCardRefund calls Stripe: never inside a database transaction');
  const refund = await Refund.findByPk(refundId);
  if (!refund) throw NotFound('Refund');
  if (refund.status !== 'processing') return refund;
  const stripe = stripeOrNull();
  const payment = refund.paymentId ? await cardPaymentById(refund.paymentId) : null;
  if (!stripe || !payment)
    return recordAttempt(
      actor,
      refundId,
      stripe ? 'The card payment of this refund is missing' : 'Stripe is not configured on this server',
      null,
    );

  let answer: Stripe.Refund;
  try {
    answer = await callStripe(stripe, refund, payment.stripePaymentIntentId);
  } catch (err) {
    const summary = stripeErrorSummary(err);
    const text = `${summary.type}${summary.code ? ` ${summary.code}` : ''}: ${summary.message}`;
    ctx().logger.warn({ refundId, stripe: summary }, 'stripe refund call failed');
    if (isStripeError(err) && !isStripeRetryable(err)) return recordFailure(actor, refundId, text, null);
    return recordAttempt(actor, refundId, text, null);
  }
  try {
    if (answer.status === 'succeeded') return await recordSuccess(actor, refundId, answer.id);
    if (answer.status === 'failed' || answer.status === 'canceled') {
      return await recordFailure(
        actor,
        refundId,
        `Stripe refund ${answer.id} ${answer.status}${answer.failure_reason ? `: ${answer.failure_reason}` : ''}`,
        answer.id,
      );
    }
    return await recordAttempt(actor, refundId, `Stripe refund ${answer.id} is ${answer.status ?? 'pending'}`, answer.id);
  } catch (err) {
    // Stripe refunded but recording failed (e.g. the source account refused): keep what we learnt, retry later.
    ctx().logger.error({ err, refundId }, 'recording a Stripe refund failed; the retry job will record it');
    return recordAttempt(actor, refundId, `Recording failed: ${err instanceof Error ? err.message : String(err)}`, answer.id);
  }
}

/** An admin retries a processing refund now (the same Stripe idempotency key: never a second refund). */
export async function retryRefund(actor: Actor, refundId: number): Promise<Refund> {
  if (!canDecideRefund(actor)) throw Forbidden('Only admins retry refunds');
  const refund = await inTransaction(async () => lockRefund(actor, refundId));
  if (refund.status !== 'processing') throw Conflict('Only a processing refund can be retried', { currentStatus: refund.status });
  return processCardRefund(actor, refundId);
}

export interface RetrySummary {
  picked: number;
  processed: number;
  failed: number;
  stillProcessing: number;
}

/**
 * For the job: retries the refunds left processing (Stripe failed or timed out, or the process died
 * between approval and the call). Safe on many workers at once: Stripe replays the key, the
 * outcome is recorded once.
 */
export async function retryProcessingRefunds(options: { now?: Date; limit?: number } = {}): Promise<RetrySummary> {
  const now = options.now ?? clock.now();
  const due = await getSequelize().query<{ id: number; websiteId: number }>(
    `SELECT id, website_id AS "websiteId" FROM refunds
      WHERE status = 'processing' AND updated_at < $1 AND attempts < $2
      ORDER BY updated_at, id LIMIT $3`,
    { bind: [new Date(now.getTime() - RETRY_AFTER_MS), MAX_CARD_ATTEMPTS, options.limit ?? 100], type: QueryTypes.SELECT },
  );
  const summary: RetrySummary = { picked: due.length, processed: 0, failed: 0, stillProcessing: 0 };
  for (const { id, websiteId } of due) {
    const refund = await processCardRefund(systemActor(websiteId), id);
    if (refund.status === 'processed') summary.processed += 1;
    else if (refund.status === 'failed') summary.failed += 1;
    else summary.stillProcessing += 1;
  }
  return summary;
}
