import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../../src/orders/models.js';
import { Payment } from '../../src/payments/index.js';
import { orderAct } from '../admin/orders-helpers.js';
import { actorFor } from '../orders/fixtures.js';
import { adminGet, listedIds, recordActions, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { unpaidOrder } from './fixtures.js';

/** The Payments resource of the back office, through the AdminJS HTTP API as the browser calls it. */
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

const payments = recordActions('payments');

/** Support records an offline payment from the order, as the back office does. */
async function recordedBySupport(reference: string, amountCents?: number): Promise<{ order: Order; payment: Payment }> {
  const order = await unpaidOrder(client);
  const res = await orderAct(support, order.id, 'recordPayment', {
    amountCents: String(amountCents ?? order.totalCents),
    reference,
  }).expect(200);
  expect(res.body.notice, JSON.stringify(res.body)).toMatchObject({ type: 'success' });
  return { order, payment: (await Payment.findOne({ where: { orderId: order.id } }))! };
}

describe('Payments resource', () => {
  it('support records, lists the approval queue, may not approve; an admin approves with a POST and the order is ready for staffing', async () => {
    const { order, payment } = await recordedBySupport('Wire 5567');
    expect(payment).toMatchObject({ status: 'pending_approval', reference: 'Wire 5567', amountCents: order.totalCents });

    const queue = await adminGet(support, 'payments/actions/list?filters.status=pending_approval&filters.method=manual').expect(200);
    expect(listedIds(queue.body)).toContain(payment.id);
    const refused = await payments.act(support, payment.id, 'approve').expect(200);
    expect(refused.body.record.baseError.type).toBe('ForbiddenError');

    // A GET shows the confirmation and changes nothing.
    await payments.get(admin, payment.id, 'approve').expect(200);
    expect((await Payment.findByPk(payment.id))!.status).toBe('pending_approval');

    const approved = await payments.act(admin, payment.id, 'approve').expect(200);
    expect(approved.body.notice).toMatchObject({ type: 'success' });
    expect(approved.body.record.params).toMatchObject({ status: 'succeeded' });
    expect((await Order.findByPk(order.id))!.status).toBe('ready_for_staffing');
    const twice = await payments.act(admin, payment.id, 'approve').expect(200);
    expect(twice.body.notice.type).toBe('error');
    await expectLedgerBalanced();
  });

  it('an admin rejects with a reason (required); website B neither sees nor decides it; the CSV follows the filters', async () => {
    const { order, payment } = await recordedBySupport('Cash at the desk', 1_000);
    const shownToB = await adminGet(adminB, `payments/records/${payment.id}/show`, 'b.localhost').expect(404);
    expect(shownToB.body.error.code).toBe('not_found');
    const byB = await payments.act(adminB, payment.id, 'reject', { reason: 'not ours' }, 'b.localhost').expect(404);
    expect(byB.body.error.code).toBe('not_found');

    const noReason = await payments.act(admin, payment.id, 'reject').expect(200);
    expect(noReason.body.notice.type).toBe('error');
    const rejected = await payments.act(admin, payment.id, 'reject', { reason: 'Not on the bank statement' }).expect(200);
    expect(rejected.body.notice.type).toBe('success');
    expect(await Payment.findByPk(payment.id)).toMatchObject({ status: 'rejected', failureReason: 'Not on the bank statement' });
    expect((await Order.findByPk(order.id))!).toMatchObject({ status: 'pending_payment', paidCents: 0 });

    const edit = await payments.act(admin, payment.id, 'edit', { amountCents: '1' }).expect(200);
    expect(edit.body.record.baseError.type).toBe('ForbiddenError');

    const csv = await admin.get(`/admin/payments.csv?orderId=${order.id}`).set('Host', 'localhost').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('rejected');
    expect(lines[1]).toContain('Cash at the desk');
    const foreign = await adminB.get(`/admin/payments.csv?orderId=${order.id}`).set('Host', 'b.localhost').expect(200);
    expect(foreign.text.trim().split('\n')).toHaveLength(2);
    const bad = await admin.get('/admin/payments.csv?status=nope').set('Host', 'localhost');
    expect(bad.status).toBe(400);
    const anonymous = await request(t.app).get('/admin/payments.csv').set('Host', 'localhost');
    expect(anonymous.status).toBe(302);
    await expectLedgerBalanced();
  });
});
