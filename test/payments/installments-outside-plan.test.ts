import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../../src/orders/models.js';
import { Payment, payOrderFromWallet } from '../../src/payments/index.js';
import { cancelInstallmentPlan, createInstallmentPlan } from '../../src/payments/installments/index.js';
import { actorFor } from '../orders/fixtures.js';
import type { FakeStripe, StripeObject } from '../support/fake-stripe.js';
import type { TestApp } from '../support/harness.js';
import { escrowOf, expectLedgerBalanced, fundWallet, walletOf } from '../support/ledger.js';
import { cardIntentRequest, intentIdOf, rows, startCardTest, type CardTest } from './card-helpers.js';
import { payRequest, unpaidOrder, type ClientActor } from './fixtures.js';
import { payInstallment } from './installments-fixtures.js';

/**
 * Money outside an installment plan: while an order has an active plan it is paid only through its
 * installments. A plain order payment, wallet or card, is refused with a 409 naming the next
 * installment (the rule lives in the payments services, not in a route); card money for a plain
 * payment that Stripe confirms after a plan was made goes to the client's wallet.
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
afterEach(() => expectLedgerBalanced());
afterAll(() => card?.close());

const support = () => actorFor('support@scriptorium.test');
const paymentsOf = (orderId: number) => Payment.findAll({ where: { orderId }, order: [['id', 'ASC']] });

async function orderWithPlan() {
  const order = await unpaidOrder(client);
  const { plan, installments } = await createInstallmentPlan(await support(), order.id, {
    proposal: { split: 'equal', count: 2, intervalDays: 3 },
  });
  return { order, plan, installments };
}

describe('from the wallet', () => {
  it('a plain payment (all or part) is a 409 naming the next installment; nothing moves; the installment itself is paid', async () => {
    const { order, plan, installments } = await orderWithPlan();
    await fundWallet(client.websiteId, client.userId, order.totalCents!);
    const before = await walletOf(client);
    for (const body of [{ method: 'wallet' }, { method: 'wallet', amountCents: installments[0]!.amountCents }]) {
      const res = await payRequest(t.app, token, order.id, body);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({
        code: 'conflict',
        reason: 'installment_plan_active',
        planId: plan.id,
        installmentId: installments[0]!.id,
      });
      expect(res.body.error.message).toMatch(/pay installment 1 /);
    }
    // The service refuses, whatever door calls it.
    await expect(payOrderFromWallet(client, order.id, {})).rejects.toMatchObject({
      code: 'conflict',
      details: { installmentId: installments[0]!.id },
    });
    expect(await walletOf(client)).toBe(before);
    expect(await paymentsOf(order.id)).toEqual([]);

    expect((await payInstallment(t.app, token, order.id)).status).toBe(201);
    const next = await payRequest(t.app, token, order.id, { method: 'wallet' });
    expect(next.status).toBe(409);
    expect(next.body.error.installmentId).toBe(installments[1]!.id);
  });

  it('once staff cancel the plan, the rest is paid as any order', async () => {
    const { order, installments } = await orderWithPlan();
    await fundWallet(client.websiteId, client.userId, order.totalCents!);
    expect((await payInstallment(t.app, token, order.id)).status).toBe(201);
    await cancelInstallmentPlan(await support(), { orderId: order.id }, 'Client pays the rest at once');
    const rest = await payRequest(t.app, token, order.id, { method: 'wallet' });
    expect(rest.status, JSON.stringify(rest.body)).toBe(201);
    expect(rest.body.order).toMatchObject({ status: 'ready_for_staffing', paidCents: order.totalCents });
    expect(rest.body.payment.amountCents).toBe(installments[1]!.amountCents);
  });

  it('in one batch with other orders: the planned orders are refused, the others paid together', async () => {
    const planned = await Promise.all([0, 1, 2].map(() => orderWithPlan()));
    const plain = await Promise.all([0, 1, 2].map(() => unpaidOrder(client)));
    await fundWallet(
      client.websiteId,
      client.userId,
      [...planned.map((p) => p.order), ...plain].reduce((a, o) => a + o.totalCents!, 0),
    );
    // Called at the same moment, the service groups them (one transaction per batch).
    const results = await Promise.allSettled([...planned.map((p) => p.order), ...plain].map((o) => payOrderFromWallet(client, o.id)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(results.slice(0, 3).map((r) => (r as PromiseRejectedResult).reason.details.installmentId)).toEqual(
      planned.map((p) => p.installments[0]!.id),
    );
    const paidIds = results.slice(3).map((r) => (r as PromiseFulfilledResult<{ payment: Payment }>).value.payment.id);
    expect(await rows('SELECT DISTINCT xmin::text FROM payments WHERE id = ANY($1::bigint[])', [paidIds])).toHaveLength(1);
    for (const { order } of planned) expect(await escrowOf(order)).toBe(0);
    for (const order of plain) expect((await Order.findByPk(order.id))!.status).toBe('ready_for_staffing');
  });
});

describe('by card', () => {
  it('a plain card payment is refused before Stripe is called; the installment purpose is the way', async () => {
    const { order, installments } = await orderWithPlan();
    const calls = fake.requests.length;
    const res = await cardIntentRequest(t.app, token, { purpose: 'order', orderId: order.id });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ reason: 'installment_plan_active', installmentId: installments[0]!.id });
    expect(fake.requests.length).toBe(calls);
    expect(await paymentsOf(order.id)).toEqual([]);
    const ok = await cardIntentRequest(t.app, token, { purpose: 'installment', orderId: order.id, installmentId: installments[0]!.id });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });

  it('a plain card payment started before the plan and confirmed after: its money goes to the wallet, the plan stays in step', async () => {
    const order = await unpaidOrder(client);
    const started = await cardIntentRequest(t.app, token, { purpose: 'order', orderId: order.id, amountCents: 1_000 });
    expect(started.status).toBe(201);
    const intentId = intentIdOf(started.body.clientSecret);
    await createInstallmentPlan(await support(), order.id, { proposal: { split: 'equal', count: 2, intervalDays: 3 } });
    const before = await walletOf(client);
    await fake.succeed(intentId);
    const event = fake
      .eventsOf('payment_intent.succeeded')
      .filter((e) => (e.data as { object: { id: string } }).object.id === intentId)
      .at(-1) as StripeObject;
    expect(await fake.deliver(t.app, event)).toMatchObject({ status: 200, body: { status: 'processed' } });
    expect(await Payment.findByPk(started.body.paymentId)).toMatchObject({
      status: 'succeeded',
      purpose: 'order',
      creditedToWallet: true,
      reference: expect.stringContaining('paid through its installment plan'),
    });
    expect(await walletOf(client)).toBe(before + 1_000);
    expect((await Order.findByPk(order.id))!.paidCents).toBe(0);
    // The plan still covers what the order owes: its first installment is paid from that wallet money.
    expect((await payInstallment(t.app, token, order.id)).status).toBe(201);
  });
});
