import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../../src/orders/models.js';
import { Payment } from '../../src/payments/index.js';
import type { FakeStripe, StripeObject } from '../support/fake-stripe.js';
import type { TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { cardIntentRequest, eventsAbout, orderWithIntent, postingsOfPayment, rows, startCardTest, type CardTest } from './card-helpers.js';
import { unpaidOrder, type ClientActor } from './fixtures.js';

/**
 * payment_intent.canceled: the pending (or failed) card payment is cancelled exactly once, however
 * often and in whatever order Stripe delivers; a payment that succeeded is never undone.
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
afterEach(() => expectLedgerBalanced());
afterAll(() => card?.close());

const eventOf = (type: string, intentId: string): StripeObject =>
  fake
    .eventsOf(type)
    .filter((e) => (e.data as { object: { id: string } }).object.id === intentId)
    .at(-1)!;

/** Stripe cancels the intent (as the dashboard or our cleanup would): its payment_intent.canceled event. */
function cancelAtFake(intentId: string): StripeObject {
  fake.state.cancelPaymentIntent(intentId, { cancellation_reason: 'requested_by_customer' });
  return eventOf('payment_intent.canceled', intentId);
}

const cancelAudits = (paymentId: number) =>
  rows<{ action: string }>(
    "SELECT action FROM audit_logs WHERE target_type = 'payment' AND target_id = $1 AND action = 'payment.cancelled'",
    [String(paymentId)],
  );

const intentLinks = (paymentId: number) => rows('SELECT payment_id FROM card_intent_requests WHERE payment_id = $1', [paymentId]);

describe('payment_intent.canceled', () => {
  it('cancels the pending payment once, audited with the reason, and drops its Idempotency-Key link', async () => {
    const { order, paymentId, intentId } = await orderWithIntent(card);
    expect(await intentLinks(paymentId)).toHaveLength(1);
    const event = cancelAtFake(intentId);
    expect(await fake.deliver(t.app, event)).toMatchObject({ status: 200, body: { status: 'processed', duplicate: false } });
    expect((await Payment.findByPk(paymentId))!).toMatchObject({
      status: 'cancelled',
      failureReason: expect.stringContaining(`Stripe canceled PaymentIntent ${intentId} (requested_by_customer)`),
      ledgerTransactionId: null,
    });
    expect(await cancelAudits(paymentId)).toHaveLength(1);
    expect(await intentLinks(paymentId)).toEqual([]);
    // The order is still owed and payable; nothing moved.
    expect((await Order.findByPk(order.id))!).toMatchObject({ status: 'pending_payment', paidCents: 0 });
    expect(await postingsOfPayment(paymentId)).toEqual([]);
  });

  it('delivered twice, then five times at once: one cancellation, one audit row, one stored event', async () => {
    const { paymentId, intentId } = await orderWithIntent(card);
    const event = fake.sign(cancelAtFake(intentId));
    expect(await fake.deliver(t.app, event)).toMatchObject({ body: { status: 'processed', duplicate: false } });
    expect(await fake.deliver(t.app, event)).toMatchObject({ status: 200, body: { status: 'processed', duplicate: true } });
    const burst = await Promise.all(Array.from({ length: 5 }, () => fake.deliver(t.app, event)));
    expect(burst.map((r) => r.status)).toEqual(Array(5).fill(200));
    expect((await Payment.findByPk(paymentId))!.status).toBe('cancelled');
    expect(await cancelAudits(paymentId)).toHaveLength(1);
    expect((await eventsAbout(intentId)).filter((e) => e.type === 'payment_intent.canceled')).toEqual([
      expect.objectContaining({ status: 'processed', attempts: 1 }),
    ]);
  });

  it('after a recorded decline: the failed payment is cancelled; a late payment_failed changes nothing more', async () => {
    const { paymentId, intentId } = await orderWithIntent(card);
    await fake.decline(intentId);
    const failed = eventOf('payment_intent.payment_failed', intentId);
    await fake.deliver(t.app, failed);
    expect((await Payment.findByPk(paymentId))!.status).toBe('failed');
    await fake.deliver(t.app, cancelAtFake(intentId));
    expect((await Payment.findByPk(paymentId))!.status).toBe('cancelled');
    // The same decline redelivered under a new event id (Stripe's retry of an older event).
    const late = fake.webhookEvent('payment_intent.payment_failed', (failed.data as { object: Record<string, unknown> }).object);
    expect(await fake.deliver(t.app, late)).toMatchObject({ status: 200, body: { status: 'processed' } });
    expect((await Payment.findByPk(paymentId))!.status).toBe('cancelled');
    expect(await cancelAudits(paymentId)).toHaveLength(1);
  });

  it('out of order: the cancel arrives before the decline it followed — the payment ends cancelled, not failed', async () => {
    const { paymentId, intentId } = await orderWithIntent(card);
    await fake.decline(intentId);
    const canceled = cancelAtFake(intentId);
    expect(await fake.deliver(t.app, canceled)).toMatchObject({ body: { status: 'processed' } });
    expect(await fake.deliver(t.app, eventOf('payment_intent.payment_failed', intentId))).toMatchObject({
      status: 200,
      body: { status: 'processed' },
    });
    expect((await Payment.findByPk(paymentId))!).toMatchObject({
      status: 'cancelled',
      failureReason: expect.stringContaining('Stripe canceled'),
    });
  });

  it('a stale canceled event about an intent that succeeded never undoes the payment', async () => {
    const { order, paymentId, intentId } = await orderWithIntent(card);
    await fake.succeed(intentId);
    await fake.deliver(t.app, eventOf('payment_intent.succeeded', intentId));
    const intent = fake.state.paymentIntent(intentId);
    const stale = fake.webhookEvent(
      'payment_intent.canceled',
      { ...intent, status: 'canceled' },
      { created: Math.floor(Date.now() / 1000) - 60 },
    );
    expect(await fake.deliver(t.app, stale)).toMatchObject({ status: 200, body: { status: 'processed' } });
    expect((await Payment.findByPk(paymentId))!.status).toBe('succeeded');
    expect((await Order.findByPk(order.id))!).toMatchObject({ status: 'ready_for_staffing', paidCents: order.totalCents });
    expect(await postingsOfPayment(paymentId)).toHaveLength(2);
    expect(await cancelAudits(paymentId)).toEqual([]);
  });

  it('finds a payment whose intent id never reached us by the intent metadata, and keeps the intent on it', async () => {
    const order = await unpaidOrder(client);
    fake.delayNext(2_000, { match: 'POST /v1/payment_intents' });
    const res = await cardIntentRequest(t.app, token, { purpose: 'order', orderId: order.id }, randomUUID());
    expect(res.status).toBe(503);
    const paymentId = res.body.error.paymentId as number;
    const intent = [...fake.state.paymentIntents.values()].find(
      (pi) => (pi.metadata as Record<string, string>).paymentId === String(paymentId),
    )!;
    expect(await fake.deliver(t.app, cancelAtFake(intent.id))).toMatchObject({ body: { status: 'processed' } });
    expect((await Payment.findByPk(paymentId))!).toMatchObject({ status: 'cancelled', stripePaymentIntentId: intent.id });
    expect(await intentLinks(paymentId)).toEqual([]);
  });

  it('an intent that is not ours is ignored', async () => {
    const signed = fake.webhookEvent('payment_intent.canceled', {
      id: 'pi_elsewhere',
      object: 'payment_intent',
      amount: 1_000,
      currency: 'usd',
      status: 'canceled',
      metadata: {},
    });
    expect(await fake.deliver(t.app, signed)).toMatchObject({ status: 200, body: { status: 'ignored' } });
  });
});
