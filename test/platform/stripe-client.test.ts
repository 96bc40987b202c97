import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CARD_PAYMENTS_NO_WEBHOOK,
  CARD_PAYMENTS_NOT_CONFIGURED,
  cardPaymentsAvailability,
  isStripeRetryable,
  newStripeIdempotencyKey,
  stripeAddress,
  stripeClient,
  stripeErrorSummary,
} from '../../src/platform/stripe/index.js';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe.js';

/** The official SDK, configured by our factory, against the local fake: the calls payments will make. */
let fake: FakeStripe;
let stripe: Stripe;

const settings = (overrides: Partial<{ STRIPE_TIMEOUT_MS: number; STRIPE_MAX_RETRIES: number }> = {}) => ({
  ...fake.env(),
  STRIPE_TIMEOUT_MS: 2_000,
  STRIPE_MAX_RETRIES: 0,
  ...overrides,
});

beforeAll(async () => {
  fake = await startFakeStripe();
  stripe = stripeClient(settings())!;
});
afterAll(async () => fake?.close());

async function failure(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'the call should have failed').toBeInstanceOf(Stripe.errors.StripeError);
  return err as Stripe.errors.StripeError;
}

async function paidIntent(amount = 5_000): Promise<Stripe.PaymentIntent> {
  const intent = await stripe.paymentIntents.create({ amount, currency: 'usd' });
  return stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
}

describe('configuration', () => {
  it('builds no client and offers no card payment without a secret key, and says why', () => {
    const none = { STRIPE_TIMEOUT_MS: 1_000, STRIPE_MAX_RETRIES: 0 };
    expect(stripeClient(none)).toBeNull();
    expect(cardPaymentsAvailability(none)).toEqual({ available: false, reason: CARD_PAYMENTS_NOT_CONFIGURED });
    expect(CARD_PAYMENTS_NOT_CONFIGURED).toBe('card payments are not configured on this server');
    expect(cardPaymentsAvailability({ ...none, STRIPE_SECRET_KEY: 'sk_test_x' })).toEqual({
      available: false,
      reason: CARD_PAYMENTS_NO_WEBHOOK,
    });
    expect(cardPaymentsAvailability(settings())).toEqual({ available: true });
  });

  it('takes scheme, host and port from STRIPE_API_BASE', () => {
    expect(stripeAddress('http://127.0.0.1:12111')).toEqual({ host: '127.0.0.1', port: 12111, protocol: 'http' });
    expect(stripeAddress('https://stripe.internal/')).toEqual({ host: 'stripe.internal', port: 443, protocol: 'https' });
  });

  it('makes random idempotency keys that name their purpose', () => {
    const a = newStripeIdempotencyKey('refund');
    expect(a).toMatch(/^scriptorium-refund-[0-9a-f-]{36}$/);
    expect(newStripeIdempotencyKey('refund')).not.toBe(a);
    expect(() => newStripeIdempotencyKey('Bad Purpose')).toThrow();
  });

  it('is refused by the fake with another secret key', async () => {
    const other = stripeClient({ ...settings(), STRIPE_SECRET_KEY: 'sk_test_other' })!;
    const err = await failure(other.paymentIntents.create({ amount: 1_000, currency: 'usd' }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(err.statusCode).toBe(401);
  });
});

describe('payment intents through the SDK', () => {
  it('creates an intent with a client secret, sending a form body with nested metadata', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 12_345, currency: 'USD', metadata: { websiteId: '1', orderId: '42' } });
    expect(intent).toMatchObject({
      object: 'payment_intent',
      amount: 12_345,
      currency: 'usd',
      status: 'requires_payment_method',
      latest_charge: null,
    });
    expect(intent.id).toMatch(/^pi_/);
    expect(intent.client_secret).toMatch(new RegExp(`^${intent.id}_secret_`));
    expect(intent.metadata).toEqual({ websiteId: '1', orderId: '42' });
    const call = fake.requests.at(-1)!;
    expect(call).toMatchObject({
      method: 'POST',
      path: '/v1/payment_intents',
      body: { amount: '12345', metadata: { websiteId: '1', orderId: '42' } },
    });
    expect((await stripe.paymentIntents.retrieve(intent.id)).id).toBe(intent.id);
  });

  it('returns the same intent for the same idempotency key and refuses the key with other parameters', async () => {
    const idempotencyKey = newStripeIdempotencyKey('payment');
    const first = await stripe.paymentIntents.create({ amount: 2_000, currency: 'usd' }, { idempotencyKey });
    const again = await stripe.paymentIntents.create({ amount: 2_000, currency: 'usd' }, { idempotencyKey });
    expect(again.id).toBe(first.id);
    expect(fake.requests.at(-1)!.replayed).toBe(true);
    expect([...fake.state.paymentIntents.values()].filter((pi) => pi.id === first.id)).toHaveLength(1);
    const err = await failure(stripe.paymentIntents.create({ amount: 3_000, currency: 'usd' }, { idempotencyKey }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(isStripeRetryable(err)).toBe(false);
  });

  it('confirms with pm_card_visa: the intent succeeds with a charge, and the events Stripe sends are recorded', async () => {
    const intent = await paidIntent(5_000);
    expect(intent).toMatchObject({ status: 'succeeded', amount_received: 5_000 });
    expect(intent.latest_charge).toMatch(/^ch_/);
    const succeeded = fake.eventsOf('payment_intent.succeeded').at(-1)!;
    expect(succeeded.id).toMatch(/^evt_/);
    expect((succeeded.data as { object: { id: string } }).object.id).toBe(intent.id);
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge).toMatchObject({ object: 'charge', amount: 5_000, amount_refunded: 0, payment_intent: intent.id });
  });

  it('declines pm_card_chargeDeclined with a card error (402) and leaves the intent awaiting a payment method', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 5_000, currency: 'usd' });
    const err = await failure(stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_chargeDeclined' }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' });
    expect(isStripeRetryable(err)).toBe(false);
    expect(stripeErrorSummary(err)).toMatchObject({
      type: 'StripeCardError',
      code: 'card_declined',
      declineCode: 'generic_decline',
      status: 402,
    });
    const after = await stripe.paymentIntents.retrieve(intent.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_payment_error?.code).toBe('card_declined');
  });

  it('cancels an open intent but not a succeeded one; an unknown id is a 404 resource_missing', async () => {
    const open = await stripe.paymentIntents.create({ amount: 1_000, currency: 'eur' });
    expect((await stripe.paymentIntents.cancel(open.id)).status).toBe('canceled');
    const paid = await paidIntent();
    const err = await failure(stripe.paymentIntents.cancel(paid.id));
    expect(err).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    const missing = await failure(stripe.paymentIntents.retrieve('pi_missing'));
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  it('the customer completes the payment through fake.succeed()', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 7_500, currency: 'usd', metadata: { orderId: '9' } });
    await fake.succeed(intent.id);
    const after = await stripe.paymentIntents.retrieve(intent.id);
    expect(after.status).toBe('succeeded');
    const charge = await stripe.charges.retrieve(after.latest_charge as string);
    expect(charge.metadata).toEqual({ orderId: '9' });
  });
});

describe('refunds through the SDK', () => {
  it('refunds part, then refuses more than what remains (amount_too_large), then the rest, then nothing more', async () => {
    const intent = await paidIntent(10_000);
    const part = await stripe.refunds.create({ payment_intent: intent.id, amount: 6_000, metadata: { refundId: '1' } });
    expect(part).toMatchObject({
      object: 'refund',
      amount: 6_000,
      status: 'succeeded',
      payment_intent: intent.id,
      charge: intent.latest_charge,
    });
    expect(part.id).toMatch(/^re_/);
    expect((await stripe.refunds.retrieve(part.id)).amount).toBe(6_000);

    const over = await failure(stripe.refunds.create({ payment_intent: intent.id, amount: 4_001 }));
    expect(over).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(over).toMatchObject({ statusCode: 400, code: 'amount_too_large', param: 'amount' });

    const rest = await stripe.refunds.create({ payment_intent: intent.id });
    expect(rest.amount).toBe(4_000);
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge).toMatchObject({ amount_refunded: 10_000, refunded: true });
    expect(await failure(stripe.refunds.create({ payment_intent: intent.id, amount: 1 }))).toMatchObject({
      code: 'charge_already_refunded',
    });
    expect(fake.eventsOf('charge.refunded').filter((e) => (e.data as { object: { id: string } }).object.id === charge.id)).toHaveLength(2);
  });

  it('refuses to refund an intent that has not succeeded', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 1_000, currency: 'usd' });
    expect(await failure(stripe.refunds.create({ payment_intent: intent.id }))).toMatchObject({
      statusCode: 400,
      code: 'charge_not_refundable',
    });
  });

  it('refunds once for the same idempotency key', async () => {
    const intent = await paidIntent(3_000);
    const idempotencyKey = newStripeIdempotencyKey('refund');
    const a = await stripe.refunds.create({ payment_intent: intent.id, amount: 1_000 }, { idempotencyKey });
    const b = await stripe.refunds.create({ payment_intent: intent.id, amount: 1_000 }, { idempotencyKey });
    expect(b.id).toBe(a.id);
    expect((await stripe.charges.retrieve(intent.latest_charge as string)).amount_refunded).toBe(1_000);
  });
});

describe('faults', () => {
  it('a 5xx is a StripeAPIError the caller may retry; nothing was done', async () => {
    const intent = await paidIntent(2_000);
    fake.failNext(1, { status: 500, match: 'POST /v1/refunds' });
    const err = await failure(stripe.refunds.create({ payment_intent: intent.id, amount: 500 }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(isStripeRetryable(err)).toBe(true);
    expect((await stripe.charges.retrieve(intent.latest_charge as string)).amount_refunded).toBe(0);
  });

  it('with retries enabled the SDK retries a 5xx itself with the same idempotency key', async () => {
    const retrying = stripeClient(settings({ STRIPE_MAX_RETRIES: 2 }))!;
    fake.failNext(1, { status: 503, match: 'POST /v1/payment_intents' });
    const before = fake.requests.length;
    const intent = await retrying.paymentIntents.create({ amount: 1_000, currency: 'usd' }, { idempotencyKey: 'scriptorium-test-retry-1' });
    const calls = fake.requests.slice(before);
    expect(calls.map((c) => c.status)).toEqual([503, 200]);
    expect(calls.map((c) => c.idempotencyKey)).toEqual(['scriptorium-test-retry-1', 'scriptorium-test-retry-1']);
    expect(intent.status).toBe('requires_payment_method');
  });

  it('a timeout is a retryable connection error although Stripe did the work; the retry with the same key finds the same refund', async () => {
    const impatient = stripeClient(settings({ STRIPE_TIMEOUT_MS: 300 }))!;
    const intent = await paidIntent(4_000);
    const idempotencyKey = newStripeIdempotencyKey('refund');
    fake.delayNext(1_500, { match: 'POST /v1/refunds' });
    const err = await failure(impatient.refunds.create({ payment_intent: intent.id, amount: 1_500 }, { idempotencyKey }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(err.message).toMatch(/timeout/i);
    expect(isStripeRetryable(err)).toBe(true);

    const retried = await impatient.refunds.create({ payment_intent: intent.id, amount: 1_500 }, { idempotencyKey });
    expect(retried.amount).toBe(1_500);
    const refunds = [...fake.state.refunds.values()].filter((r) => r.payment_intent === intent.id);
    expect(refunds.map((r) => r.id)).toEqual([retried.id]);
    expect((await stripe.charges.retrieve(intent.latest_charge as string)).amount_refunded).toBe(1_500);
  });
});

describe('webhook events', () => {
  it('are signed so that the SDK verifies them with the webhook secret, and only with it', () => {
    const signed = fake.webhookEvent('payment_intent.succeeded', { id: 'pi_123', object: 'payment_intent', metadata: { websiteId: '1' } });
    const event = stripe.webhooks.constructEvent(signed.payload, signed.header, fake.webhookSecret);
    expect(event).toMatchObject({ id: signed.event.id, type: 'payment_intent.succeeded', data: { object: { id: 'pi_123' } } });
    expect(() => stripe.webhooks.constructEvent(signed.payload, signed.header, 'whsec_other')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(() => stripe.webhooks.constructEvent(signed.payload.replace('pi_123', 'pi_124'), signed.header, fake.webhookSecret)).toThrow();
  });
});
