import { onStripeEvent } from '../stripe-events/registry.js';
import {
  applyIntentCanceled, applyIntentFailed, applyIntentSucceeded, recordCardDispute, type CanceledIntentNews, type DisputeNews, type IntentNews,
} from './confirm.js';

/**
 * The card payments' Stripe webhook handlers, registered when src/payments/stripe-events/handlers.ts
 * imports this module. Each runs inside the event's transaction (the intake applies an event once)
 * and decides from our payment's current status, so any number or order of deliveries has one
 * effect: a success is applied once; a failure or a cancel arriving after it changes nothing. An event about
 * an object that is not ours is 'ignored'. An intent that disagrees with its payment (amount,
 * currency, website) throws: the event is kept failed with the reason, for staff.
 */

onStripeEvent('payment_intent.succeeded', async (event, { actor }) => {
  const payment = await applyIntentSucceeded(event.data.object as unknown as IntentNews, actor.requestId ?? null);
  return payment ? undefined : 'ignored';
});

onStripeEvent('payment_intent.payment_failed', async (event, { actor }) => {
  const payment = await applyIntentFailed(event.data.object as unknown as IntentNews, actor.requestId ?? null);
  return payment ? undefined : 'ignored';
});

// A cancel is final at Stripe: a pending or failed payment is cancelled; a succeeded one stays.
onStripeEvent('payment_intent.canceled', async (event, { actor }) => {
  const payment = await applyIntentCanceled(event.data.object as unknown as CanceledIntentNews, actor.requestId ?? null);
  return payment ? undefined : 'ignored';
});

onStripeEvent('charge.dispute.created', async (event, { actor }) => {
  const payment = await recordCardDispute(event.data.object as unknown as DisputeNews, actor.requestId ?? null);
  return payment ? undefined : 'ignored';
});
