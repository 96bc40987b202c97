import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { Order, WriterRequest } from '../../src/orders/models.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { requestOrder } from '../../src/orders/service/writer-actions.js';
import type { Actor } from '../../src/platform/actor.js';
import { readMails } from '../identity/helpers.js';
import { actorFor, newWriter, paidOrder } from '../orders/fixtures.js';
import { adminGet, listedIds, recordActions, signIn, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';

/**
 * The requests queue in the back office (resource `order_requests`), driven through the AdminJS
 * HTTP API as its screens call it: the queue and its filters, approve and decline, the requests on
 * the order page, website scoping and refusals.
 */
let t: TestApp;
let admin: Agent;
let support: Agent;
let adminB: Agent;
let superadmin: Agent;
let client: Actor & { userId: number; websiteId: number };
let clientB: Actor & { userId: number; websiteId: number };
let adminActor: Actor;
const requests = recordActions('order_requests');
const list = (agent: Agent, query = '', host = 'localhost') => adminGet(agent, `order_requests/actions/list?perPage=500${query}`, host);

beforeAll(async () => {
  t = await startAdminApp();
  ({ admin, support, adminB } = await signInStaff(t.app));
  superadmin = await signIn(t.app, 'superadmin@scriptorium.test');
  client = (await actorFor('client@scriptorium.test')) as typeof client;
  clientB = (await actorFor('client@b.scriptorium.test')) as typeof clientB;
  adminActor = await actorFor('admin@scriptorium.test');
});
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

/** A paid order of `who`'s website in the pool, requested by `n` fresh writers in turn. */
async function requested(n: number, who: Actor & { websiteId: number } = client) {
  const order = await paidOrder(who);
  const made: WriterRequest[] = [];
  for (let i = 0; i < n; i++) made.push(await requestOrder(await newWriter(who.websiteId), order.id, `Request ${i + 1}`));
  return { order, made };
}

describe('the queue', () => {
  it("lists open requests oldest first with the writer's completed orders and load; filters by status, order, writer, website", async () => {
    const first = await requested(2);
    const second = await requested(1);
    await adminPostDecline(first.made[1]!.id, 'Not this one');

    const queue = await list(support).expect(200);
    const ids = listedIds(queue.body);
    // Open only by default, oldest first.
    expect(ids).toContain(first.made[0]!.id);
    expect(ids).toContain(second.made[0]!.id);
    expect(ids).not.toContain(first.made[1]!.id);
    expect(ids.indexOf(first.made[0]!.id)).toBeLessThan(ids.indexOf(second.made[0]!.id));
    const row = queue.body.records.find((r: { id: string }) => Number(r.id) === first.made[0]!.id);
    expect(row.params).toMatchObject({
      orderId: first.order.id,
      writerId: first.made[0]!.writerId,
      status: 'open',
      orderStatus: 'ready_for_staffing',
      writerCompletedOrders: 0,
      writerActiveOrders: 0,
    });

    const byOrder = await list(support, `&filters.orderId=${first.order.id}`).expect(200);
    expect(listedIds(byOrder.body)).toEqual([first.made[0]!.id]);
    const declined = await list(support, `&filters.orderId=${first.order.id}&filters.status=declined`).expect(200);
    expect(listedIds(declined.body)).toEqual([first.made[1]!.id]);
    expect(declined.body.records[0].params).toMatchObject({ decisionReason: 'Not this one' });
    const byWriter = await list(support, `&filters.writerId=${second.made[0]!.writerId}`).expect(200);
    expect(listedIds(byWriter.body)).toEqual([second.made[0]!.id]);
    const badStatus = await list(support, '&filters.status=nonsense').expect(200);
    expect(listedIds(badStatus.body)).toEqual([]);
    const byWebsite = await list(support, `&filters.websiteId=${client.websiteId}`).expect(200);
    expect(listedIds(byWebsite.body)).toContain(second.made[0]!.id);
  });

  it('is scoped to the website; a superadmin sees every website', async () => {
    const onA = await requested(1);
    const onB = await requested(1, clientB);
    const idsB = listedIds((await list(adminB, '', 'b.localhost').expect(200)).body);
    expect(idsB).toContain(onB.made[0]!.id);
    expect(idsB).not.toContain(onA.made[0]!.id);
    expect(listedIds((await list(admin).expect(200)).body)).not.toContain(onB.made[0]!.id);
    const shownToB = await requests.get(adminB, onA.made[0]!.id, 'show', '', 'b.localhost');
    expect(shownToB.status).toBe(404);
    const approveFromB = await requests.act(adminB, onA.made[0]!.id, 'approve', {}, 'b.localhost');
    expect(approveFromB.status).toBe(404);
    expect((await Order.findByPk(onA.order.id))!.writerId).toBeNull();

    const all = listedIds((await list(superadmin).expect(200)).body);
    expect(all).toEqual(expect.arrayContaining([onA.made[0]!.id, onB.made[0]!.id]));
    const onlyB = listedIds((await list(superadmin, `&filters.websiteId=${clientB.websiteId}`).expect(200)).body);
    expect(onlyB).toContain(onB.made[0]!.id);
    expect(onlyB).not.toContain(onA.made[0]!.id);
    // The superadmin approves on website B.
    const approved = await requests.act(superadmin, onB.made[0]!.id, 'approve').expect(200);
    expect(approved.body.notice).toMatchObject({ type: 'success' });
    expect((await Order.findByPk(onB.order.id))!.writerId).toBe(onB.made[0]!.writerId);
  });
});

async function adminPostDecline(id: number, reason: string) {
  const res = await requests.act(admin, id, 'decline', { reason }).expect(200);
  expect(res.body.notice, JSON.stringify(res.body)).toMatchObject({ type: 'success' });
  return res;
}

describe('approve', () => {
  it('a GET changes nothing; a POST assigns the order, the others went elsewhere and their writers are emailed', async () => {
    const { order, made } = await requested(3);
    const shown = await requests.get(admin, made[0]!.id, 'approve').expect(200);
    expect(shown.body.record.params.status).toBe('open');
    expect((await Order.findByPk(order.id))!.writerId).toBeNull();

    const res = await requests.act(admin, made[0]!.id, 'approve').expect(200);
    expect(res.body.notice).toMatchObject({ type: 'success', message: expect.stringContaining('assigned') });
    expect(res.body.record.params.status).toBe('accepted');
    expect(await Order.findByPk(order.id)).toMatchObject({ writerId: made[0]!.writerId, status: 'in_progress' });
    const after = await WriterRequest.findAll({ where: { orderId: order.id }, order: [['id', 'ASC']] });
    expect(after.map((r) => r.status)).toEqual(['accepted', 'went_elsewhere', 'went_elsewhere']);
    expect(await AuditLog.count({ where: { action: 'order_request.approve', targetId: String(made[0]!.id) } })).toBe(1);
    const mails = (await readMails(t.dataDir)).filter((m) => m.text.includes(order.number));
    expect(mails).toHaveLength(2);
    expect(mails.every((m) => m.text.includes('went to another writer'))).toBe(true);

    // The order's page lists its requests, oldest first, with their outcome.
    const onPage = await adminGet(support, `orders/records/${order.id}/requests`).expect(200);
    expect(onPage.body.requests.map((r: { id: number; status: string }) => [r.id, r.status])).toEqual([
      [made[0]!.id, 'accepted'],
      [made[1]!.id, 'went_elsewhere'],
      [made[2]!.id, 'went_elsewhere'],
    ]);
    expect(onPage.body.requests[0].writer).toMatchObject({ id: made[0]!.writerId, activeOrders: 1, completedOrders: 0 });
  });

  it('on an order already assigned: a clear refusal naming the order, nothing changed', async () => {
    const { order, made } = await requested(1);
    const other = await newWriter(client.websiteId);
    await assignWriter(adminActor, order.id, { writerId: other.userId, autoAccept: true });
    // Reopened as a request made in a race would be.
    await WriterRequest.update({ status: 'open', decidedBy: null, decidedAt: null }, { where: { id: made[0]!.id } });

    const res = await requests.act(admin, made[0]!.id, 'approve').expect(200);
    expect(res.body.notice).toMatchObject({
      type: 'error',
      message: expect.stringContaining(`Order ${order.number} is not waiting for a writer`),
    });
    expect(await Order.findByPk(order.id)).toMatchObject({ writerId: other.userId });
    expect((await WriterRequest.findByPk(made[0]!.id))!.status).toBe('open');
  });

  it('support may look but not approve or decline', async () => {
    const { order, made } = await requested(1);
    expect((await requests.get(support, made[0]!.id, 'show').expect(200)).body.record.params.status).toBe('open');
    const refused = await requests.act(support, made[0]!.id, 'approve').expect(200);
    expect(refused.body.baseError?.type ?? refused.body.record?.baseError?.type).toBe('ForbiddenError');
    const declined = await requests.act(support, made[0]!.id, 'decline', { reason: 'x' }).expect(200);
    expect(declined.body.baseError?.type ?? declined.body.record?.baseError?.type).toBe('ForbiddenError');
    expect((await Order.findByPk(order.id))!.writerId).toBeNull();
    expect((await WriterRequest.findByPk(made[0]!.id))!.status).toBe('open');
  });
});

describe('decline', () => {
  it('needs a reason; closes the one request with it and tells the writer; the order stays in the pool', async () => {
    const { order, made } = await requested(2);
    const missing = await requests.act(admin, made[0]!.id, 'decline', { reason: '' }).expect(200);
    expect(missing.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('reason') });
    expect((await WriterRequest.findByPk(made[0]!.id))!.status).toBe('open');

    await adminPostDecline(made[0]!.id, 'Too many active orders right now');
    expect(await WriterRequest.findByPk(made[0]!.id)).toMatchObject({
      status: 'declined',
      decisionReason: 'Too many active orders right now',
    });
    expect((await WriterRequest.findByPk(made[1]!.id))!.status).toBe('open');
    expect((await Order.findByPk(order.id))!.status).toBe('ready_for_staffing');
    const mail = (await readMails(t.dataDir)).find((m) => m.text.includes(order.number));
    expect(mail?.text).toContain('was declined: Too many active orders right now');

    const again = await requests.act(admin, made[0]!.id, 'decline', { reason: 'again' }).expect(200);
    expect(again.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('closed already') });
  });
});
