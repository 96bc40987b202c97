import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Installment, InstallmentPlan, payNextInstallment } from '../../src/payments/installments/index.js';
import { actorFor } from '../orders/fixtures.js';
import { adminGet, adminPost, listedIds, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { expectLedgerBalanced, fundWallet } from '../support/ledger.js';
import { unpaidOrder } from './fixtures.js';

/** The installment plans of the back office, through the AdminJS HTTP API as the browser calls it. */
let t: TestApp;
let admin: Agent;
let support: Agent;
let adminB: Agent;
let client: Awaited<ReturnType<typeof actorFor>>;
beforeAll(async () => {
  t = await startAdminApp();
  ({ admin, support, adminB } = await signInStaff(t.app));
  client = await actorFor('client@scriptorium.test');
});
afterAll(() => t?.close());

describe('Installment plans resource', () => {
  it('support makes a plan by proposal; it lists for the website only; its installments list by plan', async () => {
    const order = await unpaidOrder(client);
    const made = await adminPost(support, 'installment_plans/actions/new', {
      orderId: String(order.id),
      split: 'equal',
      count: '3',
      intervalDays: '2',
    }).expect(200);
    expect(made.body.notice, JSON.stringify(made.body)).toMatchObject({ type: 'success' });
    const plan = (await InstallmentPlan.findOne({ where: { orderId: order.id } }))!;
    expect(plan).toMatchObject({ status: 'active', totalCents: order.totalCents, installmentsCount: 3, createdBy: expect.any(Number) });

    const listed = await adminGet(admin, 'installment_plans/actions/list?filters.status=active').expect(200);
    expect(listedIds(listed.body)).toContain(plan.id);
    const listedToB = await adminGet(adminB, 'installment_plans/actions/list', 'b.localhost').expect(200);
    expect(listedIds(listedToB.body)).not.toContain(plan.id);
    const shownToB = await adminGet(adminB, `installment_plans/records/${plan.id}/show`, 'b.localhost').expect(404);
    expect(shownToB.body.error.code).toBe('not_found');

    const installments = await adminGet(support, `installments/actions/list?filters.planId=${plan.id}`).expect(200);
    expect(installments.body.records).toHaveLength(3);
    const sum = installments.body.records.reduce(
      (a: number, r: { params: { amountCents: number } }) => a + Number(r.params.amountCents),
      0,
    );
    expect(sum).toBe(order.totalCents);
  });

  it('an explicit schedule typed line by line; bad lines and sums are field errors and make nothing', async () => {
    const order = await unpaidOrder(client);
    const total = order.totalCents!;
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 16);
    const bad = await adminPost(admin, 'installment_plans/actions/new', {
      orderId: String(order.id),
      schedule: `10.00 ${day(1)}\nnot-money ${day(2)}`,
    }).expect(200);
    expect(bad.body.notice.type).toBe('error');
    expect(bad.body.record.errors.schedule.message).toMatch(/line 2/);
    const short = await adminPost(admin, 'installment_plans/actions/new', {
      orderId: String(order.id),
      schedule: `10.00 ${day(1)}\n10.00 ${day(2)}`,
    }).expect(200);
    expect(short.body.record.errors.installments.message).toMatch(/add up to/);
    expect(await InstallmentPlan.count({ where: { orderId: order.id } })).toBe(0);

    const rest = ((total - 1_000) / 100).toFixed(2);
    const made = await adminPost(admin, 'installment_plans/actions/new', {
      orderId: String(order.id),
      schedule: `10.00 ${day(1)}\n${rest} ${day(3)}`,
    }).expect(200);
    expect(made.body.notice, JSON.stringify(made.body)).toMatchObject({ type: 'success' });
    const plan = (await InstallmentPlan.findOne({ where: { orderId: order.id } }))!;
    expect((await Installment.findAll({ where: { planId: plan.id }, order: [['sequence', 'ASC']] })).map((i) => i.amountCents)).toEqual([
      1_000,
      total - 1_000,
    ]);
  });

  it('cancel: POST only, a reason required, website B cannot; edit and delete are refused', async () => {
    const order = await unpaidOrder(client);
    await adminPost(admin, 'installment_plans/actions/new', { orderId: String(order.id) }).expect(200);
    const plan = (await InstallmentPlan.findOne({ where: { orderId: order.id } }))!;

    await adminGet(admin, `installment_plans/records/${plan.id}/cancel`).expect(200);
    expect((await plan.reload()).status).toBe('active');
    const byB = await adminPost(adminB, `installment_plans/records/${plan.id}/cancel`, { reason: 'not ours' }, 'b.localhost').expect(404);
    expect(byB.body.error.code).toBe('not_found');
    const noReason = await adminPost(support, `installment_plans/records/${plan.id}/cancel`).expect(200);
    expect(noReason.body.notice.type).toBe('error');
    const canceled = await adminPost(support, `installment_plans/records/${plan.id}/cancel`, {
      reason: 'The client will pay at once',
    }).expect(200);
    expect(canceled.body.notice, JSON.stringify(canceled.body)).toMatchObject({ type: 'success' });
    expect(await plan.reload()).toMatchObject({ status: 'canceled', cancelReason: 'The client will pay at once' });
    const twice = await adminPost(support, `installment_plans/records/${plan.id}/cancel`, { reason: 'again' }).expect(200);
    expect(twice.body.notice.type).toBe('error');

    const edit = await adminPost(admin, `installment_plans/records/${plan.id}/edit`, { status: 'active' }).expect(200);
    expect(edit.body.record.baseError.type).toBe('ForbiddenError');
    const del = await adminPost(
      admin,
      `installments/records/${(await Installment.findOne({ where: { planId: plan.id } }))!.id}/delete`,
    ).expect(200);
    expect(del.body.record.baseError.type).toBe('ForbiddenError');
    expect((await plan.reload()).status).toBe('canceled');
  });

  it('Payments show what an installment payment was for: its installment beside the purpose, and a filter by it', async () => {
    const order = await unpaidOrder(client);
    await adminPost(support, 'installment_plans/actions/new', {
      orderId: String(order.id),
      split: 'equal',
      count: '2',
      intervalDays: '2',
    }).expect(200);
    await fundWallet(client.websiteId!, client.userId!, order.totalCents!);
    const paid = await payNextInstallment(client, order.id);
    const shown = await adminGet(support, `payments/records/${paid.payment.id}/show`).expect(200);
    expect(shown.body.record.params).toMatchObject({ purpose: 'installment', installmentId: paid.installment.id, creditedToWallet: false });
    const filtered = await adminGet(support, `payments/actions/list?filters.installmentId=${paid.installment.id}`).expect(200);
    expect(listedIds(filtered.body)).toEqual([paid.payment.id]);
    await expectLedgerBalanced();
  });
});
