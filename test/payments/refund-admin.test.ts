import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Refund } from '../../src/payments/refunds/models.js';
import { requestRefund } from '../../src/payments/refunds/service/request.js';
import { orderAct, orderGet } from '../admin/orders-helpers.js';
import { actorFor } from '../orders/fixtures.js';
import { adminGet, adminPost, listedIds, recordActions, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { escrowOf, expectLedgerBalanced, walletOf } from '../support/ledger.js';
import { manuallyPaidOrder, type Who } from './refund-fixtures.js';

/** Refunds in the back office, through the AdminJS HTTP API as its screens send them (same origin, POST-only). */
let t: TestApp;
let admin: Agent;
let support: Agent;
let adminB: Agent;
let client: Who;
let adminActor: Who;
beforeAll(async () => {
  t = await startAdminApp();
  ({ admin, support, adminB } = await signInStaff(t.app));
  client = (await actorFor('client@scriptorium.test')) as Who;
  adminActor = (await actorFor('admin@scriptorium.test')) as Who;
});
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

const refunds = recordActions('refunds');
const units = (cents: number) => (cents / 100).toFixed(2);

describe('the "refund" action on an order', () => {
  it('support asks for a refund from the order page; more than remains is refused naming the amount, nothing written', async () => {
    const order = await manuallyPaidOrder(client, adminActor);
    await orderGet(support, order.id, 'refund').expect(200);
    expect(await Refund.count({ where: { orderId: order.id } })).toBe(0); // a GET changes nothing

    const tooMuch = await orderAct(support, order.id, 'refund', {
      amount: units(order.totalCents! + 100),
      destination: 'wallet',
      reason: 'Late',
    }).expect(200);
    expect(tooMuch.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('amountCents') });
    const noCard = await orderAct(support, order.id, 'refund', { amount: '10.00', destination: 'card', reason: 'Late' }).expect(200);
    expect(noCard.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('no card payment') });
    expect(await Refund.count({ where: { orderId: order.id } })).toBe(0);

    const asked = await orderAct(support, order.id, 'refund', { amount: '12.50', destination: 'wallet', reason: 'Late delivery' }).expect(
      200,
    );
    expect(asked.body.notice).toMatchObject({ type: 'success' });
    expect(await Refund.findOne({ where: { orderId: order.id } })).toMatchObject({
      amountCents: 1_250,
      status: 'pending',
      destination: 'wallet',
      reason: 'Late delivery',
    });
  });

  it('an admin of another website cannot ask for a refund on this order', async () => {
    const order = await manuallyPaidOrder(client, adminActor);
    const res = await orderAct(adminB, order.id, 'refund', { amount: '1.00', destination: 'wallet', reason: 'x' }, 'b.localhost').expect(
      404,
    );
    expect(res.body.error.code).toBe('not_found');
    expect(await Refund.count({ where: { orderId: order.id } })).toBe(0);
  });
});

describe('the refunds queue', () => {
  it('lists pending refunds of the website only; approve is admin-only, POST-only, and puts the money in the wallet', async () => {
    const order = await manuallyPaidOrder(client, adminActor);
    const refund = await requestRefund(adminActor, { orderId: order.id, amountCents: 2_000, destination: 'wallet', reason: 'Goodwill' });
    const list = await adminGet(admin, 'refunds/actions/list?filters.status=pending&perPage=500').expect(200);
    expect(listedIds(list.body)).toContain(refund.id);
    expect(list.body.records.every((r: { params: { status: string } }) => r.params.status === 'pending')).toBe(true);
    const listB = await adminGet(adminB, 'refunds/actions/list?perPage=500', 'b.localhost').expect(200);
    expect(listedIds(listB.body)).not.toContain(refund.id);
    const shownB = await refunds.get(adminB, refund.id, 'show', '', 'b.localhost').expect(404);
    expect(shownB.body.error.code).toBe('not_found');

    const walletBefore = await walletOf(client);
    await refunds.get(admin, refund.id, 'approve').expect(200);
    expect((await Refund.findByPk(refund.id))!.status).toBe('pending'); // the confirmation screen's GET changes nothing
    const bySupport = await refunds.act(support, refund.id, 'approve').expect(200);
    expect(bySupport.body.record.baseError.type).toBe('ForbiddenError');
    const byB = await refunds.act(adminB, refund.id, 'approve', {}, 'b.localhost').expect(404);
    expect(byB.body.error.code).toBe('not_found');
    // Without the same origin the admin's POST is refused outright.
    await admin
      .post(`/admin/api/resources/refunds/records/${refund.id}/approve`)
      .set('Host', 'localhost')
      .set('Origin', 'http://evil.example')
      .type('form')
      .send({})
      .expect(403);
    expect(await walletOf(client)).toBe(walletBefore);

    const approved = await refunds.act(admin, refund.id, 'approve').expect(200);
    expect(approved.body.notice).toMatchObject({ type: 'success' });
    expect(approved.body.record.params.status).toBe('processed');
    expect(await walletOf(client)).toBe(walletBefore + 2_000);
    expect(await escrowOf(order)).toBe(order.totalCents! - 2_000);
    const again = await refunds.act(admin, refund.id, 'approve').expect(200);
    expect(again.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('processed') });
    expect(await walletOf(client)).toBe(walletBefore + 2_000);

    const summary = await refunds.get(support, refund.id, 'summary').expect(200);
    expect(summary.body.summary).toMatchObject({
      walletBalanceCents: walletBefore + 2_000,
      refundableCents: order.totalCents! - 2_000,
      orderNumber: order.number,
    });
  });

  it('reject needs a reason, keeps it, and moves nothing', async () => {
    const order = await manuallyPaidOrder(client, adminActor);
    const refund = await requestRefund(adminActor, {
      orderId: order.id,
      amountCents: 500,
      destination: 'wallet',
      reason: 'Asked by client',
    });
    const walletBefore = await walletOf(client);
    const noReason = await refunds.act(admin, refund.id, 'reject', { reason: '' }).expect(200);
    expect(noReason.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('reason') });
    const rejected = await refunds.act(admin, refund.id, 'reject', { reason: 'Delivered on time' }).expect(200);
    expect(rejected.body.record.params).toMatchObject({ status: 'rejected', rejectedReason: 'Delivered on time' });
    expect(await walletOf(client)).toBe(walletBefore);
  });

  it('the built-in new, edit and delete are refused', async () => {
    const order = await manuallyPaidOrder(client, adminActor);
    const refund = await requestRefund(adminActor, { orderId: order.id, amountCents: 100, destination: 'wallet', reason: 'x' });
    for (const action of ['edit', 'delete']) {
      const res = await refunds.act(admin, refund.id, action, { amountCents: '99999' }).expect(200);
      expect(res.body.record.baseError.type).toBe('ForbiddenError');
    }
    const created = await adminPost(admin, 'refunds/actions/new', { amountCents: '1' });
    expect(created.text).toContain('ForbiddenError');
    expect((await Refund.findByPk(refund.id))!.amountCents).toBe(100);
  });
});
