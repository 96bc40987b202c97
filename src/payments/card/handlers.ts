import type { StripeEventContext, StripeEventOf, StripeEventOutcome } from '../stripe-events/index.js';
import {
  applyIntentCanceled,
  applyIntentFailed,
  applyIntentSucceeded,
  recordCardDispute,
  type CanceledIntentNews,
  type DisputeNews,
  type IntentNews,
} from './confirm.js';

/**
 * The card payments' Stripe webhook handlers, registered in src/wiring.ts. Each runs inside the
 * event's transaction (the intake applies an event once) and decides from our payment's current
 * status, so any number or order of deliveries has one effect: a success is applied once; a
 * failure or a cancel arriving after it changes nothing. An event about an object that is not ours
 * is 'ignored'. An intent that disagrees with its payment (amount, currency, website) throws: the
 * event is kept failed with the reason, for staff.
 */
export async function onPaymentIntentSucceeded(
  event: StripeEventOf<'payment_intent.succeeded'>,
  { actor }: StripeEventContext,
): Promise<StripeEventOutcome> {
  const payment = await applyIntentSucceeded(event.data.object as unknown as IntentNews, actor.requestId ?? null);
  return payment ? undefined : 'ignored';
}

export async function onPaymentIntentFailed(
  event: StripeEventOf<'payment_intent.payment_failed'>,
  { actor }: StripeEventContext,
): Promise<StripeEventOutcome> {
  const payment = await applyIntentFailed(event.data.object as unknown as IntentNews, actor.requestId ?? null);
  return payment ? undefined : 'ignored';
}

/** A cancel is final at Stripe: a pending or failed payment is cancelled; a succeeded one stays. */
export async function onPaymentIntentCanceled(
  event: StripeEventOf<'payment_intent.canceled'>,
  { actor }: StripeEventContext,
): Promise<StripeEventOutcome> {
  const payment = await applyIntentCanceled(event.data.object as unknown as CanceledIntentNews, actor.requestId ?? null);
  return payment ? undefined : 'ignored';
}

export async function onChargeDisputeCreated(
  event: StripeEventOf<'charge.dispute.created'>,
  { actor }: StripeEventContext,
): Promise<StripeEventOutcome> {
  const payment = await recordCardDispute(event.data.object as unknown as DisputeNews, actor.requestId ?? null);
  return payment ? undefined : 'ignored';
}
