import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountBalance, walletBalance } from '../../src/ledger/index.js';
import { Order } from '../../src/orders/models.js';
import { approveManualPayment, Payment, recordManualPayment } from '../../src/payments/index.js';
import { Installment, InstallmentPlan, payNextInstallment } from '../../src/payments/installments/index.js';
import { getSequelize } from '../../src/platform/database.js';
import { HOST_B, login } from '../identity/helpers.js';
import { actorFor } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced, fundWallet } from '../support/ledger.js';
import { clientWithLogin, payRequest, unpaidOrder, type ClientActor } from './fixtures.js';
import { cancelPlan, createPlan, getPlan, inDays, payInstallment } from './installments-fixtures.js';

let t: TestApp;
let client: ClientActor & { email: string };
let clientToken: string;
let supportToken: string;
let adminToken: string;
beforeAll(async () => {
  t = await startTestApp();
  const websiteId = (await actorFor('client@scriptorium.test')).websiteId!;
  client = await clientWithLogin(websiteId);
  [clientToken, supportToken, adminToken] = (
    await Promise.all([login(t.app, client.email), login(t.app, 'support@scriptorium.test'), login(t.app, 'admin@scriptorium.test')])
  ).map((tokens) => tokens.accessToken);
});
afterAll(() => t?.close());

const wallet = async () => (await walletBalance(client, client.userId)).balanceCents;
const order = async (id: number) => (await Order.findByPk(id))!;
const paymentsOf = (orderId: number) => Payment.findAll({ where: { orderId }, order: [['id', 'ASC']] });
const installmentIdOf = async (paymentId: number) =>
  (
    await getSequelize().query<{ installment_id: number | null }>('SELECT installment_id FROM payments WHERE id = $1', {
      bind: [paymentId],
      type: QueryTypes.SELECT,
      plain: true,
    })
  )?.installment_id;

/** An order awaiting payment with a plan in three equal parts, made by support. */
async function orderWithPlan() {
  const placed = await unpaidOrder(client);
  const res = await createPlan(t.app, supportToken, placed.id, { proposal: { split: 'equal', count: 3, intervalDays: 2 } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { order: placed, plan: res.body };
}

describe('making a plan (staff)', () => {
  it('support proposes equal parts (remainder on the last) adding up to the total; the client sees the schedule', async () => {
    const { order: placed, plan } = await orderWithPlan();
    const total = placed.totalCents!;
    const base = Math.floor(total / 3);
    expect(plan).toMatchObject({
      status: 'active',
      orderId: placed.id,
      orderNumber: placed.number,
      totalCents: total,
      paidCents: 0,
      remainingCents: total,
      clientId: client.userId,
    });
    expect(plan.installments.map((i: { amountCents: number }) => i.amountCents)).toEqual([base, base, total - 2 * base]);
    expect(plan.installments.map((i: { sequence: number; status: string }) => [i.sequence, i.status])).toEqual([
      [1, 'pending'],
      [2, 'pending'],
      [3, 'pending'],
    ]);
    expect(plan.nextInstallmentId).toBe(plan.installments[0].id);

    const seen = await getPlan(t.app, clientToken, placed.id);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ id: plan.id, totalCents: total, nextInstallmentId: plan.installments[0].id });
    expect(seen.body).not.toHaveProperty('createdBy');
    expect(seen.body).not.toHaveProperty('clientId');
  });

  it("the default proposal is RULES.md's: a 50 % deposit, then the rest a week later", async () => {
    const placed = await unpaidOrder(client);
    const res = await createPlan(t.app, adminToken, placed.id, {});
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const [deposit, rest] = res.body.installments;
    expect(deposit.amountCents).toBe(Math.floor(placed.totalCents! / 2));
    expect(deposit.amountCents + rest.amountCents).toBe(placed.totalCents);
    expect(new Date(rest.dueAt).getTime() - new Date(deposit.dueAt).getTime()).toBe(7 * 86_400_000);
  });

  it('an explicit schedule must add up to the total, be in order, in the future and before the deadline', async () => {
    const placed = await unpaidOrder(client);
    const total = placed.totalCents!;
    const short = await createPlan(t.app, supportToken, placed.id, {
      installments: [
        { amountCents: 1_000, dueAt: inDays(1) },
        { amountCents: total - 1_001, dueAt: inDays(3) },
      ],
    });
    expect(short.status).toBe(400);
    expect(short.body.error.fields.installments).toMatch(/add up to/);
    const past = await createPlan(t.app, supportToken, placed.id, {
      installments: [
        { amountCents: 1_000, dueAt: inDays(-1) },
        { amountCents: total - 1_000, dueAt: inDays(3) },
      ],
    });
    expect(past.body.error.fields['installments.0.dueAt']).toMatch(/past/);
    const afterDeadline = await createPlan(t.app, supportToken, placed.id, {
      installments: [
        { amountCents: 1_000, dueAt: inDays(1) },
        { amountCents: total - 1_000, dueAt: inDays(30) },
      ],
    });
    expect(afterDeadline.body.error.fields['installments.1.dueAt']).toMatch(/deadline/);
    const both = await createPlan(t.app, supportToken, placed.id, {
      installments: [{ amountCents: total, dueAt: inDays(1) }],
      proposal: { split: 'percent' },
    });
    expect(both.status).toBe(400);
    const unknown = await createPlan(t.app, supportToken, placed.id, { proposal: { split: 'equal', count: 2, extra: 1 } });
    expect(unknown.status).toBe(400);
    expect(await InstallmentPlan.count({ where: { orderId: placed.id } })).toBe(0);

    const ok = await createPlan(t.app, supportToken, placed.id, {
      installments: [
        { amountCents: 1_000, dueAt: inDays(1) },
        { amountCents: total - 1_000, dueAt: inDays(3) },
      ],
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.installments.map((i: { amountCents: number }) => i.amountCents)).toEqual([1_000, total - 1_000]);
  });

  it('one active plan per order; only an order awaiting payment; clients and other websites may not', async () => {
    const { order: placed } = await orderWithPlan();
    const again = await createPlan(t.app, supportToken, placed.id, {});
    expect(again.status).toBe(409);
    const byClient = await createPlan(t.app, clientToken, placed.id, {});
    expect(byClient.status).toBe(403);
    const adminB = (await login(t.app, 'admin@b.scriptorium.test', { host: HOST_B })).accessToken;
    const fromB = await createPlan(t.app, adminB, placed.id, {}, HOST_B);
    expect(fromB.status).toBe(404);
    expect((await getPlan(t.app, adminB, placed.id, HOST_B)).status).toBe(404);

    const paid = await unpaidOrder(client);
    await fundWallet(client.websiteId, client.userId, paid.totalCents!);
    expect((await payRequest(t.app, clientToken, paid.id, { method: 'wallet' })).status).toBe(201);
    const late = await createPlan(t.app, supportToken, paid.id, {});
    expect(late.status).toBe(409);
    expect(late.body.error.currentStatus).toBe('ready_for_staffing');
    await expectLedgerBalanced();
  });
});

describe('paying installments (client, wallet)', () => {
  it('pays them in order: each a linked installment payment; the last releases the order for staffing; nothing beyond the plan', async () => {
    const { order: placed, plan } = await orderWithPlan();
    const total = placed.totalCents!;
    const [first, second, third] = plan.installments as Array<{ id: number; amountCents: number }>;
    await fundWallet(client.websiteId, client.userId, total);
    const before = await wallet();

    const outOfOrder = await payInstallment(t.app, clientToken, placed.id, { installmentId: second!.id });
    expect(outOfOrder.status).toBe(409);
    expect(outOfOrder.body.error.message).toMatch(/installment 1 comes next/);

    const one = await payInstallment(t.app, clientToken, placed.id, { installmentId: first!.id });
    expect(one.status, JSON.stringify(one.body)).toBe(201);
    expect(one.body.payment).toMatchObject({
      purpose: 'installment',
      method: 'wallet',
      status: 'succeeded',
      amountCents: first!.amountCents,
    });
    expect(one.body.order).toMatchObject({ status: 'pending_payment', paidCents: first!.amountCents });
    expect(one.body.plan).toMatchObject({ status: 'active', paidCents: first!.amountCents, nextInstallmentId: second!.id });
    expect(one.body.plan.installments[0]).toMatchObject({
      status: 'paid',
      paymentId: one.body.payment.id,
      receiptNumber: one.body.payment.receiptNumber,
    });
    expect(await installmentIdOf(one.body.payment.id)).toBe(first!.id);

    const two = await payInstallment(t.app, clientToken, placed.id);
    expect(two.status, JSON.stringify(two.body)).toBe(201);
    expect(two.body.payment.amountCents).toBe(second!.amountCents);
    const three = await payInstallment(t.app, clientToken, placed.id, { method: 'wallet', installmentId: third!.id });
    expect(three.status, JSON.stringify(three.body)).toBe(201);
    expect(three.body.order).toMatchObject({ status: 'ready_for_staffing', paidCents: total, outstandingCents: 0 });
    expect(three.body.plan).toMatchObject({ status: 'completed', remainingCents: 0, nextInstallmentId: null });

    const beyond = await payInstallment(t.app, clientToken, placed.id);
    expect(beyond.status).toBe(409);
    expect(await wallet()).toBe(before - total);
    const payments = await paymentsOf(placed.id);
    expect(payments.map((p) => [p.purpose, p.amountCents])).toEqual([
      ['installment', first!.amountCents],
      ['installment', second!.amountCents],
      ['installment', third!.amountCents],
    ]);
    expect(await Installment.count({ where: { planId: plan.id, status: 'paid' } })).toBe(3);
    const admin = await actorFor('admin@scriptorium.test');
    expect((await accountBalance(admin, { kind: 'order_escrow', ownerId: placed.id })).balanceCents).toBe(total);
    await expectLedgerBalanced();
  });

  it("another client's order is a 404 (schedule and payment); card and manual point to the wallet; an empty wallet is a 402 and changes nothing", async () => {
    const { order: placed, plan } = await orderWithPlan();
    const neighbour = await clientWithLogin(client.websiteId);
    const neighbourToken = (await login(t.app, neighbour.email)).accessToken;
    await fundWallet(client.websiteId, neighbour.userId, 100_000);
    expect((await getPlan(t.app, neighbourToken, placed.id)).status).toBe(404);
    const foreign = await payInstallment(t.app, neighbourToken, placed.id);
    expect(foreign.status).toBe(404);
    expect((await walletBalance(neighbour, neighbour.userId)).balanceCents).toBe(100_000);

    const card = await payInstallment(t.app, clientToken, placed.id, { method: 'card' });
    expect(card.status).toBe(400);
    expect(card.body.error.fields.method).toMatch(/wallet/);

    const empty = await wallet();
    expect(empty).toBeLessThan(plan.installments[0].amountCents);
    const broke = await payInstallment(t.app, clientToken, placed.id);
    expect(broke.status, JSON.stringify(broke.body)).toBe(402);
    expect(await wallet()).toBe(empty);
    expect(await paymentsOf(placed.id)).toHaveLength(0);
    expect(await Installment.count({ where: { planId: plan.id, status: 'pending' } })).toBe(3);
    await expectLedgerBalanced();
  });

  it('a replay with the same Idempotency-Key returns the first answer and pays once; the key with another body is a 409', async () => {
    const { order: placed, plan } = await orderWithPlan();
    await fundWallet(client.websiteId, client.userId, placed.totalCents!);
    const before = await wallet();
    const key = randomUUID();
    const first = await payInstallment(t.app, clientToken, placed.id, {}, key);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const replay = await payInstallment(t.app, clientToken, placed.id, {}, key);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.payment.id).toBe(first.body.payment.id);
    const other = await payInstallment(t.app, clientToken, placed.id, { installmentId: plan.installments[1].id }, key);
    expect(other.status).toBe(409);
    expect(await wallet()).toBe(before - plan.installments[0].amountCents);
    expect(await paymentsOf(placed.id)).toHaveLength(1);

    // The use case run again with the same key (a crashed request taken over) finds its first payment.
    const again = await payNextInstallment(client, placed.id, { requestKey: `${client.userId}:${key}` });
    expect(again).toMatchObject({ replayed: true, payment: { id: first.body.payment.id } });
    expect(await wallet()).toBe(before - plan.installments[0].amountCents);
    await expectLedgerBalanced();
  });

  it('two payments at once with different keys pay two installments in order, never the same one twice', async () => {
    const { order: placed, plan } = await orderWithPlan();
    await fundWallet(client.websiteId, client.userId, placed.totalCents!);
    const firstId = plan.installments[0].id;
    const answers = await Promise.all(
      [0, 1, 2, 3].map(() => payInstallment(t.app, clientToken, placed.id, { installmentId: firstId }, randomUUID())),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409]);
    expect(await paymentsOf(placed.id)).toHaveLength(1);
    await expectLedgerBalanced();
  });
});

describe('canceling a plan and payments outside it', () => {
  it('support cancels with a reason: unpaid installments canceled, paid money stays; a new plan covers what is still owed', async () => {
    const { order: placed, plan } = await orderWithPlan();
    await fundWallet(client.websiteId, client.userId, placed.totalCents!);
    expect((await payInstallment(t.app, clientToken, placed.id)).status).toBe(201);
    expect((await cancelPlan(t.app, supportToken, placed.id, {})).status).toBe(400);
    expect((await cancelPlan(t.app, clientToken, placed.id, { reason: 'x' })).status).toBe(403);
    const canceled = await cancelPlan(t.app, supportToken, placed.id, { reason: 'Client asked for two parts instead' });
    expect(canceled.status, JSON.stringify(canceled.body)).toBe(200);
    expect(canceled.body).toMatchObject({
      status: 'canceled',
      cancelReason: 'Client asked for two parts instead',
      paidCents: plan.installments[0].amountCents,
    });
    expect(canceled.body.installments.map((i: { status: string }) => i.status)).toEqual(['paid', 'canceled', 'canceled']);
    expect((await payInstallment(t.app, clientToken, placed.id)).status).toBe(409);
    expect((await cancelPlan(t.app, supportToken, placed.id, { reason: 'twice' })).status).toBe(404);

    const owed = placed.totalCents! - plan.installments[0].amountCents;
    const renewed = await createPlan(t.app, supportToken, placed.id, { proposal: { split: 'equal', count: 2, intervalDays: 2 } });
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(201);
    expect(renewed.body.totalCents).toBe(owed);
    expect((await getPlan(t.app, clientToken, placed.id)).body.id).toBe(renewed.body.id);
    expect((await payInstallment(t.app, clientToken, placed.id)).status).toBe(201);
    const last = await payInstallment(t.app, clientToken, placed.id);
    expect(last.body.order).toMatchObject({ status: 'ready_for_staffing', outstandingCents: 0 });
    expect((await order(placed.id)).paidCents).toBe(placed.totalCents);
    await expectLedgerBalanced();
  });

  it('a plain payment is refused while the plan is active, offline ones too unless they name the installment or pay off everything', async () => {
    const { order: placed, plan } = await orderWithPlan();
    await fundWallet(client.websiteId, client.userId, placed.totalCents!);
    const plain = await payRequest(t.app, clientToken, placed.id, { method: 'wallet', amountCents: 100 });
    expect(plain.status).toBe(409);
    expect(plain.body.error).toMatchObject({
      code: 'conflict',
      reason: 'installment_plan_active',
      planId: plan.id,
      installmentId: plan.installments[0].id,
    });

    const support = await actorFor('support@scriptorium.test');
    const admin = await actorFor('admin@scriptorium.test');
    // Offline: a part that is no installment is refused, recording nothing.
    await expect(recordManualPayment(support, { orderId: placed.id, amountCents: 100, reference: 'BANK-1' })).rejects.toMatchObject({
      code: 'conflict',
      details: { reason: 'installment_plan_active' },
    });
    await expect(recordManualPayment(support, { orderId: placed.id, installmentSequence: 2, reference: 'BANK-2' })).rejects.toMatchObject({
      code: 'conflict',
      fields: { installmentId: expect.any(String) },
    });
    await expect(
      recordManualPayment(support, { orderId: placed.id, installmentSequence: 1, amountCents: 5, reference: 'BANK-1' }),
    ).rejects.toMatchObject({ fields: { amountCents: expect.stringContaining(String(plan.installments[0].amountCents)) } });
    expect(await Payment.count({ where: { orderId: placed.id, method: 'manual' } })).toBe(0);

    // Naming the installment pays it (its amount) once an admin approves.
    const first = await recordManualPayment(support, { orderId: placed.id, installmentSequence: 1, reference: 'BANK-1' });
    expect(first).toMatchObject({
      purpose: 'installment',
      installmentId: plan.installments[0].id,
      amountCents: plan.installments[0].amountCents,
      status: 'pending_approval',
    });
    await approveManualPayment(admin, first.id);
    expect(await Installment.findByPk(plan.installments[0].id)).toMatchObject({ status: 'paid', paymentId: first.id });

    // Paying off all the rest at once completes the plan at the approval.
    const rest = placed.totalCents! - plan.installments[0].amountCents;
    const payoff = await recordManualPayment(support, { orderId: placed.id, amountCents: rest, reference: 'BANK-REST' });
    await approveManualPayment(admin, payoff.id);
    expect(await InstallmentPlan.findByPk(plan.id)).toMatchObject({ status: 'completed' });
    expect((await Installment.findAll({ where: { planId: plan.id }, order: [['sequence', 'ASC']] })).map((i) => i.status)).toEqual([
      'paid',
      'canceled',
      'canceled',
    ]);
    expect(await order(placed.id)).toMatchObject({ paidCents: placed.totalCents, status: 'ready_for_staffing' });
    await expectLedgerBalanced();
  });
});

describe('OpenAPI', () => {
  it('documents the plan, its creation, cancellation and the installment payment', async () => {
    const doc = (await request(t.app).get('/api/openapi.json').expect(200)).body;
    const path = doc.paths['/api/v1/orders/{id}/installment-plan'];
    expect(Object.keys(path).sort()).toEqual(['get', 'post']);
    expect(doc.paths['/api/v1/orders/{id}/installment-plan/cancel'].post).toBeDefined();
    const pay = doc.paths['/api/v1/orders/{id}/installment-plan/pay'].post;
    expect(pay.parameters.map((p: { name: string }) => p.name)).toContain('idempotency-key');
    expect(Object.keys(pay.responses)).toEqual(expect.arrayContaining(['201', '402', '404', '409']));
    expect(doc.components.schemas).toHaveProperty('InstallmentPlan');
    expect(doc.components.schemas).toHaveProperty('CreateInstallmentPlan');
  });
});
