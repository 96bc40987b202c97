import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Refund } from '../../src/payments/refunds/models.js';
import { approveRefund } from '../../src/payments/refunds/service/approve.js';
import { requestRefund } from '../../src/payments/refunds/service/request.js';
import { reprocessFailedStripeEvents } from '../../src/payments/stripe-events/index.js';
import { actorFor } from '../orders/fixtures.js';
import type { FakeStripe, StripeObject } from '../support/fake-stripe.js';
import type { TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { rows, startWithFakeStripe, type FakeStripeApp } from './card-helpers.js';
import { cardPaidOrder, refundedOnPayment, refundPostings, type CardPaidOrder, type Who } from './refund-fixtures.js';

/**
 * charge.refunded confirms a refund of ours only when Stripe names it — by the Stripe refund id we
 * stored or by its metadata.refundId — read from the event's list, or from Stripe when the event
 * does not list the charge's refunds (the API version we pin never does). Never by amount.
 */
let stripe: FakeStripeApp;
let fake: FakeStripe;
let t: TestApp;
let client: Who;
let admin: Who;
const TIMEOUT_MS = 1_000;

beforeAll(async () => {
  stripe = await startWithFakeStripe({ STRIPE_TIMEOUT_MS: String(TIMEOUT_MS) });
  ({ fake, t } = stripe);
  client = (await actorFor('client@scriptorium.test')) as Who;
  admin = (await actorFor('admin@scriptorium.test')) as Who;
});
afterEach(() => expectLedgerBalanced());
afterAll(() => stripe?.close());

const chargeOf = (paid: CardPaidOrder) => fake.state.charge(String(fake.state.paymentIntent(paid.paymentIntentId).latest_charge));
const listCalls = (chargeId: string) =>
  fake.requests.filter((r) => r.method === 'GET' && r.path === '/v1/refunds' && r.body.charge === chargeId);
const lastChargeRefunded = (chargeId: string): StripeObject =>
  fake
    .eventsOf('charge.refunded')
    .filter((e) => (e.data as { object: { id: string } }).object.id === chargeId)
    .at(-1)!;

/** A card refund approved while Stripe did the refund but its answer never came back: processing, no Stripe id. */
async function refundStripeMadeSilently(paid: CardPaidOrder, amountCents: number): Promise<Refund> {
  const asked = await requestRefund(admin, { orderId: paid.order.id, amountCents, destination: 'card', reason: 'Late delivery' });
  fake.delayNext(TIMEOUT_MS * 3, { match: 'POST /v1/refunds' });
  expect(await approveRefund(admin, asked.id)).toMatchObject({ status: 'processing', stripeRefundId: null });
  return asked;
}

/** A card refund approved while Stripe was down: processing, and nothing happened at Stripe. */
async function refundStripeNeverMade(paid: CardPaidOrder, amountCents: number): Promise<Refund> {
  const asked = await requestRefund(admin, { orderId: paid.order.id, amountCents, destination: 'card', reason: 'Late delivery' });
  fake.failNext(1, { match: 'POST /v1/refunds', status: 503 });
  expect(await approveRefund(admin, asked.id)).toMatchObject({ status: 'processing' });
  return asked;
}

describe('charge.refunded without the refunds in the event', () => {
  it("reads the charge's refunds from Stripe and confirms ours once; a redelivery reads nothing more", async () => {
    const paid = await cardPaidOrder(fake, client);
    const charge = chargeOf(paid);
    const refund = await refundStripeMadeSilently(paid, 900);
    const event = lastChargeRefunded(charge.id);
    expect((event.data as { object: Record<string, unknown> }).object).not.toHaveProperty('refunds');

    expect(await fake.deliver(t.app, event)).toMatchObject({ status: 200, body: { status: 'processed', duplicate: false } });
    const stripeRefund = [...fake.state.refunds.values()].find((r) => r.charge === charge.id)!;
    expect(await Refund.findByPk(refund.id)).toMatchObject({ status: 'processed', stripeRefundId: stripeRefund.id });
    expect(listCalls(charge.id)).toHaveLength(1);
    expect(await refundPostings(refund.id)).toHaveLength(1);
    expect(await refundedOnPayment(paid.paymentId)).toBe(900);

    expect(await fake.deliver(t.app, event)).toMatchObject({ status: 200, body: { duplicate: true } });
    expect(listCalls(charge.id)).toHaveLength(1);
    expect(await refundPostings(refund.id)).toHaveLength(1);
  });

  it('two refunds of one amount, only the newer one reached Stripe: that one is confirmed, not the older', async () => {
    const paid = await cardPaidOrder(fake, client);
    const older = await refundStripeNeverMade(paid, 500);
    const newer = await refundStripeMadeSilently(paid, 500);
    await fake.deliver(t.app, lastChargeRefunded(chargeOf(paid).id));
    expect(await Refund.findByPk(newer.id)).toMatchObject({ status: 'processed' });
    expect(await Refund.findByPk(older.id)).toMatchObject({ status: 'processing', stripeRefundId: null });
    expect(await refundPostings(older.id)).toEqual([]);
    expect(await refundedOnPayment(paid.paymentId)).toBe(500);
  });

  it('a refund made in the Stripe dashboard is not taken for ours of the same amount', async () => {
    const paid = await cardPaidOrder(fake, client);
    const ours = await refundStripeNeverMade(paid, 700);
    fake.state.createRefund({ charge: chargeOf(paid).id, amount: '700' });
    expect(await fake.deliver(t.app, lastChargeRefunded(chargeOf(paid).id))).toMatchObject({ status: 200, body: { status: 'processed' } });
    expect(await Refund.findByPk(ours.id)).toMatchObject({ status: 'processing' });
    expect(await refundPostings(ours.id)).toEqual([]);
    expect(await refundedOnPayment(paid.paymentId)).toBe(0);
  });

  it('matches by the Stripe refund id we stored when the Stripe refund carries no metadata of ours', async () => {
    const paid = await cardPaidOrder(fake, client);
    const ours = await refundStripeNeverMade(paid, 400);
    const atStripe = fake.state.createRefund({ payment_intent: paid.paymentIntentId, amount: '400' });
    await rows('UPDATE refunds SET stripe_refund_id = $2 WHERE id = $1 RETURNING id', [ours.id, atStripe.id]);
    await fake.deliver(t.app, lastChargeRefunded(chargeOf(paid).id));
    expect(await Refund.findByPk(ours.id)).toMatchObject({ status: 'processed', stripeRefundId: atStripe.id });
    expect(await refundPostings(ours.id)).toHaveLength(1);
  });

  it('Stripe unreachable while reading the list: the event is kept failed, the retry confirms once', async () => {
    const paid = await cardPaidOrder(fake, client);
    const refund = await refundStripeMadeSilently(paid, 300);
    const event = lastChargeRefunded(chargeOf(paid).id);
    fake.failNext(1, { match: 'GET /v1/refunds', status: 503 });
    expect(await fake.deliver(t.app, event)).toMatchObject({ status: 200, body: { status: 'failed' } });
    expect(await Refund.findByPk(refund.id)).toMatchObject({ status: 'processing' });
    expect(await rows('SELECT status, attempts FROM stripe_events WHERE stripe_event_id = $1', [event.id])).toEqual([
      { status: 'failed', attempts: 1 },
    ]);

    expect(await reprocessFailedStripeEvents()).toMatchObject({ processed: 1 });
    expect(await Refund.findByPk(refund.id)).toMatchObject({ status: 'processed' });
    expect(await refundPostings(refund.id)).toHaveLength(1);
    expect(await refundedOnPayment(paid.paymentId)).toBe(300);
  });

  it('with no refund of ours waiting, Stripe is not asked', async () => {
    const paid = await cardPaidOrder(fake, client);
    const asked = await requestRefund(admin, { orderId: paid.order.id, amountCents: 250, destination: 'card', reason: 'Goodwill' });
    expect(await approveRefund(admin, asked.id)).toMatchObject({ status: 'processed' });
    const charge = chargeOf(paid);
    expect(await fake.deliver(t.app, lastChargeRefunded(charge.id))).toMatchObject({ status: 200 });
    expect(listCalls(charge.id)).toEqual([]);
    expect(await refundPostings(asked.id)).toHaveLength(1);
  });
});

describe('charge.refunded listing the refunds (older API versions)', () => {
  const withList = (charge: StripeObject, refunds: StripeObject[]) =>
    fake.webhookEvent('charge.refunded', {
      ...charge,
      refunds: { object: 'list', data: refunds, has_more: false, total_count: refunds.length, url: `/v1/charges/${charge.id}/refunds` },
    });

  it('confirms from the list in the event, without asking Stripe', async () => {
    const paid = await cardPaidOrder(fake, client);
    const refund = await refundStripeMadeSilently(paid, 600);
    const charge = chargeOf(paid);
    const listed = [...fake.state.refunds.values()].filter((r) => r.charge === charge.id);
    expect(await fake.deliver(t.app, withList(charge, listed))).toMatchObject({ status: 200, body: { status: 'processed' } });
    expect(await Refund.findByPk(refund.id)).toMatchObject({ status: 'processed', stripeRefundId: listed[0]!.id });
    expect(listCalls(charge.id)).toEqual([]);
    expect(await refundPostings(refund.id)).toHaveLength(1);
  });

  it('matches a listed refund without our metadata by the Stripe refund id we stored', async () => {
    const paid = await cardPaidOrder(fake, client);
    const ours = await refundStripeNeverMade(paid, 450);
    const atStripe = fake.state.createRefund({ payment_intent: paid.paymentIntentId, amount: '450' });
    await rows('UPDATE refunds SET stripe_refund_id = $2 WHERE id = $1 RETURNING id', [ours.id, atStripe.id]);
    expect(await fake.deliver(t.app, withList(chargeOf(paid), [atStripe]))).toMatchObject({ status: 200, body: { status: 'processed' } });
    expect(await Refund.findByPk(ours.id)).toMatchObject({ status: 'processed', stripeRefundId: atStripe.id });
    expect(await refundPostings(ours.id)).toHaveLength(1);
  });

  it('a listed refund still pending at Stripe confirms nothing yet', async () => {
    const paid = await cardPaidOrder(fake, client);
    const refund = await refundStripeMadeSilently(paid, 650);
    const charge = chargeOf(paid);
    const pending = [...fake.state.refunds.values()].filter((r) => r.charge === charge.id).map((r) => ({ ...r, status: 'pending' }));
    expect(await fake.deliver(t.app, withList(charge, pending))).toMatchObject({ status: 200 });
    expect(await Refund.findByPk(refund.id)).toMatchObject({ status: 'processing' });
    expect(await refundPostings(refund.id)).toEqual([]);
  });
});
