import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../../src/orders/models.js';
import { settleAbandonedCardPayments } from '../../src/payments/card/cleanup.js';
import { getReceipt, Payment } from '../../src/payments/index.js';
import { cancelInstallmentPlan, createInstallmentPlan, Installment, InstallmentPlan } from '../../src/payments/installments/index.js';
import { HOST_A, login } from '../identity/helpers.js';
import { actorFor } from '../orders/fixtures.js';
import type { FakeStripe, StripeObject } from '../support/fake-stripe.js';
import type { TestApp } from '../support/harness.js';
import { escrowOf, expectLedgerBalanced, fundWallet, walletOf } from '../support/ledger.js';
import { cardIntentRequest, intentIdOf, postingsOfPayment, rows, startCardTest, syncRequest, type CardTest } from './card-helpers.js';
import { clientWithLogin, unpaidOrder, type ClientActor } from './fixtures.js';
import { getPlan, payInstallment } from './installments-fixtures.js';

/**
 * An installment paid by card (POST /payments/card-intents, purpose installment): the amount is the
 * installment's, Stripe's confirmation (webhook or the client's sync, whichever first) pays it once
 * through the same bookkeeping as the wallet; a second card payment for an installment already paid
 * goes to the client's wallet; an abandoned intent leaves the installment unpaid.
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

const eventOf = (type: string, intentId: string): StripeObject =>
  fake
    .eventsOf(type)
    .filter((e) => (e.data as { object: { id: string } }).object.id === intentId)
    .at(-1)!;

async function orderWithPlan(count = 3) {
  const order = await unpaidOrder(client);
  const support = await actorFor('support@scriptorium.test');
  const { plan, installments } = await createInstallmentPlan(support, order.id, { proposal: { split: 'equal', count, intervalDays: 2 } });
  return { order, plan, installments };
}

async function startInstallmentIntent(orderId: number, installmentId: number, key = randomUUID()) {
  const res = await cardIntentRequest(t.app, token, { purpose: 'installment', orderId, installmentId }, key);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return {
    paymentId: res.body.paymentId as number,
    intentId: intentIdOf(res.body.clientSecret),
    amountCents: res.body.amountCents as number,
  };
}

/** The customer pays in the browser and Stripe's webhook arrives. */
async function confirmByWebhook(intentId: string) {
  await fake.succeed(intentId);
  const delivered = await fake.deliver(t.app, eventOf('payment_intent.succeeded', intentId));
  expect(delivered).toMatchObject({ status: 200, body: { status: 'processed' } });
}

const installment = async (id: number) => (await Installment.findByPk(id))!;
const order = async (id: number) => (await Order.findByPk(id))!;

describe('paying an installment by card', () => {
  it("charges the installment's amount; the webhook pays it (stripe_clearing -> order_escrow) and the sync finds it done; card, card and wallet complete the plan", async () => {
    const { order: placed, plan, installments } = await orderWithPlan();
    const [first, second, third] = installments;

    const one = await startInstallmentIntent(placed.id, first!.id);
    expect(one.amountCents).toBe(first!.amountCents);
    expect(fake.state.paymentIntent(one.intentId)).toMatchObject({
      amount: first!.amountCents,
      metadata: { purpose: 'installment', orderId: String(placed.id), installmentId: String(first!.id) },
    });
    expect(await Payment.findByPk(one.paymentId)).toMatchObject({
      purpose: 'installment',
      installmentId: first!.id,
      status: 'pending',
      method: 'card',
    });
    expect(await installment(first!.id)).toMatchObject({ status: 'pending', paymentId: null });

    await confirmByWebhook(one.intentId);
    expect(await Payment.findByPk(one.paymentId)).toMatchObject({
      status: 'succeeded',
      creditedToWallet: false,
      receiptNumber: expect.stringMatching(/^R-/),
    });
    expect(await installment(first!.id)).toMatchObject({ status: 'paid', paymentId: one.paymentId });
    expect(await order(placed.id)).toMatchObject({ status: 'pending_payment', paidCents: first!.amountCents });
    expect((await postingsOfPayment(one.paymentId)).map((p) => [p.kind, p.account, p.amount_cents])).toEqual([
      ['order_payment_card', 'stripe_clearing', -first!.amountCents],
      ['order_payment_card', 'order_escrow', first!.amountCents],
    ]);
    const synced = await syncRequest(t.app, token, one.paymentId);
    expect(synced.body).toMatchObject({ status: 'succeeded' });
    expect(await postingsOfPayment(one.paymentId)).toHaveLength(2);

    // The second by the client's confirmation call before any webhook.
    const two = await startInstallmentIntent(placed.id, second!.id);
    await fake.succeed(two.intentId);
    expect((await syncRequest(t.app, token, two.paymentId)).body).toMatchObject({ status: 'succeeded', intentStatus: 'succeeded' });
    expect(await installment(second!.id)).toMatchObject({ status: 'paid', paymentId: two.paymentId });
    expect(await fake.deliver(t.app, eventOf('payment_intent.succeeded', two.intentId))).toMatchObject({ status: 200 });
    expect(await postingsOfPayment(two.paymentId)).toHaveLength(2);

    // The last from the wallet: the order is paid in full, the plan completed.
    await fundWallet(client.websiteId, client.userId, third!.amountCents);
    const three = await payInstallment(t.app, token, placed.id, { installmentId: third!.id });
    expect(three.status, JSON.stringify(three.body)).toBe(201);
    expect(three.body.order).toMatchObject({ status: 'ready_for_staffing', outstandingCents: 0 });
    expect(await InstallmentPlan.findByPk(plan.id)).toMatchObject({ status: 'completed' });
    expect(await escrowOf(placed)).toBe(placed.totalCents);
    const seen = await getPlan(t.app, token, placed.id);
    expect(seen.body.installments.map((i: { status: string; paymentId: number }) => [i.status, i.paymentId])).toEqual([
      ['paid', one.paymentId],
      ['paid', two.paymentId],
      ['paid', three.body.payment.id],
    ]);
  });

  it('the card payment of the last installment releases the order for staffing and completes the plan', async () => {
    const { order: placed, plan, installments } = await orderWithPlan(2);
    await fundWallet(client.websiteId, client.userId, installments[0]!.amountCents);
    expect((await payInstallment(t.app, token, placed.id)).status).toBe(201);
    const last = await startInstallmentIntent(placed.id, installments[1]!.id);
    await confirmByWebhook(last.intentId);
    expect(await order(placed.id)).toMatchObject({ status: 'ready_for_staffing', paidCents: placed.totalCents });
    expect(await InstallmentPlan.findByPk(plan.id)).toMatchObject({ status: 'completed' });
    expect(
      await rows(
        "SELECT action FROM audit_logs WHERE target_type = 'installment_plan' AND target_id = $1 AND action = 'installment_plan.completed'",
        [String(plan.id)],
      ),
    ).toHaveLength(1);
  });

  it('refuses, naming the field and storing nothing: another client, not the next installment, another order, no plan, a client-chosen amount', async () => {
    const { order: placed, installments } = await orderWithPlan();
    const { order: other, installments: otherInstallments } = await orderWithPlan();
    const before = await Payment.count();

    const notNext = await cardIntentRequest(t.app, token, {
      purpose: 'installment',
      orderId: placed.id,
      installmentId: installments[1]!.id,
    });
    expect(notNext.status).toBe(409);
    expect(notNext.body.error).toMatchObject({
      fields: { installmentId: expect.stringMatching(/installment 1 comes next/) },
      nextInstallmentId: installments[0]!.id,
    });

    const foreignInstallment = await cardIntentRequest(t.app, token, {
      purpose: 'installment',
      orderId: placed.id,
      installmentId: otherInstallments[0]!.id,
    });
    expect(foreignInstallment.status).toBe(404);
    expect(foreignInstallment.body.error.fields.installmentId).toMatch(/not an installment of this order/);

    const noPlan = await unpaidOrder(client);
    const planless = await cardIntentRequest(t.app, token, {
      purpose: 'installment',
      orderId: noPlan.id,
      installmentId: installments[0]!.id,
    });
    expect(planless.status).toBe(409);
    expect(planless.body.error.fields.installmentId).toMatch(/no active installment plan/);

    const chosen = await cardIntentRequest(t.app, token, {
      purpose: 'installment',
      orderId: placed.id,
      installmentId: installments[0]!.id,
      amountCents: 100,
    });
    expect(chosen.status).toBe(400);
    const missing = await cardIntentRequest(t.app, token, { purpose: 'installment', orderId: placed.id });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.installmentId).toBeDefined();

    const neighbour = await clientWithLogin(client.websiteId);
    const neighbourToken = (await login(t.app, neighbour.email)).accessToken;
    const foreign = await cardIntentRequest(t.app, neighbourToken, {
      purpose: 'installment',
      orderId: other.id,
      installmentId: otherInstallments[0]!.id,
    });
    expect(foreign.status).toBe(404);

    expect(await Payment.count()).toBe(before);
  });
});

describe('a second card payment for an installment already paid', () => {
  it('two intents for one installment, both confirmed: the first pays it, the second goes to the wallet (still naming the installment)', async () => {
    const { order: placed, installments } = await orderWithPlan();
    const first = installments[0]!;
    const a = await startInstallmentIntent(placed.id, first.id);
    const b = await startInstallmentIntent(placed.id, first.id);
    const walletBefore = await walletOf(client);

    await confirmByWebhook(a.intentId);
    await confirmByWebhook(b.intentId);
    expect(await installment(first.id)).toMatchObject({ status: 'paid', paymentId: a.paymentId });
    expect(await Payment.findByPk(b.paymentId)).toMatchObject({
      status: 'succeeded',
      installmentId: first.id,
      creditedToWallet: true,
      reference: expect.stringMatching(/^Credited to the wallet \(Installment 1 is already paid\)/),
    });
    expect((await postingsOfPayment(b.paymentId)).map((p) => [p.kind, p.account])).toEqual([
      ['wallet_topup_card', 'stripe_clearing'],
      ['wallet_topup_card', 'client_wallet'],
    ]);
    expect(await walletOf(client)).toBe(walletBefore + first.amountCents);
    expect(await order(placed.id)).toMatchObject({ paidCents: first.amountCents, status: 'pending_payment' });
    expect(await escrowOf(placed)).toBe(first.amountCents);
    // Its receipt says where the money went.
    expect((await getReceipt(client, b.paymentId)).purpose).toBe('Installment — credited to your wallet');
    expect((await getReceipt(client, a.paymentId)).purpose).toBe('Installment');

    // Redelivered, and synced: nothing more.
    expect(await fake.deliver(t.app, eventOf('payment_intent.succeeded', b.intentId))).toMatchObject({ status: 200 });
    expect((await syncRequest(t.app, token, b.paymentId)).body).toMatchObject({
      status: 'succeeded',
      purpose: 'installment',
      installmentId: first.id,
      creditedToWallet: true,
    });
    expect(await walletOf(client)).toBe(walletBefore + first.amountCents);
    expect(await postingsOfPayment(b.paymentId)).toHaveLength(2);
  });

  it('both confirmed at the same moment: exactly one pays the installment', async () => {
    const { order: placed, installments } = await orderWithPlan();
    const first = installments[0]!;
    const intents = await Promise.all([0, 1, 2].map(() => startInstallmentIntent(placed.id, first.id)));
    for (const { intentId } of intents) await fake.succeed(intentId);
    const answers = await Promise.all(intents.map(({ intentId }) => fake.deliver(t.app, eventOf('payment_intent.succeeded', intentId))));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const payments = await Payment.findAll({ where: { id: intents.map((i) => i.paymentId) } });
    expect(payments.map((p) => p.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(payments.filter((p) => !p.creditedToWallet)).toHaveLength(1);
    expect(await installment(first.id)).toMatchObject({ status: 'paid', paymentId: payments.find((p) => !p.creditedToWallet)!.id });
    expect(await order(placed.id)).toMatchObject({ paidCents: first.amountCents });
  });

  it('a plan canceled while the card payment was under way: the money goes to the wallet, the installment stays canceled', async () => {
    const { order: placed, installments } = await orderWithPlan();
    const pending = await startInstallmentIntent(placed.id, installments[0]!.id);
    await cancelInstallmentPlan(await actorFor('support@scriptorium.test'), { orderId: placed.id }, 'Client wants one payment');
    const walletBefore = await walletOf(client);
    await confirmByWebhook(pending.intentId);
    expect(await Payment.findByPk(pending.paymentId)).toMatchObject({
      status: 'succeeded',
      creditedToWallet: true,
      reference: expect.stringContaining('no active installment plan'),
    });
    expect(await installment(installments[0]!.id)).toMatchObject({ status: 'canceled', paymentId: null });
    expect(await walletOf(client)).toBe(walletBefore + installments[0]!.amountCents);
    expect(await order(placed.id)).toMatchObject({ paidCents: 0, status: 'pending_payment' });
  });
});

describe('idempotency and races', () => {
  it('a retry with the same Idempotency-Key continues the same payment; the key for another installment is a 409', async () => {
    const { order: placed, installments } = await orderWithPlan();
    const key = randomUUID();
    const first = await startInstallmentIntent(placed.id, installments[0]!.id, key);
    const again = await cardIntentRequest(
      t.app,
      token,
      { purpose: 'installment', orderId: placed.id, installmentId: installments[0]!.id },
      key,
    );
    expect(again.status).toBe(201);
    expect(again.body.paymentId).toBe(first.paymentId);
    const other = await cardIntentRequest(
      t.app,
      token,
      { purpose: 'installment', orderId: placed.id, installmentId: installments[1]!.id },
      key,
    );
    expect(other.status).toBe(409);
    expect(await Payment.count({ where: { orderId: placed.id } })).toBe(1);
  });

  it('the card confirmation and a wallet payment of the same installment at once: it is paid once, the other money stays with the client', async () => {
    const { order: placed, installments } = await orderWithPlan();
    const first = installments[0]!;
    const started = await startInstallmentIntent(placed.id, first.id);
    await fundWallet(client.websiteId, client.userId, first.amountCents);
    const walletBefore = await walletOf(client);
    await fake.succeed(started.intentId);
    const [delivered, byWallet] = await Promise.all([
      fake.deliver(t.app, eventOf('payment_intent.succeeded', started.intentId)),
      payInstallment(t.app, token, placed.id, { installmentId: first.id }),
    ]);
    expect(delivered.status).toBe(200);
    const cardPayment = (await Payment.findByPk(started.paymentId))!;
    expect(cardPayment.status).toBe('succeeded');
    if (byWallet.status === 201) {
      // The wallet came first: the card money went back to the wallet, which ends where it started.
      expect(cardPayment.creditedToWallet).toBe(true);
      expect(await installment(first.id)).toMatchObject({ paymentId: byWallet.body.payment.id });
    } else {
      expect(byWallet.status).toBe(409);
      expect(cardPayment.creditedToWallet).toBe(false);
      expect(await installment(first.id)).toMatchObject({ paymentId: started.paymentId });
    }
    expect(await walletOf(client)).toBe(walletBefore);
    expect(await order(placed.id)).toMatchObject({ paidCents: first.amountCents });
    expect(await escrowOf(placed)).toBe(first.amountCents);
  });
});

describe('an abandoned installment intent', () => {
  it('canceled at Stripe (payment_intent.canceled): the payment is cancelled, the installment stays unpaid and payable', async () => {
    const { order: placed, installments } = await orderWithPlan();
    const started = await startInstallmentIntent(placed.id, installments[0]!.id);
    fake.state.cancelPaymentIntent(started.intentId, { cancellation_reason: 'requested_by_customer' });
    expect(await fake.deliver(t.app, eventOf('payment_intent.canceled', started.intentId))).toMatchObject({
      status: 200,
      body: { status: 'processed' },
    });
    expect(await Payment.findByPk(started.paymentId)).toMatchObject({ status: 'cancelled' });
    expect(await installment(installments[0]!.id)).toMatchObject({ status: 'pending', paymentId: null });
    const again = await startInstallmentIntent(placed.id, installments[0]!.id);
    await confirmByWebhook(again.intentId);
    expect(await installment(installments[0]!.id)).toMatchObject({ status: 'paid', paymentId: again.paymentId });
  });

  it('left open past its age: the cleanup job cancels it at Stripe and the payment; the installment stays unpaid', async () => {
    const { order: placed, installments } = await orderWithPlan();
    const started = await startInstallmentIntent(placed.id, installments[0]!.id);
    await rows("UPDATE payments SET created_at = created_at - interval '25 hours' WHERE id = $1", [started.paymentId]);
    const summary = await settleAbandonedCardPayments();
    expect(summary).toMatchObject({ cancelled: 1, errors: 0 });
    expect(fake.state.paymentIntent(started.intentId)).toMatchObject({ status: 'canceled' });
    expect(await Payment.findByPk(started.paymentId)).toMatchObject({ status: 'cancelled' });
    expect(await installment(installments[0]!.id)).toMatchObject({ status: 'pending', paymentId: null });
    expect(await order(placed.id)).toMatchObject({ paidCents: 0 });
    expect(await postingsOfPayment(started.paymentId)).toEqual([]);
  });
});

describe('payment views show what a payment was for', () => {
  it('history, one payment and the staff CSV name the installment and say where the money went', async () => {
    const { order: placed, installments } = await orderWithPlan();
    const first = installments[0]!;
    const a = await startInstallmentIntent(placed.id, first.id);
    const b = await startInstallmentIntent(placed.id, first.id);
    await confirmByWebhook(a.intentId);
    await confirmByWebhook(b.intentId);

    const history = await request(t.app)
      .get('/api/v1/payments?purpose=installment&limit=100')
      .set('Host', HOST_A)
      .set('Authorization', `Bearer ${token}`);
    expect(history.status).toBe(200);
    const mine = (history.body.items as Array<{ id: number }>).filter((p) => p.id === a.paymentId || p.id === b.paymentId);
    expect(mine).toEqual([
      expect.objectContaining({
        id: b.paymentId,
        purpose: 'installment',
        installmentId: first.id,
        revisionId: null,
        deadlineChangeId: null,
        creditedToWallet: true,
      }),
      expect.objectContaining({ id: a.paymentId, purpose: 'installment', installmentId: first.id, creditedToWallet: false }),
    ]);
    const one = await request(t.app).get(`/api/v1/payments/${a.paymentId}`).set('Host', HOST_A).set('Authorization', `Bearer ${token}`);
    expect(one.body).toMatchObject({ installmentId: first.id, creditedToWallet: false });

    const supportToken = (await login(t.app, 'support@scriptorium.test')).accessToken;
    const csv = await request(t.app)
      .get(`/api/v1/staff/payments.csv?orderId=${placed.id}`)
      .set('Host', HOST_A)
      .set('Authorization', `Bearer ${supportToken}`);
    expect(csv.status).toBe(200);
    const [header, ...lines] = (csv.text as string)
      .trim()
      .split('\n')
      .map((line) => line.split(','));
    const column = (name: string) => header!.indexOf(name);
    expect(header!.slice(column('purpose'), column('purpose') + 5)).toEqual([
      'purpose',
      'deadline_change_id',
      'revision_id',
      'installment_id',
      'credited_to_wallet',
    ]);
    const byId = new Map(lines.map((cells) => [cells[0], cells]));
    expect(byId.get(String(a.paymentId))![column('installment_id')]).toBe(String(first.id));
    expect(byId.get(String(a.paymentId))![column('credited_to_wallet')]).toBe('');
    expect(byId.get(String(b.paymentId))![column('credited_to_wallet')]).toBe('yes');
    // The totals line keeps its columns: the paid sum under amount_cents.
    expect(lines.at(-1)![column('amount_cents')]).toBe(String(2 * first.amountCents));
  });
});
