import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walletBalance } from '../../src/ledger/index.js';
import { Order } from '../../src/orders/models.js';
import { Payment } from '../../src/payments/index.js';
import { HOST_A } from '../identity/helpers.js';
import type { FakeStripe } from '../support/fake-stripe.js';
import type { TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import {
  cardIntentRequest,
  eventsAbout,
  intentIdOf,
  postingsOfPayment,
  startCardTest,
  statusRequest,
  syncRequest,
  type CardTest,
} from './card-helpers.js';
import { clientWithLogin, unpaidOrder, type ClientActor } from './fixtures.js';

/**
 * Card payments end to end through the API, the real Stripe SDK pointed at the fake Stripe, and the
 * fake's signed events delivered to our webhook.
 */
let card: CardTest;
let fake: FakeStripe;
let t: TestApp;
let client: ClientActor;
let token: string;

beforeAll(async () => {
  card = await startCardTest();
  ({ fake, t, client, token } = card);
});
afterAll(() => card?.close());

const wallet = async () => (await walletBalance(client, client.userId)).balanceCents;

describe('card payment of an order', () => {
  it('creates the intent at Stripe, and the webhook of its success pays the order in full (stripe_clearing -> escrow, receipt)', async () => {
    const order = await unpaidOrder(client);
    fake.autoDeliver(t.app);
    try {
      const res = await cardIntentRequest(t.app, token, { purpose: 'order', orderId: order.id }, randomUUID());
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({ amountCents: order.totalCents, currency: 'USD', status: 'pending' });
      expect(res.body.clientSecret).toMatch(/^pi_\w+_secret_\w+$/);
      const intentId = intentIdOf(res.body.clientSecret);

      // What Stripe was asked: the amount, our metadata, our own idempotency key.
      const call = fake.requests.find(
        (r) =>
          r.method === 'POST' &&
          r.path === '/v1/payment_intents' &&
          r.status === 200 &&
          r.body.metadata &&
          (r.body.metadata as Record<string, string>).paymentId === String(res.body.paymentId),
      );
      expect(call?.body).toMatchObject({
        amount: String(order.totalCents),
        currency: 'usd',
        metadata: {
          websiteId: String(client.websiteId),
          paymentId: String(res.body.paymentId),
          purpose: 'order',
          orderId: String(order.id),
        },
      });
      expect(call?.idempotencyKey).toMatch(/^scriptorium-card-intent-/);
      const pending = (await Payment.findByPk(res.body.paymentId))!;
      expect(pending).toMatchObject({ status: 'pending', method: 'card', stripePaymentIntentId: intentId, ledgerTransactionId: null });
      expect(await postingsOfPayment(pending.id)).toEqual([]);

      // The customer pays in the browser; Stripe sends its events to our webhook.
      await fake.succeed(intentId);
      const delivered = fake.deliveries.filter(
        (d) => d.type === 'payment_intent.succeeded' && d.eventId === fake.eventsOf('payment_intent.succeeded').at(-1)!.id,
      );
      expect(delivered).toEqual([
        expect.objectContaining({ status: 200, body: expect.objectContaining({ status: 'processed', duplicate: false }) }),
      ]);
    } finally {
      fake.autoDeliver(null);
    }

    const paid = (await Order.findByPk(order.id))!;
    expect(paid).toMatchObject({ status: 'ready_for_staffing', paidCents: order.totalCents });
    const payment = (await Payment.findOne({ where: { orderId: order.id, method: 'card' } }))!;
    expect(payment.status).toBe('succeeded');
    expect(payment.receiptNumber).toMatch(/^R-\d{6}$/);
    expect(payment.reference).toMatch(/^ch_/);
    const postings = await postingsOfPayment(payment.id);
    expect(postings).toEqual([
      expect.objectContaining({ kind: 'order_payment_card', account: 'stripe_clearing', amount_cents: -order.totalCents! }),
      expect.objectContaining({ kind: 'order_payment_card', account: 'order_escrow', owner_id: order.id, amount_cents: order.totalCents }),
    ]);

    const receipt = await request(t.app)
      .get(`/api/v1/payments/${payment.id}/receipt.pdf`)
      .set('Host', HOST_A)
      .set('Authorization', `Bearer ${token}`);
    expect(receipt.status).toBe(200);
    expect(receipt.headers['content-type']).toBe('application/pdf');
    const status = await statusRequest(t.app, token, payment.id);
    expect(status.body).toMatchObject({
      paymentId: payment.id,
      status: 'succeeded',
      purpose: 'order',
      orderId: order.id,
      receiptNumber: payment.receiptNumber,
    });
    await expectLedgerBalanced();
  });

  it('refuses an order of another client (404) and a bad body (400), storing nothing', async () => {
    const other = await clientWithLogin(client.websiteId);
    const theirs = await unpaidOrder(other);
    const before = await Payment.count();
    const foreign = await cardIntentRequest(t.app, token, { purpose: 'order', orderId: theirs.id });
    expect(foreign.status).toBe(404);
    for (const body of [
      { purpose: 'order', orderId: theirs.id, amountCents: -5 },
      { purpose: 'wallet_topup', amountCents: 0 },
      { purpose: 'gift', amountCents: 500 },
      { purpose: 'wallet_topup', amountCents: 1000, orderId: 1 },
    ]) {
      const res = await cardIntentRequest(t.app, token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect(await Payment.count()).toBe(before);
    expect(
      fake.requests.filter((r) => r.body.metadata && (r.body.metadata as Record<string, string>).orderId === String(theirs.id)),
    ).toEqual([]);
  });
});

describe('wallet top-up by card', () => {
  it('the webhook of the success raises the wallet balance (stripe_clearing -> client_wallet)', async () => {
    const before = await wallet();
    const res = await cardIntentRequest(t.app, token, { purpose: 'wallet_topup', amountCents: 2_500 }, randomUUID());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const intentId = intentIdOf(res.body.clientSecret);
    await fake.succeed(intentId);
    const event = fake.eventsOf('payment_intent.succeeded').find((e) => (e.data as { object: { id: string } }).object.id === intentId)!;
    const delivery = await fake.deliver(t.app, event);
    expect(delivery).toMatchObject({ status: 200, body: { status: 'processed' } });
    expect(await wallet()).toBe(before + 2_500);
    expect(await postingsOfPayment(res.body.paymentId)).toEqual([
      expect.objectContaining({ kind: 'wallet_topup_card', account: 'stripe_clearing', amount_cents: -2500 }),
      expect.objectContaining({ kind: 'wallet_topup_card', account: 'client_wallet', owner_id: client.userId, amount_cents: 2500 }),
    ]);
    await expectLedgerBalanced();
  });

  it("the client's confirmation call records it when it comes before the webhook; the webhook then changes nothing", async () => {
    const before = await wallet();
    const res = await cardIntentRequest(t.app, token, { purpose: 'wallet_topup', amountCents: 1_200 }, randomUUID());
    const intentId = intentIdOf(res.body.clientSecret);
    const pendingSync = await syncRequest(t.app, token, res.body.paymentId);
    expect(pendingSync.body).toMatchObject({ status: 'pending', intentStatus: 'requires_payment_method' });

    await fake.succeed(intentId); // no automatic delivery: the webhook is late
    const synced = await syncRequest(t.app, token, res.body.paymentId);
    expect(synced.status, JSON.stringify(synced.body)).toBe(200);
    expect(synced.body).toMatchObject({ paymentId: res.body.paymentId, status: 'succeeded', intentStatus: 'succeeded' });
    expect(await wallet()).toBe(before + 1_200);

    const event = fake.eventsOf('payment_intent.succeeded').find((e) => (e.data as { object: { id: string } }).object.id === intentId)!;
    expect(await fake.deliver(t.app, event)).toMatchObject({ status: 200, body: { status: 'processed' } });
    expect(await wallet()).toBe(before + 1_200);
    expect(await postingsOfPayment(res.body.paymentId)).toHaveLength(2);
    expect((await eventsAbout(intentId)).filter((e) => e.type === 'payment_intent.succeeded')).toEqual([
      expect.objectContaining({ status: 'processed', attempts: 1 }),
    ]);
    await expectLedgerBalanced();
  });
});

describe('card availability', () => {
  it('says card payments are available when Stripe is configured', async () => {
    const res = await request(t.app).get('/api/v1/payments/card-availability').set('Host', HOST_A);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ available: true, reason: null });
  });
});
