import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startScheduler } from '../../jobs/index.js';
import { STRIPE_EVENT_JOBS } from '../../jobs/stripe-events.js';
import { Order } from '../../src/orders/models.js';
import { settleAbandonedCardPayments } from '../../src/payments/card/cleanup.js';
import { Payment, startCardPayment } from '../../src/payments/index.js';
import type { FakeStripe, StripeObject } from '../support/fake-stripe.js';
import type { TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { cardIntentRequest, orderWithIntent, postingsOfPayment, rows, startCardTest, type CardTest } from './card-helpers.js';
import { unpaidOrder, type ClientActor } from './fixtures.js';

/**
 * The payments.card-cleanup job: card payments left open past their age are settled as Stripe has
 * them — through the webhooks' own functions, once — or their intent is cancelled at Stripe.
 * Each test ages its own payments (created 25 h ago), so the job picks only those.
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

/** The payment was started 25 hours ago (the default age is 24 h). */
const age = (...paymentIds: number[]) =>
  rows("UPDATE payments SET created_at = created_at - interval '25 hours' WHERE id = ANY($1::bigint[]) RETURNING id", [paymentIds]);
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000);

const statusOf = async (paymentId: number) => (await Payment.findByPk(paymentId))!.status;
const audits = (paymentId: number, action: string) =>
  rows("SELECT id FROM audit_logs WHERE target_type = 'payment' AND target_id = $1 AND action = $2", [String(paymentId), action]);
const retrievals = (intentId: string) => fake.requests.filter((r) => r.method === 'GET' && r.path === `/v1/payment_intents/${intentId}`);
const cancelCalls = (intentId: string) =>
  fake.requests.filter((r) => r.method === 'POST' && r.path === `/v1/payment_intents/${intentId}/cancel`);
const eventOf = (type: string, intentId: string): StripeObject =>
  fake
    .eventsOf(type)
    .filter((e) => (e.data as { object: { id: string } }).object.id === intentId)
    .at(-1)!;

/** A card payment whose create call timed out after Stripe made its intent: pending, no intent id stored. */
async function timedOutPayment(): Promise<{ paymentId: number; intentId: string }> {
  const order = await unpaidOrder(client);
  fake.delayNext(2_000, { match: 'POST /v1/payment_intents' });
  const res = await cardIntentRequest(t.app, token, { purpose: 'order', orderId: order.id }, randomUUID());
  expect(res.status).toBe(503);
  const paymentId = res.body.error.paymentId as number;
  const intent = [...fake.state.paymentIntents.values()].find(
    (pi) => (pi.metadata as Record<string, string>).paymentId === String(paymentId),
  )!;
  expect(await Payment.findByPk(paymentId)).toMatchObject({ status: 'pending', stripePaymentIntentId: null });
  return { paymentId, intentId: intent.id };
}

describe('what Stripe decided while we never heard', () => {
  it('records a payment that succeeded at Stripe (webhook lost) once; the late webhook adds nothing', async () => {
    const { order, paymentId, intentId } = await orderWithIntent(card);
    await fake.succeed(intentId);
    await age(paymentId);
    expect(await settleAbandonedCardPayments()).toMatchObject({ picked: 1, succeeded: 1, errors: 0 });
    expect((await Order.findByPk(order.id))!).toMatchObject({ status: 'ready_for_staffing', paidCents: order.totalCents });
    expect(cancelCalls(intentId)).toEqual([]);
    expect(await fake.deliver(t.app, eventOf('payment_intent.succeeded', intentId))).toMatchObject({
      status: 200,
      body: { status: 'processed' },
    });
    expect(await postingsOfPayment(paymentId)).toHaveLength(2);
    expect(await audits(paymentId, 'payment.succeeded')).toHaveLength(1);
  });

  it('records an intent canceled at Stripe (webhook lost) without calling cancel again', async () => {
    const { paymentId, intentId } = await orderWithIntent(card);
    fake.state.cancelPaymentIntent(intentId, { cancellation_reason: 'requested_by_customer' });
    await age(paymentId);
    expect(await settleAbandonedCardPayments()).toMatchObject({ picked: 1, cancelled: 1 });
    expect((await Payment.findByPk(paymentId))!).toMatchObject({
      status: 'cancelled',
      failureReason: expect.stringContaining('requested_by_customer'),
    });
    expect(cancelCalls(intentId)).toEqual([]);
  });

  it('leaves a payment younger than the age alone (no Stripe call)', async () => {
    const { paymentId, intentId } = await orderWithIntent(card);
    expect(await settleAbandonedCardPayments()).toMatchObject({ picked: 0 });
    expect(await statusOf(paymentId)).toBe('pending');
    expect(retrievals(intentId)).toEqual([]);
    // A shorter configured age (in minutes) reaches it.
    await rows("UPDATE payments SET created_at = created_at - interval '2 hours' WHERE id = $1", [paymentId]);
    expect(await settleAbandonedCardPayments({ olderThanMinutes: 60 })).toMatchObject({ picked: 1, cancelled: 1 });
  });
});

describe('abandoned intents', () => {
  it('cancels at Stripe an intent still waiting for a card, then the payment; the canceled webhook adds nothing', async () => {
    const { order, paymentId, intentId } = await orderWithIntent(card);
    await age(paymentId);
    expect(await settleAbandonedCardPayments()).toMatchObject({ picked: 1, cancelled: 1 });
    expect(cancelCalls(intentId)).toHaveLength(1);
    expect(cancelCalls(intentId)[0]).toMatchObject({
      body: { cancellation_reason: 'abandoned' },
      idempotencyKey: `scriptorium-card-abandon-${intentId}`,
    });
    expect(fake.state.paymentIntent(intentId).status).toBe('canceled');
    expect((await Payment.findByPk(paymentId))!).toMatchObject({
      status: 'cancelled',
      failureReason: expect.stringContaining('abandoned'),
    });
    expect(await fake.deliver(t.app, eventOf('payment_intent.canceled', intentId))).toMatchObject({
      status: 200,
      body: { status: 'processed' },
    });
    expect(await audits(paymentId, 'payment.cancelled')).toHaveLength(1);
    expect((await Order.findByPk(order.id))!).toMatchObject({ status: 'pending_payment', paidCents: 0 });
    expect(await postingsOfPayment(paymentId)).toEqual([]);
  });

  it('a decline whose webhook was lost is recorded first, then the intent is cancelled', async () => {
    const { paymentId, intentId } = await orderWithIntent(card);
    await fake.decline(intentId, 'pm_card_chargeDeclinedExpiredCard');
    await age(paymentId);
    expect(await settleAbandonedCardPayments()).toMatchObject({ picked: 1, cancelled: 1 });
    expect(await audits(paymentId, 'payment.failed')).toHaveLength(1);
    expect(await audits(paymentId, 'payment.cancelled')).toHaveLength(1);
    expect(fake.state.paymentIntent(intentId).status).toBe('canceled');
  });

  it('a failed payment past the age has its intent cancelled, so no card can pay it any more', async () => {
    const { paymentId, intentId } = await orderWithIntent(card);
    await fake.decline(intentId);
    await fake.deliver(t.app, eventOf('payment_intent.payment_failed', intentId));
    expect(await statusOf(paymentId)).toBe('failed');
    await age(paymentId);
    expect(await settleAbandonedCardPayments()).toMatchObject({ picked: 1, cancelled: 1 });
    expect(cancelCalls(intentId)).toHaveLength(1);
    expect(await statusOf(paymentId)).toBe('cancelled');
  });

  it('the client pays in the very minute the job cancels: Stripe refuses the cancel and the payment is recorded', async () => {
    const { order, paymentId, intentId } = await orderWithIntent(card);
    await age(paymentId);
    // The job's retrieve sees the intent still open; its answer is held while the client pays.
    const retrieve = `GET /v1/payment_intents/${intentId}`;
    const held = fake.holdNext(retrieve);
    const run = settleAbandonedCardPayments();
    await fake.waitForRequest(retrieve);
    await fake.succeed(intentId);
    held.release();
    expect(await run).toMatchObject({ picked: 1, succeeded: 1, errors: 0 });
    expect(cancelCalls(intentId)).toEqual([expect.objectContaining({ status: 400 })]);
    expect(fake.state.paymentIntent(intentId).status).toBe('succeeded');
    expect((await Order.findByPk(order.id))!.paidCents).toBe(order.totalCents);
    expect(await postingsOfPayment(paymentId)).toHaveLength(2);
  });
});

describe('a create call that timed out after Stripe made the intent', () => {
  it('finds the intent by its metadata: a paid one is recorded, an unpaid one cancelled at Stripe', async () => {
    const paid = await timedOutPayment();
    const unpaid = await timedOutPayment();
    await fake.succeed(paid.intentId);
    await age(paid.paymentId, unpaid.paymentId);
    expect(await settleAbandonedCardPayments()).toMatchObject({ picked: 2, succeeded: 1, cancelled: 1, errors: 0 });
    const searches = fake.requests.filter((r) => r.path === '/v1/payment_intents/search');
    expect(searches.map((r) => r.body.query)).toEqual(
      expect.arrayContaining([expect.stringContaining(`metadata['paymentId']:'${paid.paymentId}'`)]),
    );
    expect(await Payment.findByPk(paid.paymentId)).toMatchObject({ status: 'succeeded', stripePaymentIntentId: paid.intentId });
    expect(await postingsOfPayment(paid.paymentId)).toHaveLength(2);
    expect(await Payment.findByPk(unpaid.paymentId)).toMatchObject({ status: 'cancelled', stripePaymentIntentId: unpaid.intentId });
    expect(fake.state.paymentIntent(unpaid.intentId).status).toBe('canceled');
  });

  it('a payment Stripe has no intent for (the call never got there) is cancelled', async () => {
    const order = await unpaidOrder(client);
    const payment = await startCardPayment(client, { purpose: 'order', orderId: order.id });
    await age(payment.id);
    expect(await settleAbandonedCardPayments()).toMatchObject({ picked: 1, cancelled: 1 });
    expect((await Payment.findByPk(payment.id))!).toMatchObject({
      status: 'cancelled',
      failureReason: expect.stringContaining('no PaymentIntent'),
    });
  });
});

describe('safe twice and on many workers', () => {
  it('two workers at once, then a later run: each payment asked about once, each effect once', async () => {
    const [a, b, c] = [await orderWithIntent(card), await orderWithIntent(card), await orderWithIntent(card)];
    await fake.succeed(a.intentId);
    fake.state.cancelPaymentIntent(b.intentId, {});
    await age(a.paymentId, b.paymentId, c.paymentId);
    const [one, two] = await Promise.all([settleAbandonedCardPayments(), settleAbandonedCardPayments()]);
    expect(one.picked + two.picked).toBe(3);
    expect(one.succeeded + two.succeeded).toBe(1);
    expect(one.cancelled + two.cancelled).toBe(2);
    for (const { intentId } of [a, b, c]) expect(retrievals(intentId)).toHaveLength(1);
    expect(cancelCalls(c.intentId)).toHaveLength(1);

    expect(await settleAbandonedCardPayments({ now: inMinutes(120) })).toMatchObject({ picked: 0 });
    expect(await postingsOfPayment(a.paymentId)).toHaveLength(2);
    expect(await audits(a.paymentId, 'payment.succeeded')).toHaveLength(1);
    for (const { paymentId } of [b, c]) expect(await audits(paymentId, 'payment.cancelled')).toHaveLength(1);
  });

  it('an intent Stripe is still processing stays open and is asked about again only after an hour', async () => {
    const { order, paymentId, intentId } = await orderWithIntent(card);
    fake.state.paymentIntent(intentId).status = 'processing';
    await age(paymentId);
    expect(await settleAbandonedCardPayments()).toMatchObject({ picked: 1, open: 1 });
    expect(await settleAbandonedCardPayments({ now: inMinutes(30) })).toMatchObject({ picked: 0 });
    fake.state.chargeIntent(fake.state.paymentIntent(intentId));
    expect(await settleAbandonedCardPayments({ now: inMinutes(61) })).toMatchObject({ picked: 1, succeeded: 1 });
    expect((await Order.findByPk(order.id))!.status).toBe('ready_for_staffing');
    expect(retrievals(intentId)).toHaveLength(2);
    expect(await rows('SELECT card_check_attempts FROM payments WHERE id = $1', [paymentId])).toEqual([{ card_check_attempts: 2 }]);
  });

  it('Stripe unreachable: nothing changes, the next check settles it', async () => {
    const { paymentId, intentId } = await orderWithIntent(card);
    await age(paymentId);
    fake.failNext(1, { match: `GET /v1/payment_intents/${intentId}`, status: 503 });
    expect(await settleAbandonedCardPayments()).toMatchObject({ picked: 1, errors: 1, open: 1 });
    expect(await statusOf(paymentId)).toBe('pending');
    expect(await settleAbandonedCardPayments({ now: inMinutes(61) })).toMatchObject({ picked: 1, cancelled: 1, errors: 0 });
  });

  it('runs as the payments.card-cleanup job of the real scheduler', async () => {
    const { paymentId, intentId } = await orderWithIntent(card);
    await age(paymentId);
    const scheduler = await startScheduler(t.context, { embedded: !t.realPostgres });
    try {
      const job = await scheduler.agenda.now(STRIPE_EVENT_JOBS.cardCleanup.name);
      const deadline = Date.now() + 30_000;
      for (;;) {
        const [state] = await rows<{ last_finished_at: Date | null; fail_reason: string | null }>(
          'SELECT last_finished_at, fail_reason FROM agenda_jobs WHERE id = $1',
          [String(job.attrs._id)],
        );
        if (state?.fail_reason) throw new Error(`the job failed: ${state.fail_reason}`);
        if (state?.last_finished_at) break;
        if (Date.now() > deadline) throw new Error('the job did not finish in 30 s');
        await sleep(100);
      }
    } finally {
      await scheduler.stop(1_000);
    }
    expect(await statusOf(paymentId)).toBe('cancelled');
    expect(cancelCalls(intentId)).toHaveLength(1);
  });
});
