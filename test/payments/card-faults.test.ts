import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walletBalance } from '../../src/ledger/index.js';
import { Order } from '../../src/orders/models.js';
import { Payment } from '../../src/payments/index.js';
import type { FakeStripe } from '../support/fake-stripe.js';
import type { TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { cardIntentRequest, intentIdOf, postingsOfPayment, retryAfter5xx, startCardTest, type CardTest } from './card-helpers.js';
import { unpaidOrder, type ClientActor } from './fixtures.js';

/**
 * Stripe failing or timing out while a card payment starts (no Stripe at all: card-unconfigured.test.ts).
 * The SDK's own retries are off, so each failure reaches our code.
 */
let card: CardTest;
let fake: FakeStripe;
let t: TestApp;
let client: ClientActor;
let token: string;

beforeAll(async () => {
  card = await startCardTest({ STRIPE_TIMEOUT_MS: '700' });
  ({ fake, t, client, token } = card);
});
afterAll(() => card?.close());

const intentsOfPayment = (paymentId: number) =>
  [...fake.state.paymentIntents.values()].filter((pi) => (pi.metadata as Record<string, string>).paymentId === String(paymentId));

describe('Stripe down when the intent is created', () => {
  it('answers 503 with a clear message, leaves the payment cancelled and posts nothing; a retry with the same key starts afresh', async () => {
    const order = await unpaidOrder(client);
    const key = randomUUID();
    fake.failNext(1, { match: 'POST /v1/payment_intents' });
    const res = await cardIntentRequest(t.app, token, { purpose: 'order', orderId: order.id }, key);
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'unavailable', retryable: true });
    expect(res.body.error.message).toMatch(/unavailable right now.*nothing was charged/);
    const failed = (await Payment.findByPk(res.body.error.paymentId))!;
    expect(failed).toMatchObject({ status: 'cancelled', stripePaymentIntentId: null, ledgerTransactionId: null });
    expect(failed.failureReason).toContain('Stripe could not create the payment');
    expect(await Payment.count({ where: { orderId: order.id, status: 'pending' } })).toBe(0);
    expect(await postingsOfPayment(failed.id)).toEqual([]);
    expect((await Order.findByPk(order.id))!).toMatchObject({ status: 'pending_payment', paidCents: 0 });

    const retry = await retryAfter5xx(() => cardIntentRequest(t.app, token, { purpose: 'order', orderId: order.id }, key));
    expect(retry.status, JSON.stringify(retry.body)).toBe(201);
    expect(retry.body.paymentId).not.toBe(failed.id);
    expect(retry.body.clientSecret).toMatch(/^pi_/);
    await expectLedgerBalanced();
  });

  it('a refused amount (Stripe minimum) is a 400 naming amountCents, the payment cancelled', async () => {
    const order = await unpaidOrder(client);
    const res = await cardIntentRequest(t.app, token, { purpose: 'order', orderId: order.id, amountCents: 30 });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty('amountCents');
    expect(await Payment.findAll({ where: { orderId: order.id }, attributes: ['status'] })).toEqual([
      expect.objectContaining({ status: 'cancelled' }),
    ]);
  });
});

describe('Stripe times out when the intent is created', () => {
  it('the client retries with the same Idempotency-Key and gets the one intent Stripe made', async () => {
    const before = (await walletBalance(client, client.userId)).balanceCents;
    const key = randomUUID();
    fake.delayNext(2_000, { match: 'POST /v1/payment_intents' });
    const first = await cardIntentRequest(t.app, token, { purpose: 'wallet_topup', amountCents: 3_000 }, key);
    expect(first.status, JSON.stringify(first.body)).toBe(503);
    expect(first.body.error).toMatchObject({ code: 'unavailable', retryable: true });
    expect(first.body.error.message).toContain('same Idempotency-Key');
    const paymentId = first.body.error.paymentId as number;
    expect((await Payment.findByPk(paymentId))!).toMatchObject({ status: 'pending', stripePaymentIntentId: null });
    expect(intentsOfPayment(paymentId)).toHaveLength(1); // Stripe did make it; we never heard

    const retry = await retryAfter5xx(() => cardIntentRequest(t.app, token, { purpose: 'wallet_topup', amountCents: 3_000 }, key));
    expect(retry.status, JSON.stringify(retry.body)).toBe(201);
    expect(retry.body).toMatchObject({ paymentId, amountCents: 3_000, status: 'pending' });
    const [intent] = intentsOfPayment(paymentId);
    expect(intentsOfPayment(paymentId)).toHaveLength(1);
    expect(intentIdOf(retry.body.clientSecret)).toBe(intent!.id);
    expect(retry.body.clientSecret).toBe(intent!.client_secret);
    const calls = fake.requests.filter(
      (r) => r.path === '/v1/payment_intents' && (r.body.metadata as Record<string, string> | undefined)?.paymentId === String(paymentId),
    );
    expect(calls.map((c) => c.replayed ?? false)).toEqual([false, true]);
    expect(new Set(calls.map((c) => c.idempotencyKey)).size).toBe(1);

    // A replay of the request now answers the stored 201; another body with the key is refused.
    const replay = await cardIntentRequest(t.app, token, { purpose: 'wallet_topup', amountCents: 3_000 }, key);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect((await cardIntentRequest(t.app, token, { purpose: 'wallet_topup', amountCents: 3_001 }, key)).status).toBe(409);

    await fake.succeed(intent!.id);
    const event = fake.eventsOf('payment_intent.succeeded').find((e) => (e.data as { object: { id: string } }).object.id === intent!.id)!;
    await fake.deliver(t.app, event);
    expect((await walletBalance(client, client.userId)).balanceCents).toBe(before + 3_000);
    expect(await postingsOfPayment(paymentId)).toHaveLength(2);
    await expectLedgerBalanced();
  });

  it('without an Idempotency-Key the payment is cancelled; an intent Stripe made anyway is still recorded if it is ever paid', async () => {
    const before = (await walletBalance(client, client.userId)).balanceCents;
    fake.delayNext(2_000, { match: 'POST /v1/payment_intents' });
    const res = await cardIntentRequest(t.app, token, { purpose: 'wallet_topup', amountCents: 900 });
    expect(res.status).toBe(503);
    const paymentId = res.body.error.paymentId as number;
    expect((await Payment.findByPk(paymentId))!.status).toBe('cancelled');
    // Never happens without the client secret, but money that arrives must not be lost.
    const [intent] = intentsOfPayment(paymentId);
    await fake.succeed(intent!.id);
    const event = fake.eventsOf('payment_intent.succeeded').find((e) => (e.data as { object: { id: string } }).object.id === intent!.id)!;
    expect(await fake.deliver(t.app, event)).toMatchObject({ status: 200, body: { status: 'processed' } });
    expect((await Payment.findByPk(paymentId))!.status).toBe('succeeded');
    expect((await walletBalance(client, client.userId)).balanceCents).toBe(before + 900);
    await expectLedgerBalanced();
  });
});
