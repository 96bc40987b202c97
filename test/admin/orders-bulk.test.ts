import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/actor.js';
import { User } from '../../src/identity/models.js';
import { Order } from '../../src/orders/models.js';
import { createDraftOrder } from '../../src/orders/service/wizard.js';
import { adminGet, listedIds, signIn, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { actorFor, newWriter, paidOrder } from '../orders/fixtures.js';
import { websiteBySlug } from './helpers.js';
import { bulkAct, listOrders, orderOf, statusOf } from './orders-helpers.js';

let t: TestApp;
let admin: Agent;
let support: Agent;
let superadmin: Agent;
let client: Actor;
let clientB: Actor;
beforeAll(async () => {
  t = await startAdminApp();
  [admin, support, superadmin] = await Promise.all([
    signIn(t.app, 'admin@scriptorium.test'),
    signIn(t.app, 'support@scriptorium.test'),
    signIn(t.app, 'superadmin@scriptorium.test'),
  ]);
  [client, clientB] = await Promise.all([actorFor('client@scriptorium.test'), actorFor('client@b.scriptorium.test')]);
});
// The paid-order fixture moves money: the ledger must still balance after each test.
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

type Result = { id: number; number: string | null; ok: boolean; status?: string; error?: { code: string; message: string } };
const byId = (results: Result[]) => new Map(results.map((r) => [r.id, r]));

describe('bulk actions report a result per order', () => {
  it('bulk hold: done, refused (wrong status) and not found (other website) side by side', async () => {
    const a = await paidOrder(client);
    const draft = await createDraftOrder(client, { topic: 'Still a draft' });
    const foreign = await paidOrder(clientB);
    const shown = await adminGet(admin, `orders/bulk/bulkHold?recordIds=${a.id},${draft.id}`).expect(200);
    expect(shown.body.records.length).toBe(2);
    expect(await statusOf(a.id)).toBe('ready_for_staffing');

    const missing = await bulkAct(admin, [a.id, draft.id], 'bulkHold').expect(200);
    expect(missing.body.notice.type).toBe('error');
    expect(await statusOf(a.id)).toBe('ready_for_staffing');

    const res = await bulkAct(admin, [a.id, draft.id, foreign.id], 'bulkHold', { reason: 'Audit' }).expect(200);
    const results = byId(res.body.results);
    expect(results.get(a.id)).toMatchObject({ ok: true, status: 'on_hold', number: a.number });
    expect(results.get(draft.id)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(results.get(foreign.id)).toMatchObject({ ok: false, error: { code: 'not_found' }, number: null });
    expect(res.body.notice).toMatchObject({ type: 'error', message: '1 of 3 done; 2 failed' });
    expect(await statusOf(a.id)).toBe('on_hold');
    expect(await statusOf(foreign.id)).toBe('ready_for_staffing');
  });

  it('bulk assign gives several orders to one writer until the writer is full', async () => {
    const orders = [await paidOrder(client), await paidOrder(client), await paidOrder(client)];
    const writer = await newWriter(orders[0]!.websiteId, { maxActiveOrders: 2 });
    const shown = await adminGet(admin, `orders/bulk/bulkAssign?recordIds=${orders.map((o) => o.id).join(',')}`).expect(200);
    expect(shown.body.preview.writers.some((w: { id: number }) => w.id === writer.userId)).toBe(true);
    const res = await bulkAct(
      admin,
      orders.map((o) => o.id),
      'bulkAssign',
      { writerId: String(writer.userId), autoAccept: 'true' },
    ).expect(200);
    expect((res.body.results as Result[]).map((r) => r.ok)).toEqual([true, true, false]);
    expect((res.body.results as Result[])[2]!.error!.message).toContain('active orders');
    expect(await Order.count({ where: { writerId: writer.userId, status: 'in_progress' } })).toBe(2);
  });

  it('bulk cancel and bulk archive', async () => {
    const unpaid = await createDraftOrder(client, { topic: 'Unpaid' });
    const paid = await paidOrder(client);
    const res = await bulkAct(admin, [unpaid.id, paid.id], 'bulkCancel', { reason: 'Cleanup' }).expect(200);
    expect((res.body.results as Result[]).map((r) => [r.ok, r.status ?? r.error?.code])).toEqual([
      [true, 'cancelled'],
      [false, 'conflict'],
    ]);
    const archived = await bulkAct(admin, [unpaid.id, paid.id], 'bulkArchive').expect(200);
    expect((archived.body.results as Result[]).map((r) => r.ok)).toEqual([true, false]);
    expect(await statusOf(unpaid.id)).toBe('archived');
    expect(await statusOf(paid.id)).toBe('ready_for_staffing');
  });

  it('support may not run bulk actions', async () => {
    const order = await paidOrder(client);
    const res = await bulkAct(support, [order.id], 'bulkHold', { reason: 'x' });
    expect(res.text).toContain('ForbiddenError');
    expect(await statusOf(order.id)).toBe('ready_for_staffing');
  });
});

describe('the Orders list', () => {
  it('is scoped to the website, newest first, with exact totals on small results', async () => {
    const siteA = (await websiteBySlug('scriptorium-a')).id;
    const res = await listOrders(admin).expect(200);
    const count = await Order.count({ where: { websiteId: siteA } });
    expect(res.body.meta.total).toBe(count);
    expect(res.body.records.length).toBe(count);
    expect(res.body.records.every((r: { params: { websiteId: number } }) => r.params.websiteId === siteA)).toBe(true);
    const created = res.body.records.map((r: { params: { createdAt: string } }) => new Date(r.params.createdAt).getTime());
    expect([...created].sort((x, y) => y - x)).toEqual(created);
    expect(res.body.records[0].params).not.toHaveProperty('instructions');
    const all = await listOrders(superadmin).expect(200);
    expect(all.body.meta.total).toBe(await Order.count());
    const supportList = await listOrders(support).expect(200);
    expect(supportList.body.meta.total).toBe(count);
  });

  it('filters by status, client, writer, number (exact or prefix*), topic and dates; bad values match nothing', async () => {
    const order = await paidOrder(client, { topic: 'Maritime law of the Hanseatic League' });
    const writer = await newWriter(order.websiteId);
    await Order.update({ writerId: writer.userId }, { where: { id: order.id } });
    const ids = async (query: string) => listedIds((await listOrders(admin, query).expect(200)).body);
    expect(await ids(`&filters.number=${order.number}`)).toEqual([order.id]);
    expect(await ids(`&filters.number=${order.number.slice(0, -1)}`)).toEqual([]);
    expect(await ids(`&filters.number=${order.number.slice(0, -1)}*`)).toContain(order.id);
    expect(await ids(`&filters.writerId=${writer.userId}`)).toEqual([order.id]);
    expect(await ids(`&filters.clientId=${client.userId}&filters.status=ready_for_staffing`)).toContain(order.id);
    expect(await ids('&filters.topic=hanseatic')).toEqual([order.id]);
    expect(await ids('&filters.status=pirate')).toEqual([]);
    expect(await ids('&filters.clientId=abc')).toEqual([]);
    expect(await ids('&filters.instructions=Use')).toEqual([]);
    const from = new Date(order.createdAt.getTime() - 1000).toISOString();
    expect(await ids(`&filters.createdAt~~from=${encodeURIComponent(from)}&filters.writerId=${writer.userId}`)).toEqual([order.id]);
    expect(await ids('&filters.createdAt~~from=yesterday')).toEqual([]);
    const search = await adminGet(admin, `orders/search/${order.number}`).expect(200);
    expect(listedIds(search.body)).toEqual([order.id]);
    const registrationId = (await User.findByPk(client.userId!))!.registrationId;
    const listed = await listOrders(admin, `&filters.number=${order.number}`).expect(200);
    expect(listed.body.records[0].populated.clientId.params.registrationId).toBe(registrationId);
    expect(listed.text).not.toMatch(/passwordHash|\$argon2/);
    expect((await orderOf(order.id)).totalCents).toBe(listed.body.records[0].params.totalCents);
  });

  it('pages a topic search in the asked order with its exact total, as the plain list would', async () => {
    const made = [];
    for (const n of [1, 2, 3]) made.push(await paidOrder(client, { topic: `Baltic amber trade, part ${n}`, pages: n }));
    const page = async (query: string) => (await adminGet(admin, `orders/actions/list?perPage=2${query}`).expect(200)).body;
    const first = await page('&filters.topic=baltic%20amber');
    expect(first.meta.total).toBe(3);
    expect(listedIds(first)).toEqual([made[2]!.id, made[1]!.id]);
    expect(first.records[0].params).not.toHaveProperty('instructions');
    expect(listedIds(await page('&filters.topic=baltic%20amber&page=2'))).toEqual([made[0]!.id]);
    // Another sort, and a page past the end (total from the plain count).
    expect(listedIds(await page('&filters.topic=baltic%20amber&sortBy=totalCents&direction=asc'))).toEqual([made[0]!.id, made[1]!.id]);
    const past = await page('&filters.topic=baltic%20amber&page=5');
    expect(past.records).toEqual([]);
    expect(past.meta.total).toBe(3);
    // Website B's admin finds none of them.
    const adminB = await signIn(t.app, 'admin@b.scriptorium.test', 'b.localhost');
    const other = await adminGet(adminB, 'orders/actions/list?filters.topic=baltic%20amber', 'b.localhost').expect(200);
    expect(other.body.meta.total).toBe(0);
  });

  it("beyond 10,000 matching orders it reports the planner's estimate instead of counting them all", async () => {
    const siteB = (await websiteBySlug('scriptorium-b')).id;
    await t.context.sequelize.query(
      `INSERT INTO orders (website_id, number, status, currency, topic)
       SELECT $1, 'BULK' || g, 'cancelled', 'USD', 'generated' FROM generate_series(1, 12000) AS g`,
      { bind: [siteB] },
    );
    await t.context.sequelize.query('ANALYZE orders');
    const real = await Order.count({ where: { websiteId: siteB } });
    const res = await listOrders(superadmin, `&filters.websiteId=${siteB}&perPage=20`).expect(200);
    expect(res.body.records.length).toBe(20);
    expect(res.body.meta.total).toBeGreaterThan(10_000);
    expect(Math.abs(res.body.meta.total - real) / real).toBeLessThan(0.2);
    const narrow = await listOrders(superadmin, `&filters.websiteId=${siteB}&filters.number=BULK77`).expect(200);
    expect(narrow.body.meta.total).toBe(1);
  });
});
