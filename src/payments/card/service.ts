import type { Actor } from '../../platform/actor.js';
import { systemActor } from '../../platform/actor.js';
import { ctx } from '../../platform/context.js';
import { currentTransaction, inTransaction } from '../../platform/database.js';
import { Conflict, NotFound, Unavailable, ValidationFailed } from '../../platform/errors.js';
import {
  cardPayments,
  isStripeRetryable,
  newStripeIdempotencyKey,
  requireStripe,
  stripeErrorSummary,
  type CardPaymentsAvailability,
  type Stripe,
} from '../../platform/stripe/index.js';
import { attachPaymentIntent, cancelCardPayment, type CardPaymentInput, startCardPayment } from '../service/card.js';
import { canSeePayment } from '../policy.js';
import { Payment } from '../models.js';
import { applyIntentSucceeded } from './confirm.js';
import { deleteCardIntentRequest, findCardIntentRequest, insertCardIntentRequest } from './requests.js';
import { afterIntentFailure, intentMetadata } from './rules.js';

/**
 * Card payments with Stripe PaymentIntents, never calling Stripe inside a database transaction
 * (STYLE.md "Money"): record the pending payment, create the intent at Stripe, record its id —
 * or cancel the payment when Stripe refused. The money moves only when Stripe confirms, through
 * confirm.ts (the webhook, or the client's confirmation call, whichever comes first).
 */

export interface StartedCardIntent {
  paymentId: number;
  clientSecret: string | null;
  amountCents: number;
  currency: string;
  status: Payment['status'];
}

export interface CardPaymentStatus {
  paymentId: number;
  purpose: Payment['purpose'];
  status: Payment['status'];
  amountCents: number;
  currency: string;
  orderId: number | null;
  /** What it pays, beside its purpose. */
  deadlineChangeId: number | null;
  revisionId: number | null;
  installmentId: number | null;
  /** Its money went to the client's wallet (its target could no longer take it). */
  creditedToWallet: boolean;
  receiptNumber: string | null;
  failureReason: string | null;
  /** Stripe's status of the intent, when the call asked Stripe. */
  intentStatus?: string;
}

export const cardAvailability = (): CardPaymentsAvailability => cardPayments();

const statusOf = (payment: Payment, intentStatus?: string): CardPaymentStatus => ({
  paymentId: payment.id,
  purpose: payment.purpose,
  status: payment.status,
  amountCents: payment.amountCents,
  currency: payment.currency,
  orderId: payment.orderId,
  deadlineChangeId: payment.deadlineChangeId,
  revisionId: payment.revisionId,
  installmentId: payment.installmentId,
  creditedToWallet: payment.creditedToWallet,
  receiptNumber: payment.receiptNumber,
  failureReason: payment.failureReason,
  ...(intentStatus ? { intentStatus } : {}),
});

const startedOf = (payment: Payment, clientSecret: string | null): StartedCardIntent => ({
  paymentId: payment.id,
  clientSecret,
  amountCents: payment.amountCents,
  currency: payment.currency,
  status: payment.status,
});

function assertNoTransaction(what: string): void {
  if (currentTransaction()) throw new Error(`${what} calls Stripe: never inside a database transaction`);
}

/** Whether an earlier payment of the same Idempotency-Key was started for this same input. */
function sameInput(payment: Payment, input: CardPaymentInput): boolean {
  if (payment.purpose !== input.purpose) return false;
  if (input.purpose === 'wallet_topup') return payment.amountCents === input.amountCents;
  if (payment.orderId !== input.orderId) return false;
  if (input.purpose === 'deadline_change') return payment.deadlineChangeId === input.deadlineChangeId;
  if (input.purpose === 'revision') return payment.revisionId === input.revisionId;
  if (input.purpose === 'installment') return payment.installmentId === input.installmentId;
  return input.amountCents === undefined || input.amountCents === payment.amountCents;
}

type Begun = { payment: Payment; stripeKey: string; existing: boolean };

/** A new pending payment (linked to the request's key), or the one an earlier try of the same key started. */
async function begin(actor: Actor, input: CardPaymentInput, requestKey: string | undefined): Promise<Begun> {
  return inTransaction(async () => {
    if (requestKey) {
      const earlier = await findCardIntentRequest(actor.websiteId!, requestKey);
      if (earlier) {
        const payment = await Payment.findByPk(earlier.paymentId);
        if (!payment || !canSeePayment(actor, payment)) throw NotFound('Payment');
        if (!sameInput(payment, input))
          throw Conflict('This Idempotency-Key was already used for another card payment', { paymentId: payment.id });
        return { payment, stripeKey: earlier.stripeIdempotencyKey, existing: true };
      }
    }
    const payment = await startCardPayment(actor, input);
    const stripeKey = newStripeIdempotencyKey('card-intent');
    if (requestKey) await insertCardIntentRequest(actor.websiteId!, requestKey, { paymentId: payment.id, stripeIdempotencyKey: stripeKey });
    return { payment, stripeKey, existing: false };
  });
}

async function createIntent(stripe: Stripe, payment: Payment, stripeKey: string): Promise<Stripe.PaymentIntent> {
  return stripe.paymentIntents.create(
    {
      amount: payment.amountCents,
      currency: payment.currency.toLowerCase(),
      // Card only: the portal offers wallet and offline payment itself, and redirect methods would need a return URL.
      allowed_payment_method_types: ['card'],
      description: payment.purpose === 'wallet_topup' ? 'Wallet top-up' : `Payment ${payment.id}`,
      metadata: intentMetadata(payment),
    },
    { idempotencyKey: stripeKey },
  );
}

/** Stripe refused or did not answer: cancel the payment (or keep it for a retry with the same key) and say why. */
async function failed(payment: Payment, err: unknown, resumable: boolean): Promise<never> {
  const summary = stripeErrorSummary(err);
  const answered = summary.status !== undefined;
  ctx().logger.warn({ paymentId: payment.id, stripe: summary }, 'creating a Stripe PaymentIntent failed');
  const decision = afterIntentFailure({ answered, resumable });
  if (decision === 'keep') {
    throw Unavailable('Stripe did not answer in time; retry with the same Idempotency-Key to continue this payment', {
      paymentId: payment.id,
      retryable: true,
    });
  }
  const reason = `Stripe could not create the payment: ${summary.message}`.slice(0, 500);
  // The link goes with it: the client's retry with the same key (a 503 frees it) starts a new payment.
  await inTransaction(async () => {
    await cancelCardPayment(systemActor(payment.websiteId), payment.id, reason);
    await deleteCardIntentRequest(payment.id);
  });
  if (summary.code === 'amount_too_small' || summary.code === 'amount_too_large') {
    throw ValidationFailed({ amountCents: summary.message }, `Stripe refused the amount: ${summary.message}`);
  }
  const retryable = !answered || isStripeRetryable(err);
  throw Unavailable(
    retryable
      ? 'Card payments are unavailable right now (Stripe did not accept the request); nothing was charged, try again shortly'
      : 'Card payment could not be started at Stripe; nothing was charged',
    { paymentId: payment.id, retryable },
  );
}

/**
 * POST /payments/card-intents: a pending card payment and its PaymentIntent, whose client secret
 * the portal hands to Stripe.js. Refused with the reason when card payments are not configured
 * (nothing stored). With an Idempotency-Key, a retry after a timeout continues the same payment and
 * gets the same intent (the Stripe idempotency key is kept with the request).
 */
export async function createCardIntent(actor: Actor, input: CardPaymentInput, requestKey?: string): Promise<StartedCardIntent> {
  assertNoTransaction('createCardIntent');
  const stripe = requireStripe();
  const { payment, stripeKey, existing } = await begin(actor, input, requestKey);
  if (existing && payment.stripePaymentIntentId) {
    // Made and attached before (the first answer was lost): Stripe still has its client secret.
    const intent = await stripe.paymentIntents.retrieve(payment.stripePaymentIntentId).catch((err: unknown) => {
      ctx().logger.warn({ paymentId: payment.id, stripe: stripeErrorSummary(err) }, 'retrieving a Stripe PaymentIntent failed');
      throw Unavailable('Stripe could not be reached; retry with the same Idempotency-Key', { paymentId: payment.id, retryable: true });
    });
    return startedOf(payment, intent.client_secret);
  }
  if (existing && payment.status !== 'pending') {
    throw Conflict('The card payment of this Idempotency-Key is over; start a new one with a new key', {
      currentStatus: payment.status,
      paymentId: payment.id,
    });
  }
  let intent: Stripe.PaymentIntent;
  try {
    intent = await createIntent(stripe, payment, stripeKey);
  } catch (err) {
    return failed(payment, err, Boolean(requestKey));
  }
  const attached = await attachPaymentIntent(payment.id, intent.id, systemActor(payment.websiteId));
  return startedOf(attached, intent.client_secret);
}

async function visibleCardPayment(actor: Actor, paymentId: number): Promise<Payment> {
  const payment = await Payment.findByPk(paymentId);
  if (!payment || payment.method !== 'card' || !canSeePayment(actor, payment)) throw NotFound('Payment');
  return payment;
}

/** GET /payments/card-intents/:paymentId: where the card payment stands (no Stripe call). */
export async function getCardPaymentStatus(actor: Actor, paymentId: number): Promise<CardPaymentStatus> {
  return statusOf(await visibleCardPayment(actor, paymentId));
}

/**
 * POST /payments/card-intents/:paymentId/sync, called by the portal once Stripe.js confirmed:
 * asks Stripe (outside any transaction) and, when the intent succeeded, records it through the
 * same function as the webhook — whichever comes first applies it, the other finds it done.
 */
export async function syncCardPayment(actor: Actor, paymentId: number): Promise<CardPaymentStatus> {
  assertNoTransaction('syncCardPayment');
  const payment = await visibleCardPayment(actor, paymentId);
  if (payment.status === 'succeeded' || !payment.stripePaymentIntentId) return statusOf(payment);
  const stripe = requireStripe();
  let intent: Stripe.PaymentIntent;
  try {
    intent = await stripe.paymentIntents.retrieve(payment.stripePaymentIntentId);
  } catch (err) {
    ctx().logger.warn({ paymentId, stripe: stripeErrorSummary(err) }, 'retrieving a Stripe PaymentIntent failed');
    throw Unavailable(
      'Stripe could not be reached to check this payment; it is recorded as soon as Stripe tells us — check again shortly',
      { paymentId, retryable: true },
    );
  }
  if (intent.status === 'succeeded') await applyIntentSucceeded(intent, actor.requestId ?? null);
  return statusOf(await visibleCardPayment(actor, paymentId), intent.status);
}
