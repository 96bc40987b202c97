import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/actor.js';
import { AuditLog } from '../../src/audit/models.js';
import { User } from '../../src/identity/models.js';
import { inTransaction } from '../../src/platform/database.js';
import { OrderEvent } from '../../src/orders/models.js';
import { OrderMessage } from '../../src/orders/messages/models.js';
import { createMessageRule } from '../../src/orders/messages/service/message-rules.js';
import { postMessage } from '../../src/orders/messages/service/post.js';
import { listMessages, listThreads, unreadSummary } from '../../src/orders/messages/service/read.js';
import { MASK } from '../../src/orders/messages/rules.js';
import { login, SLOW, type Tokens } from '../identity/helpers.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { actorFor, newWriter, newClient } from './fixtures.js';
import { api, orderWithWriter } from './messages-fixtures.js';

let t: TestApp;
let client: Actor;
let admin: Actor;
let support: Actor;
let writer: Actor;
let tokens: Record<'client' | 'writer' | 'admin', Tokens>;

beforeAll(async () => {
  t = await startTestApp();
  client = await actorFor('client@scriptorium.test');
  admin = await actorFor('admin@scriptorium.test');
  support = await actorFor('support@scriptorium.test');
  writer = await actorFor('writer@scriptorium.test');
  // The demo writer takes an order per test here; lift the default capacity of 3.
  await inTransaction(() => User.update({ maxActiveOrders: 50 }, { where: { id: writer.userId! } }));
  tokens = {
    client: await login(t.app, 'client@scriptorium.test'),
    writer: await login(t.app, 'writer@scriptorium.test'),
    admin: await login(t.app, 'admin@scriptorium.test'),
  };
}, SLOW.timeout);
// The paid-order fixture moves money: the ledger must still balance after each test.
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

const as = (who: keyof typeof tokens) => api(t.app, tokens[who].accessToken);
const threadPath = (orderId: number, kind: string) => `/api/v1/orders/${orderId}/threads/${kind}/messages`;

describe('client <-> writer messages through the API', () => {
  it('lists who each party can write to', async () => {
    const order = await orderWithWriter(client, admin, writer.userId!);
    const kinds = async (who: keyof typeof tokens) => {
      const res = await as(who).get(`/api/v1/orders/${order.id}/threads`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return (res.body.items as Array<{ kind: string; canWrite: boolean }>).map((i) => `${i.kind}:${i.canWrite}`);
    };
    expect(await kinds('client')).toEqual(['client_support:true', 'client_writer:true']);
    expect(await kinds('writer')).toEqual(['writer_support:true', 'client_writer:true']);
    expect(await kinds('admin')).toEqual(['client_support:true', 'writer_support:true', 'client_writer:true', 'internal:true']);
  });

  it('masks contact details for the other party, shows staff the original, and never names anyone', async () => {
    const order = await orderWithWriter(client, admin, writer.userId!);
    const path = threadPath(order.id, 'client_writer');
    const sent = await as('client').post(path, {
      body: 'Order 100234 costs $45.99. Mail me at jane.doe@gmail.com or call +1 (555) 123-4567',
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ status: 'visible', mine: true, screened: true, body: expect.stringContaining('jane.doe@gmail.com') });
    expect((await as('writer').post(path, { body: 'Happy to help! telegram: @quiet_owl' })).status).toBe(201);

    const seenByWriter = await as('writer').get(path);
    expect(seenByWriter.status).toBe(200);
    const fromClient = seenByWriter.body.items.find((m: { mine: boolean }) => !m.mine);
    expect(fromClient.body).toBe(`Order 100234 costs $45.99. Mail me at ${MASK} or call ${MASK}`);
    expect(fromClient.author).toEqual({ party: 'client', registrationId: expect.any(String) });

    const seenByClient = await as('client').get(path);
    expect(seenByClient.body.items.map((m: { body: string }) => m.body)).toEqual([
      `Happy to help! telegram: ${MASK}`,
      expect.stringContaining('jane.doe@gmail.com'),
    ]);
    expect(seenByClient.body.items[0].author).toEqual({ party: 'writer', registrationId: expect.any(String), penName: 'Quiet Owl' });
    for (const res of [seenByWriter, seenByClient]) {
      expect(JSON.stringify(res.body)).not.toMatch(/Demo (Client|Writer)|@scriptorium\.test|displayName|"email"/);
    }

    const seenByStaff = await as('admin').get(path);
    expect(seenByStaff.body.items.map((m: { body: string }) => m.body)).toEqual([
      'Happy to help! telegram: @quiet_owl',
      expect.stringContaining('+1 (555) 123-4567'),
    ]);
    expect(seenByStaff.body.items[1]).toMatchObject({
      flags: ['email', 'phone'],
      maskedBody: expect.stringContaining(MASK),
      author: { party: 'client', role: 'client', displayName: 'Demo Client (A)' },
    });

    // Staff speaking in the thread appear as "Support" to the parties.
    expect((await as('admin').post(path, { body: 'Support here: please keep contact on the platform.' })).status).toBe(201);
    const latest = (await as('client').get(`${path}?limit=1`)).body;
    expect(latest.items[0].author).toEqual({ party: 'support', name: 'Support' });
    expect(latest.nextCursor).toEqual(expect.any(String));
    const older = (await as('client').get(`${path}?limit=5&cursor=${latest.nextCursor}`)).body;
    expect(older.items).toHaveLength(2);
    expect(older.nextCursor).toBeNull();
    expect(await AuditLog.count({ where: { action: 'order_message.post' } })).toBeGreaterThanOrEqual(3);
  });

  it('holds a message with a link until staff release it, and keeps a rejected one from the other party', async () => {
    const order = await orderWithWriter(client, admin, writer.userId!);
    const path = threadPath(order.id, 'client_writer');
    const held = await as('writer').post(path, { body: 'Here is my draft: https://docs.example.com/d/123' });
    expect(held.status).toBe(201);
    expect(held.body.status).toBe('held');
    expect((await as('client').get(path)).body.items).toEqual([]);
    expect(
      (await as('client').get(`/api/v1/orders/${order.id}/threads`)).body.items.find((i: { kind: string }) => i.kind === 'client_writer')
        .unread,
    ).toBe(0);
    expect((await as('writer').get(path)).body.items[0]).toMatchObject({ id: held.body.id, status: 'held' });

    const queue = await as('admin').get('/api/v1/messages/held?limit=100');
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((i: { message: { id: number } }) => i.message.id)).toContain(held.body.id);
    expect(await OrderEvent.count({ where: { orderId: order.id, action: 'message_held' } })).toBe(1);

    expect((await as('client').post(`${path}/${held.body.id}/release`)).status).toBe(403);
    const released = await as('admin').post(`${path}/${held.body.id}/release`);
    expect(released.status, JSON.stringify(released.body)).toBe(200);
    expect(released.body.status).toBe('visible');
    expect((await as('admin').post(`${path}/${held.body.id}/release`)).body.error).toMatchObject({ code: 'conflict' });
    expect((await as('client').get(path)).body.items.map((m: { id: number }) => m.id)).toEqual([held.body.id]);
    expect(await OrderEvent.count({ where: { orderId: order.id, action: 'message_released' } })).toBe(1);

    const second = await as('client').post(path, { body: 'Try www.cheap-essays.com instead' });
    expect(second.body.status).toBe('held');
    expect((await as('admin').post(`${path}/${second.body.id}/reject`)).body.status).toBe('rejected');
    expect((await as('writer').get(path)).body.items.map((m: { id: number }) => m.id)).not.toContain(second.body.id);
    expect((await as('client').get(path)).body.items[0]).toMatchObject({ id: second.body.id, status: 'rejected' });
  });

  it('refuses a message matching a block rule with nothing stored, and holds one matching a hold rule', async () => {
    const order = await orderWithWriter(client, admin, writer.userId!);
    await createMessageRule(admin, { pattern: 'PayPal', action: 'block' });
    const hold = await createMessageRule(support, { pattern: 'pay me  directly', action: 'hold' });
    const before = await OrderMessage.count();
    const refused = await as('client').post(threadPath(order.id, 'client_writer'), { body: 'I can send it by paypal if you like' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toEqual({ body: expect.any(String) });
    expect(await OrderMessage.count()).toBe(before);
    expect(await OrderEvent.count({ where: { orderId: order.id, action: 'message_blocked' } })).toBe(1);

    const held = await postMessage(writer, order.id, 'client_writer', 'You could PAY ME DIRECTLY next time');
    expect(held).toMatchObject({ status: 'held' });
    expect((await OrderMessage.findByPk(held.id))!.holdReasons).toEqual([`rule:${hold.id}`]);
    // Rules screen client<->writer threads only: support sees the words as written.
    expect(await postMessage(client, order.id, 'client_support', 'Can I pay by PayPal?')).toMatchObject({ status: 'visible' });
  });

  it('rejects empty, huge and unknown input', async () => {
    const order = await orderWithWriter(client, admin, writer.userId!);
    const path = threadPath(order.id, 'client_support');
    expect((await as('client').post(path, { body: '   ' })).body.error.fields).toHaveProperty('body');
    expect((await as('client').post(path, { body: 'x'.repeat(5001) })).body.error.fields).toHaveProperty('body');
    expect((await as('client').post(path, { body: 'hi', extra: 1 })).body.error.fields).toHaveProperty('extra');
    expect((await as('client').post(threadPath(order.id, 'gossip'), { body: 'hi' })).body.error.fields).toHaveProperty('kind');
    expect((await as('client').get(`${path}?cursor=nope`)).status).toBe(400);
  });
});

describe('unread counts and read receipts', () => {
  it('counts unread per thread and across orders, and marks read on reading', async () => {
    const someone = await newClient(client.websiteId!);
    const penman = await newWriter(client.websiteId!);
    const order = await orderWithWriter(someone, admin, penman.userId);
    await postMessage(someone, order.id, 'client_support', 'First question');
    await postMessage(someone, order.id, 'client_support', 'Second question');
    await postMessage(someone, order.id, 'client_writer', 'Hello writer');
    await postMessage(support, order.id, 'internal', 'Staff only: watch this client');

    const staffThreads = await listThreads(admin, order.id);
    expect(Object.fromEntries(staffThreads.items.map((i) => [i.kind, i.unread]))).toMatchObject({
      client_support: 2,
      client_writer: 1,
      internal: 1,
    });
    expect((await listThreads(penman, order.id)).items.map((i) => [i.kind, i.unread])).toEqual([
      ['writer_support', 0],
      ['client_writer', 1],
    ]);
    expect(await unreadSummary(penman)).toEqual({ total: 1, orders: [{ orderId: order.id, orderNumber: order.number, unread: 1 }] });

    const page = await listMessages(support, order.id, 'client_support', { limit: 10 });
    expect(page.items.map((m) => m.readBy)).toEqual([['support'], ['support']]); // marked as the page is read
    expect((await listThreads(support, order.id)).items.find((i) => i.kind === 'client_support')!.unread).toBe(0);
    expect((await listThreads(admin, order.id)).items.find((i) => i.kind === 'client_support')!.unread).toBe(2); // per user
    const mine = await listMessages(someone, order.id, 'client_support', { limit: 10 });
    expect(mine.items.map((m) => m.readBy)).toEqual([['support'], ['support']]);

    await listMessages(penman, order.id, 'client_writer', { limit: 10 });
    expect(await unreadSummary(penman)).toEqual({ total: 0, orders: [] });
    expect((await listMessages(someone, order.id, 'client_writer', { limit: 10 })).items[0]!.readBy).toEqual(['writer']);
    const res = await as('admin').get('/api/v1/messages/unread');
    expect(res.status).toBe(200);
    expect(res.body.orders.find((o: { orderId: number }) => o.orderId === order.id)).toMatchObject({ unread: 4 });
  });
});
