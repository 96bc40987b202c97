import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/actor.js';
import { clock } from '../../src/platform/clock.js';
import { inTransaction } from '../../src/platform/database.js';
import { orderHooks, type WriterDroppedEvent } from '../../src/orders/hooks.js';
import { ClientWriterPreference, Order, WriterRequest } from '../../src/orders/models.js';
import {
  acceptAssignment,
  declineAssignment,
  dropOrder,
  listAvailableOrders,
  requestOrder,
  takeOrder,
} from '../../src/orders/service/writer-actions.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { login } from '../identity/helpers.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { actorFor, MINUTE, newWriter, paidOrder } from './fixtures.js';

let t: TestApp;
let client: Actor;
let admin: Actor;
let websiteId: number;
const dropped: WriterDroppedEvent[] = [];

beforeAll(async () => {
  t = await startTestApp();
  client = await actorFor('client@scriptorium.test');
  admin = await actorFor('admin@scriptorium.test');
  websiteId = client.websiteId!;
  orderHooks.onWriterDropped(async (event) => void dropped.push(event));
});
afterEach(() => clock.reset());
// The paid-order fixture moves money: the ledger must still balance after each test.
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

describe('the pool and taking orders', () => {
  it('shows a paid order without the client, lets writers request it during the preview and take it after', async () => {
    const order = await paidOrder(client);
    const writer = await newWriter(websiteId);
    const pool = await listAvailableOrders(writer, { limit: 50 });
    const listed = pool.items.find((o) => o.id === order.id)!;
    expect(listed).toBeDefined();
    expect(JSON.stringify(listed)).not.toMatch(/client|@/i);
    expect(new Date(listed.takeableFrom!).getTime() - order.publishedAt!.getTime()).toBe(15 * MINUTE);

    await expect(takeOrder(writer, order.id)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('can be taken from'),
    });
    await requestOrder(writer, order.id, 'I know this period well');
    await expect(requestOrder(writer, order.id, null)).rejects.toMatchObject({ code: 'conflict' });

    clock.travel(16 * MINUTE);
    const taken = await takeOrder(writer, order.id);
    expect(taken).toMatchObject({ status: 'in_progress', writerId: writer.userId });
    expect((await WriterRequest.findOne({ where: { orderId: order.id, writerId: writer.userId } }))!.status).toBe('accepted');
    expect((await listAvailableOrders(writer, { limit: 50 })).items.some((o) => o.id === order.id)).toBe(false);

    // Once taken it is no longer the pool's: another writer learns nothing of it, the holder its status.
    const other = await newWriter(websiteId);
    await expect(takeOrder(other, order.id)).rejects.toMatchObject({ code: 'not_found', details: undefined });
    await expect(takeOrder(writer, order.id)).rejects.toMatchObject({ code: 'conflict', details: { currentStatus: 'in_progress' } });
  });

  it('lets exactly one of many writers racing for the same order win', async () => {
    const order = await paidOrder(client);
    clock.travel(16 * MINUTE);
    const writers = await Promise.all(Array.from({ length: 6 }, () => newWriter(websiteId)));
    const results = await Promise.allSettled(writers.map((w) => takeOrder(w, order.id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    // The losers find the order gone from the pool: not found, never whose it became.
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.code === 'not_found')).toBe(
      true,
    );
  });

  it('never lets a writer go over capacity, even taking in parallel', async () => {
    const writer = await newWriter(websiteId, { maxActiveOrders: 2 });
    const orders = await Promise.all([paidOrder(client), paidOrder(client), paidOrder(client), paidOrder(client)]);
    clock.travel(16 * MINUTE);
    const results = await Promise.allSettled(orders.map((o) => takeOrder(writer, o.id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(await Order.count({ where: { writerId: writer.userId, status: 'in_progress' } })).toBe(2);
    const refusal = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refusal.reason).toMatchObject({ code: 'forbidden', message: expect.stringContaining('limit 2') });
  });

  it('hides orders from writers the client blocked, and preferred-only orders from everyone else', async () => {
    const blocked = await newWriter(websiteId);
    await inTransaction(() => ClientWriterPreference.create({ clientId: client.userId!, writerId: blocked.userId, kind: 'blocked' }));
    const preferred = await newWriter(websiteId);
    const open = await paidOrder(client);
    const forPreferred = await paidOrder(client, { preferredWriterId: preferred.userId });
    clock.travel(16 * MINUTE);
    expect((await listAvailableOrders(blocked, { limit: 100 })).items.map((o) => o.id)).not.toContain(open.id);
    await expect(takeOrder(blocked, open.id)).rejects.toMatchObject({ code: 'not_found' });
    const stranger = await newWriter(websiteId);
    expect((await listAvailableOrders(stranger, { limit: 100 })).items.map((o) => o.id)).not.toContain(forPreferred.id);
    await expect(takeOrder(stranger, forPreferred.id)).rejects.toMatchObject({ code: 'not_found' });
    const mine = (await listAvailableOrders(preferred, { limit: 100 })).items.find((o) => o.id === forPreferred.id);
    expect(mine?.preferredForMe).toBe(true);
  });

  it('refuses suspended writers and writers on probation', async () => {
    const order = await paidOrder(client);
    clock.travel(16 * MINUTE);
    const probation = await newWriter(websiteId, { status: 'probation' });
    await expect(takeOrder(probation, order.id)).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('probation'),
    });
    const pool = await listAvailableOrders(probation, { limit: 5 });
    expect(pool.canTake).toBe(false);
  });
});

describe('assignment, acceptance and dropping', () => {
  it('lets a writer accept or decline an assignment', async () => {
    const writer = await newWriter(websiteId);
    const first = await paidOrder(client);
    await assignWriter(admin, first.id, { writerId: writer.userId });
    expect((await first.reload()).status).toBe('pending_writer_acceptance');
    expect((await acceptAssignment(writer, first.id)).status).toBe('in_progress');

    const second = await paidOrder(client);
    await assignWriter(admin, second.id, { writerId: writer.userId });
    const declined = await declineAssignment(writer, second.id, 'Not my field');
    expect(declined).toMatchObject({ status: 'ready_for_staffing', writerId: null });
    const stranger = await newWriter(websiteId);
    await expect(acceptAssignment(stranger, first.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('returns a dropped order to the pool and tells the fines hook', async () => {
    const writer = await newWriter(websiteId);
    const order = await paidOrder(client);
    await assignWriter(admin, order.id, { writerId: writer.userId, autoAccept: true });
    await dropOrder(writer, order.id, 'Family emergency');
    expect(await order.reload()).toMatchObject({ status: 'ready_for_staffing', writerId: null });
    expect(dropped.at(-1)).toMatchObject({ writerId: writer.userId, reason: 'Family emergency' });
    expect(dropped.at(-1)!.hoursLeft).toBeGreaterThan(0);
  });
});

describe('writer API', () => {
  it('serves the pool, take and my orders over HTTP, showing the client by registration ID only', async () => {
    const order = await paidOrder(client);
    let auth = { Authorization: `Bearer ${(await login(t.app, 'writer@scriptorium.test')).accessToken}`, Host: 'localhost' };
    const pool = await request(t.app).get('/api/v1/writer/orders/available?limit=100').set(auth).expect(200);
    expect(pool.body.items.map((o: { id: number }) => o.id)).toContain(order.id);
    // An order with no preferred writer is not preferred for me: false, as the document says, not null.
    expect(pool.body.items.find((o: { id: number }) => o.id === order.id).preferredForMe).toBe(false);
    clock.travel(16 * MINUTE);
    // Access tokens live 15 minutes: sign in again after the jump.
    auth = { Authorization: `Bearer ${(await login(t.app, 'writer@scriptorium.test')).accessToken}`, Host: 'localhost' };
    const taken = await request(t.app).post(`/api/v1/writer/orders/${order.id}/take`).set(auth).expect(200);
    expect(taken.body.client.registrationId).toMatch(/^CL-\d{6}$/);
    expect(JSON.stringify(taken.body)).not.toContain('client@scriptorium.test');
    const mine = await request(t.app).get('/api/v1/writer/orders').set(auth).expect(200);
    expect(mine.body.items.map((o: { id: number }) => o.id)).toContain(order.id);
    await request(t.app).post(`/api/v1/writer/orders/${order.id}/drop`).set(auth).send({ reason: '' }).expect(400);
    const clientToken = (await login(t.app, 'client@scriptorium.test')).accessToken;
    await request(t.app)
      .get('/api/v1/writer/orders/available')
      .set({ ...auth, Authorization: `Bearer ${clientToken}` })
      .expect(403);
    const forged = Buffer.from(JSON.stringify(['2026-13-45T99:00:00.000Z', 1])).toString('base64url');
    expect(
      (await request(t.app).get(`/api/v1/writer/orders/available?cursor=${forged}`).set(auth).expect(400)).body.error.fields,
    ).toHaveProperty('cursor');
  });
});
