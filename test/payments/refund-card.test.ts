import { setTimeout as sleep } from 'node:timers/promises';
import { QueryTypes } from 'sequelize';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startScheduler } from '../../jobs/index.js';
import { REFUND_JOBS } from '../../jobs/refunds.js';
import { getSequelize } from '../../src/platform/database.js';
import { Refund } from '../../src/payments/refunds/models.js';
import { approveRefund } from '../../src/payments/refunds/service/approve.js';
import { retryProcessingRefunds, retryRefund } from '../../src/payments/refunds/service/card.js';
import { requestRefund } from '../../src/payments/refunds/service/request.js';
import { StripeEvent } from '../../src/payments/stripe-events/models.js';
import { actorFor } from '../orders/fixtures.js';
import type { FakeStripe } from '../support/fake-stripe.js';
import type { TestApp } from '../support/harness.js';
import { escrowOf, expectLedgerBalanced, walletOf } from '../support/ledger.js';
import { startWithFakeStripe, type FakeStripeApp } from './card-helpers.js';
import { cardPaidOrder, refundedOnPayment, refundPostings, type Who } from './refund-fixtures.js';

/** Card refunds through the official SDK against the local fake Stripe: the happy path, faults and webhooks. */
let stripe: FakeStripeApp;
let fake: FakeStripe;
let t: TestApp;
let client: Who;
let admin: Who;
const TIMEOUT_MS = 1_500;

beforeAll(async () => {
  stripe = await startWithFakeStripe({ STRIPE_TIMEOUT_MS: String(TIMEOUT_MS) });
  ({ fake, t } = stripe);
  client = (await actorFor('client@scriptorium.test')) as Who;
  admin = (await actorFor('admin@scriptorium.test')) as Who;
});
afterEach(() => expectLedgerBalanced());
afterAll(() => stripe?.close());

const refundCalls = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds');
const stripeRefundsOf = (intentId: string) => [...fake.state.refunds.values()].filter((r) => r.payment_intent === intentId);
const later = () => new Date(Date.now() + 10 * 60_000);

async function approvedCardRefund(amountCents?: number, destination: 'card' | 'split' = 'card', walletCents?: number) {
  const paid = await cardPaidOrder(fake, client);
  const amount = amountCents ?? paid.order.totalCents!;
  const asked = await requestRefund(admin, {
    orderId: paid.order.id,
    amountCents: amount,
    destination,
    walletCents,
    reason: 'Writer never delivered',
  });
  return { ...paid, asked };
}

describe('card refunds', () => {
  it("refunds to the card through Stripe with the stored idempotency key, posts refund_card once and raises the payment's refunded sum", async () => {
    const { order, paymentId, paymentIntentId, asked } = await approvedCardRefund(2_000);
    expect(asked).toMatchObject({
      destination: 'card',
      cardCents: 2_000,
      walletCents: 0,
      paymentId,
      stripeIdempotencyKey: expect.stringMatching(/^scriptorium-refund-/),
    });
    const calls = refundCalls().length;
    const done = await approveRefund(admin, asked.id);
    expect(done).toMatchObject({
      status: 'processed',
      stripeRefundId: expect.stringMatching(/^re_/),
      cardTransactionId: expect.any(Number),
      attempts: 0,
    });
    const sent = refundCalls().slice(calls);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      idempotencyKey: asked.stripeIdempotencyKey,
      body: { payment_intent: paymentIntentId, amount: '2000', metadata: { refundId: String(asked.id) } },
    });
    expect(stripeRefundsOf(paymentIntentId)).toHaveLength(1);
    expect((await refundPostings(asked.id)).map((p) => p.kind)).toEqual(['refund_card']);
    expect(await refundedOnPayment(paymentId)).toBe(2_000);
    expect(await escrowOf(order)).toBe(order.totalCents! - 2_000);
  });

  it('splits between the wallet (at approval) and the card (through Stripe)', async () => {
    const { order, paymentId, asked } = await approvedCardRefund(3_000, 'split', 1_000);
    expect(asked).toMatchObject({ walletCents: 1_000, cardCents: 2_000 });
    const walletBefore = await walletOf(client);
    expect(await approveRefund(admin, asked.id)).toMatchObject({ status: 'processed' });
    expect(await walletOf(client)).toBe(walletBefore + 1_000);
    expect(await refundedOnPayment(paymentId)).toBe(2_000);
    expect((await refundPostings(asked.id)).map((p) => p.kind)).toEqual(['refund_wallet', 'refund_card']);
    expect(await escrowOf(order)).toBe(order.totalCents! - 3_000);
  });

  it('never sends more to the card than it paid minus what is refunded or reserved to it', async () => {
    const { order, asked } = await approvedCardRefund(1_000);
    await expect(
      requestRefund(admin, { orderId: order.id, amountCents: order.totalCents! - 999, destination: 'card', reason: 'x' }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await approveRefund(admin, asked.id);
    expect(
      await requestRefund(admin, { orderId: order.id, amountCents: order.totalCents! - 1_000, destination: 'card', reason: 'the rest' }),
    ).toMatchObject({ status: 'pending' });
  });
});

describe('faults: Stripe fails or times out during a card refund', () => {
  it('a 500 leaves the refund processing with the error; a retry completes it exactly once', async () => {
    const { paymentId, paymentIntentId, asked } = await approvedCardRefund(1_500);
    fake.failNext(1, { match: 'POST /v1/refunds' });
    const stuck = await approveRefund(admin, asked.id);
    expect(stuck).toMatchObject({
      status: 'processing',
      attempts: 1,
      lastError: expect.stringContaining('StripeAPIError'),
      cardTransactionId: null,
    });
    expect(stripeRefundsOf(paymentIntentId)).toHaveLength(0);
    expect(await refundPostings(asked.id)).toEqual([]);
    expect(await refundedOnPayment(paymentId)).toBe(0);

    const done = await retryRefund(admin, asked.id);
    expect(done).toMatchObject({ status: 'processed', lastError: null });
    expect(stripeRefundsOf(paymentIntentId)).toHaveLength(1);
    expect(await refundPostings(asked.id)).toHaveLength(1);
    expect(await refundedOnPayment(paymentId)).toBe(1_500);
    await expect(retryRefund(admin, asked.id)).rejects.toMatchObject({ code: 'conflict', details: { currentStatus: 'processed' } });
  });

  it('a timeout (Stripe did refund, we never heard): the job retries with the same key and Stripe replays — one refund, one posting', async () => {
    const { paymentId, paymentIntentId, asked } = await approvedCardRefund(1_200);
    fake.delayNext(TIMEOUT_MS * 3, { match: 'POST /v1/refunds' });
    const stuck = await approveRefund(admin, asked.id);
    expect(stuck).toMatchObject({ status: 'processing', attempts: 1, lastError: expect.stringMatching(/Connection|timed out|timeout/i) });
    expect(stripeRefundsOf(paymentIntentId)).toHaveLength(1); // the money already left at Stripe
    expect(await refundPostings(asked.id)).toEqual([]);

    // Too recent for the job (the synchronous path may still be running) …
    expect(await retryProcessingRefunds()).toMatchObject({ picked: 0 });
    // … picked once it is old enough; two workers at once still make one refund and one posting.
    const [a, b] = await Promise.all([retryProcessingRefunds({ now: later() }), retryProcessingRefunds({ now: later() })]);
    expect(a.processed + b.processed).toBeGreaterThanOrEqual(1);
    const calls = refundCalls().filter((c) => c.idempotencyKey === asked.stripeIdempotencyKey);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.slice(1).every((c) => c.replayed)).toBe(true);
    expect(stripeRefundsOf(paymentIntentId)).toHaveLength(1);
    expect(await Refund.findByPk(asked.id)).toMatchObject({ status: 'processed', stripeRefundId: stripeRefundsOf(paymentIntentId)[0]!.id });
    expect(await refundPostings(asked.id)).toHaveLength(1);
    expect(await refundedOnPayment(paymentId)).toBe(1_200);
  });

  it('a definitive refusal fails the card part and frees it; nothing is posted', async () => {
    const { order, paymentId, asked } = await approvedCardRefund(800);
    fake.failNext(1, {
      match: 'POST /v1/refunds',
      status: 400,
      type: 'invalid_request_error',
      code: 'charge_already_refunded',
      message: 'Charge already refunded',
    });
    const failed = await approveRefund(admin, asked.id);
    expect(failed).toMatchObject({
      status: 'failed',
      lastError: expect.stringContaining('charge_already_refunded'),
      failedAt: expect.any(Date),
    });
    expect(await refundPostings(asked.id)).toEqual([]);
    expect(await refundedOnPayment(paymentId)).toBe(0);
    expect(await retryProcessingRefunds({ now: later() })).toMatchObject({ processed: 0 });
    // The failed card part no longer holds the order's money.
    expect(
      await requestRefund(admin, {
        orderId: order.id,
        amountCents: order.totalCents!,
        destination: 'wallet',
        reason: 'to the wallet instead',
      }),
    ).toMatchObject({ status: 'pending' });
  });
});

describe('the retry job', () => {
  it('run by the real scheduler, completes a refund Stripe failed on, once', async () => {
    const { paymentId, paymentIntentId, asked } = await approvedCardRefund(700);
    fake.failNext(1, { match: 'POST /v1/refunds', status: 503 });
    expect(await approveRefund(admin, asked.id)).toMatchObject({ status: 'processing' });
    // As if the failure was a while ago (the job leaves fresh ones to the synchronous path).
    await getSequelize().query("UPDATE refunds SET updated_at = now() - interval '15 minutes' WHERE id = $1", { bind: [asked.id] });
    const scheduler = await startScheduler(t.context, { embedded: !t.realPostgres });
    try {
      const job = await scheduler.agenda.now(REFUND_JOBS.retryProcessing.name);
      const deadline = Date.now() + 30_000;
      for (;;) {
        const [state] = await getSequelize().query<{ last_finished_at: Date | null; fail_reason: string | null }>(
          'SELECT last_finished_at, fail_reason FROM agenda_jobs WHERE id = $1',
          { bind: [String(job.attrs._id)], type: QueryTypes.SELECT },
        );
        if (state?.fail_reason) throw new Error(`the job failed: ${state.fail_reason}`);
        if (state?.last_finished_at) break;
        if (Date.now() > deadline) throw new Error('the job did not finish in 30 s');
        await sleep(100);
      }
    } finally {
      await scheduler.stop(1_000);
    }
    expect(await Refund.findByPk(asked.id)).toMatchObject({ status: 'processed', attempts: 1 });
    expect(stripeRefundsOf(paymentIntentId)).toHaveLength(1);
    expect(await refundPostings(asked.id)).toHaveLength(1);
    expect(await refundedOnPayment(paymentId)).toBe(700);
  });
});

describe('charge.refunded webhook', () => {
  it('confirms a refund left processing by a timeout; a duplicate delivery and the later retry add nothing', async () => {
    const { paymentId, paymentIntentId, asked } = await approvedCardRefund(900);
    const from = fake.events.length;
    fake.delayNext(TIMEOUT_MS * 3, { match: 'POST /v1/refunds' });
    expect(await approveRefund(admin, asked.id)).toMatchObject({ status: 'processing' });
    const event = fake.events.slice(from).find((e) => e.type === 'charge.refunded')!;
    expect(event).toBeDefined();

    const first = await fake.deliver(t.app, event);
    expect(first).toMatchObject({ status: 200, body: { status: 'processed', duplicate: false } });
    expect(await Refund.findByPk(asked.id)).toMatchObject({ status: 'processed' });
    const again = await fake.deliver(t.app, event);
    expect(again).toMatchObject({ status: 200, body: { duplicate: true } });
    expect(await retryProcessingRefunds({ now: later() })).toMatchObject({ picked: 0 });

    expect(stripeRefundsOf(paymentIntentId)).toHaveLength(1);
    expect(await refundPostings(asked.id)).toHaveLength(1);
    expect(await refundedOnPayment(paymentId)).toBe(900);
    expect(await StripeEvent.count({ where: { stripeEventId: String(event.id) } })).toBe(1);
  });

  it("arriving before Stripe's answer (automatic delivery) and again after: one posting", async () => {
    const { paymentId, asked } = await approvedCardRefund(600);
    fake.autoDeliver(t.app);
    try {
      expect(await approveRefund(admin, asked.id)).toMatchObject({ status: 'processed', stripeRefundId: expect.stringMatching(/^re_/) });
    } finally {
      fake.autoDeliver(null);
    }
    expect(fake.deliveries.filter((d) => d.type === 'charge.refunded').at(-1)).toMatchObject({ status: 200 });
    expect(await refundPostings(asked.id)).toHaveLength(1);
    expect(await refundedOnPayment(paymentId)).toBe(600);
  });

  it('ignores refunds made outside Scriptorium (an unknown charge)', async () => {
    const signed = fake.webhookEvent('charge.refunded', {
      id: 'ch_unknown',
      object: 'charge',
      payment_intent: 'pi_unknown',
      amount: 1_000,
      amount_refunded: 1_000,
      refunded: true,
      metadata: {},
    });
    expect(await fake.deliver(t.app, signed)).toMatchObject({ status: 200, body: { status: 'ignored' } });
  });
});
