import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../../src/orders/models.js';
import { Payment } from '../../src/payments/index.js';
import type { FakeStripe, StripeObject } from '../support/fake-stripe.js';
import type { TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { eventsAbout, orderWithIntent, postingsOfPayment, rows, startCardTest, syncRequest, type CardTest } from './card-helpers.js';

/**
 * Stripe's deliveries as they really come: twice, ten at once, out of order, forged, disagreeing
 * with our payment, and racing the client's own confirmation call. Each ends in exactly one effect.
 */
let card: CardTest;
let fake: FakeStripe;
let t: TestApp;
let token: string;

beforeAll(async () => {
  card = await startCardTest();
  ({ fake, t, token } = card);
});
afterAll(() => card?.close());

const eventOf = (type: string, intentId: string): StripeObject =>
  fake
    .eventsOf(type)
    .filter((e) => {
      const object = (e.data as { object: { id: string; payment_intent?: string } }).object;
      return object.id === intentId || object.payment_intent === intentId;
    })
    .at(-1)!;

async function expectPaidOnce(order: Order, paymentId: number): Promise<void> {
  expect((await Order.findByPk(order.id))!).toMatchObject({ status: 'ready_for_staffing', paidCents: order.totalCents });
  expect((await Payment.findByPk(paymentId))!.status).toBe('succeeded');
  expect(await postingsOfPayment(paymentId)).toHaveLength(2);
  await expectLedgerBalanced();
}

describe('duplicated deliveries', () => {
  it('the same payment_intent.succeeded twice pays the order once; the second is a duplicate', async () => {
    const { order, paymentId, intentId } = await orderWithIntent(card);
    await fake.succeed(intentId);
    const event = eventOf('payment_intent.succeeded', intentId);
    expect(await fake.deliver(t.app, event)).toMatchObject({ status: 200, body: { status: 'processed', duplicate: false } });
    expect(await fake.deliver(t.app, event)).toMatchObject({ status: 200, body: { status: 'processed', duplicate: true } });
    await expectPaidOnce(order, paymentId);
  });

  it('10 deliveries of it at once pay the order once', async () => {
    const { order, paymentId, intentId } = await orderWithIntent(card);
    await fake.succeed(intentId);
    const event = fake.sign(eventOf('payment_intent.succeeded', intentId));
    const results = await Promise.all(Array.from({ length: 10 }, () => fake.deliver(t.app, event)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    await expectPaidOnce(order, paymentId);
    expect((await eventsAbout(intentId)).filter((e) => e.type === 'payment_intent.succeeded')).toEqual([
      expect.objectContaining({ status: 'processed', attempts: 1 }),
    ]);
  });
});

describe('out of order', () => {
  it('a payment_failed delivered after the success leaves the payment succeeded', async () => {
    const { order, paymentId, intentId } = await orderWithIntent(card);
    await fake.decline(intentId); // a first card is declined …
    await fake.succeed(intentId); // … the second one pays
    expect(await fake.deliver(t.app, eventOf('payment_intent.succeeded', intentId))).toMatchObject({ body: { status: 'processed' } });
    expect(await fake.deliver(t.app, eventOf('payment_intent.payment_failed', intentId))).toMatchObject({
      status: 200,
      body: { status: 'processed' },
    });
    await expectPaidOnce(order, paymentId);
    expect((await Payment.findByPk(paymentId))!.failureReason).toBeNull();
  });

  it('in order, the failure is recorded, then the success still pays once', async () => {
    const { order, paymentId, intentId } = await orderWithIntent(card);
    await fake.decline(intentId, 'pm_card_chargeDeclinedInsufficientFunds');
    await fake.deliver(t.app, eventOf('payment_intent.payment_failed', intentId));
    expect((await Payment.findByPk(paymentId))!).toMatchObject({
      status: 'failed',
      failureReason: expect.stringContaining('insufficient_funds'),
    });
    expect((await Order.findByPk(order.id))!.status).toBe('pending_payment');
    await fake.succeed(intentId);
    await fake.deliver(t.app, eventOf('payment_intent.succeeded', intentId));
    await expectPaidOnce(order, paymentId);
  });
});

describe('forged and disagreeing deliveries', () => {
  it('a forged signature is a 400 and changes nothing', async () => {
    const { order, paymentId, intentId } = await orderWithIntent(card);
    await fake.succeed(intentId);
    const forged = fake.sign(eventOf('payment_intent.succeeded', intentId), { secret: 'whsec_forged' });
    const res = await fake.deliver(t.app, forged);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'bad_request' } });
    expect(await eventsAbout(intentId)).toEqual([]);
    expect((await Payment.findByPk(paymentId))!.status).toBe('pending');
    expect((await Order.findByPk(order.id))!.paidCents).toBe(0);
    expect(await postingsOfPayment(paymentId)).toEqual([]);
  });

  it('an intent whose amount or currency disagrees with the payment is not applied: the event stays failed with the reason', async () => {
    const { order, paymentId, intentId } = await orderWithIntent(card);
    await fake.succeed(intentId);
    const intent = fake.state.paymentIntent(intentId);
    const more = fake.webhookEvent('payment_intent.succeeded', {
      ...intent,
      amount: Number(intent.amount) + 100,
      amount_received: Number(intent.amount) + 100,
    });
    const euros = fake.webhookEvent('payment_intent.succeeded', { ...intent, currency: 'eur' });
    for (const [signed, words] of [
      [more, 'cents'],
      [euros, 'EUR'],
    ] as const) {
      const res = await fake.deliver(t.app, signed);
      expect(res).toMatchObject({ status: 200, body: { status: 'failed' } });
      const [stored] = await rows<{ status: string; last_error: string }>(
        'SELECT status, last_error FROM stripe_events WHERE stripe_event_id = $1',
        [signed.event.id],
      );
      expect(stored!.status).toBe('failed');
      expect(stored!.last_error).toContain('Not applied');
      expect(stored!.last_error).toContain(words);
    }
    expect((await Payment.findByPk(paymentId))!.status).toBe('pending');
    expect((await Order.findByPk(order.id))!.paidCents).toBe(0);
    expect(await postingsOfPayment(paymentId)).toEqual([]);
    await expectLedgerBalanced();
  });

  it('an intent that is not ours is ignored', async () => {
    const signed = fake.webhookEvent('payment_intent.succeeded', {
      id: 'pi_not_ours_1',
      object: 'payment_intent',
      amount: 1000,
      amount_received: 1000,
      currency: 'usd',
      status: 'succeeded',
      metadata: {},
    });
    expect(await fake.deliver(t.app, signed)).toMatchObject({ status: 200, body: { status: 'ignored' } });
  });
});

describe("the webhook racing the client's confirmation call", () => {
  const waitForCall = (line: string) => fake.waitForRequest(line);

  it('confirmed by the webhook while the sync call is in flight (automatic delivery): one effect, and sync answers succeeded', async () => {
    const { order, paymentId, intentId } = await orderWithIntent(card);
    // Our call to Stripe is answered only once the webhook has been delivered and applied.
    const held = fake.holdNext(`GET /v1/payment_intents/${intentId}`);
    const syncing = syncRequest(t.app, token, paymentId).then((r) => r);
    await waitForCall(`GET /v1/payment_intents/${intentId}`);
    fake.autoDeliver(t.app);
    try {
      await fake.succeed(intentId); // Stripe sends the webhook while our call to Stripe is still open
    } finally {
      fake.autoDeliver(null);
      held.release();
    }
    expect(fake.deliveries.find((d) => d.eventId === eventOf('payment_intent.succeeded', intentId).id)).toMatchObject({
      status: 200,
      body: { status: 'processed' },
    });
    const synced = await syncing;
    expect(synced.status, JSON.stringify(synced.body)).toBe(200);
    expect(synced.body).toMatchObject({ paymentId, status: 'succeeded' });
    await expectPaidOnce(order, paymentId);
  });

  it('Stripe says succeeded to the sync call while the webhook applies it: one effect either way', async () => {
    const { order, paymentId, intentId } = await orderWithIntent(card);
    await fake.succeed(intentId);
    const event = fake.sign(eventOf('payment_intent.succeeded', intentId));
    fake.delayNext(300, { match: `GET /v1/payment_intents/${intentId}` });
    const syncing = syncRequest(t.app, token, paymentId).then((r) => r);
    await waitForCall(`GET /v1/payment_intents/${intentId}`);
    const [delivered, synced] = await Promise.all([fake.deliver(t.app, event), syncing]);
    expect(delivered.status).toBe(200);
    expect(synced.body).toMatchObject({ paymentId, status: 'succeeded', intentStatus: 'succeeded' });
    await expectPaidOnce(order, paymentId);

    // And both at the very same moment, many times over.
    const next = await orderWithIntent(card);
    await fake.succeed(next.intentId);
    const again = fake.sign(eventOf('payment_intent.succeeded', next.intentId));
    const answers = await Promise.all([
      ...Array.from({ length: 3 }, () => syncRequest(t.app, token, next.paymentId)),
      ...Array.from({ length: 3 }, () => fake.deliver(t.app, again)),
    ]);
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    await expectPaidOnce(next.order, next.paymentId);
  });
});

describe('disputes', () => {
  it('charge.dispute.created is recorded on the payment (audit) and on the order timeline; money and order status stay', async () => {
    const { order, paymentId, intentId } = await orderWithIntent(card);
    await fake.succeed(intentId);
    await fake.deliver(t.app, eventOf('payment_intent.succeeded', intentId));
    const dispute = await fake.dispute(intentId);
    expect(await fake.deliver(t.app, eventOf('charge.dispute.created', intentId))).toMatchObject({
      status: 200,
      body: { status: 'processed' },
    });
    const audits = await rows<{ action: string; changes: { after?: Record<string, unknown> } }>(
      "SELECT action, changes FROM audit_logs WHERE target_type = 'payment' AND target_id = $1 AND action = 'payment.card_disputed'",
      [String(paymentId)],
    );
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits[0]!.changes)).toContain(dispute.id);
    const events = await rows<{ action: string; note: string }>(
      "SELECT action, note FROM order_events WHERE order_id = $1 AND action = 'card_dispute_opened'",
      [order.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.note).toContain(dispute.id);
    await expectPaidOnce(order, paymentId);
  });
});
