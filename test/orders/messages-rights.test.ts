import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/actor.js';
import { inTransaction } from '../../src/platform/database.js';
import { OrderMessage } from '../../src/orders/messages/models.js';
import { postMessage } from '../../src/orders/messages/service/post.js';
import { listMessages, listThreads } from '../../src/orders/messages/service/read.js';
import { reviewHeldMessage } from '../../src/orders/messages/service/review.js';
import { Website } from '../../src/tenancy/models.js';
import { HOST_B, login } from '../identity/helpers.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { actorFor, newWriter, paidOrder, newClient } from './fixtures.js';
import { api, orderWithWriter, setOrderStatus } from './messages-fixtures.js';

let t: TestApp;
let client: Actor;
let admin: Actor;
let support: Actor;
let websiteId: number;

beforeAll(async () => {
  t = await startTestApp();
  client = await actorFor('client@scriptorium.test');
  admin = await actorFor('admin@scriptorium.test');
  support = await actorFor('support@scriptorium.test');
  websiteId = client.websiteId!;
});
// The paid-order fixture moves money: the ledger must still balance after each test.
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

const page = { limit: 20 };
const notFound = { code: 'not_found' };

describe('who may read and write which thread', () => {
  it("hides every thread from another client, another writer and another website's staff (404)", async () => {
    const writer = await newWriter(websiteId);
    const order = await orderWithWriter(client, admin, writer.userId);
    await postMessage(client, order.id, 'client_writer', 'Hello');
    const outsiders: Actor[] = [
      await newClient(websiteId),
      await newWriter(websiteId),
      await actorFor('admin@b.scriptorium.test'),
      await actorFor('support@b.scriptorium.test'),
      await actorFor('editor@scriptorium.test'),
    ];
    for (const outsider of outsiders) {
      await expect(listThreads(outsider, order.id)).rejects.toMatchObject(notFound);
      await expect(listMessages(outsider, order.id, 'client_writer', page)).rejects.toMatchObject(notFound);
      await expect(postMessage(outsider, order.id, 'client_support', 'hi')).rejects.toMatchObject(notFound);
    }
    // Through the API too: another website's admin, signed in on their own website.
    const bAdmin = await login(t.app, 'admin@b.scriptorium.test', { host: HOST_B });
    const res = await api(t.app, bAdmin.accessToken, HOST_B).get(`/api/v1/orders/${order.id}/threads/client_writer/messages`);
    expect(res.status).toBe(404);
  });

  it('keeps clients out of internal notes and writer threads, and writers out of client support', async () => {
    const writer = await newWriter(websiteId);
    const order = await orderWithWriter(client, admin, writer.userId);
    await postMessage(support, order.id, 'internal', 'Client asked for a refund before');
    await postMessage(client, order.id, 'client_support', 'A private question for support');
    for (const kind of ['internal', 'writer_support'] as const) {
      await expect(listMessages(client, order.id, kind, page)).rejects.toMatchObject(notFound);
      await expect(postMessage(client, order.id, kind, 'hi')).rejects.toMatchObject(notFound);
    }
    for (const kind of ['internal', 'client_support'] as const) {
      await expect(listMessages(writer, order.id, kind, page)).rejects.toMatchObject(notFound);
    }
    expect((await listMessages(support, order.id, 'internal', page)).items).toHaveLength(1);
    expect((await listMessages(admin, order.id, 'client_support', page)).items).toHaveLength(1);
  });

  it('follows the current writer: a writer taken off the order loses its threads', async () => {
    const first = await newWriter(websiteId);
    const second = await newWriter(websiteId);
    const order = await orderWithWriter(client, admin, first.userId);
    await postMessage(first, order.id, 'writer_support', 'Starting now');
    const { reassignWriter } = await import('../../src/orders/service/staff-actions.js');
    await reassignWriter(admin, order.id, { writerId: second.userId, autoAccept: true, reason: 'swap' });
    await expect(listMessages(first, order.id, 'writer_support', page)).rejects.toMatchObject(notFound);
    expect((await listMessages(second, order.id, 'writer_support', page)).items).toHaveLength(1);
  });

  it('opens client<->writer only once the order has a writer; support threads from the start', async () => {
    const order = await paidOrder(client);
    expect((await listThreads(client, order.id)).items.map((i) => i.kind)).toEqual(['client_support']);
    await expect(postMessage(client, order.id, 'client_writer', 'anyone?')).rejects.toMatchObject(notFound);
    expect(await postMessage(client, order.id, 'client_support', 'When will a writer start?')).toMatchObject({ status: 'visible' });
  });

  it('lets only staff review held messages', async () => {
    const writer = await newWriter(websiteId);
    const order = await orderWithWriter(client, admin, writer.userId);
    const held = await postMessage(writer, order.id, 'client_writer', 'see example.com');
    await expect(reviewHeldMessage(writer, order.id, 'client_writer', held.id, 'release')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(reviewHeldMessage(client, order.id, 'client_writer', held.id, 'release')).rejects.toMatchObject({ code: 'forbidden' });
    const bAdmin = await actorFor('admin@b.scriptorium.test');
    await expect(reviewHeldMessage(bAdmin, order.id, 'client_writer', held.id, 'release')).rejects.toMatchObject(notFound);
    await expect(reviewHeldMessage(support, order.id, 'client_writer', held.id + 999_999, 'release')).rejects.toMatchObject(notFound);
    expect(await reviewHeldMessage(support, order.id, 'client_writer', held.id, 'release')).toMatchObject({ status: 'visible' });
  });
});

describe('archived orders and the website switch', () => {
  it('refuses new messages on an archived order (409) but still shows the history', async () => {
    const writer = await newWriter(websiteId);
    const order = await orderWithWriter(client, admin, writer.userId);
    await postMessage(client, order.id, 'client_support', 'Thanks for everything');
    await setOrderStatus(order.id, 'archived');
    const before = await OrderMessage.count({ where: { orderId: order.id } });
    for (const [actor, kind] of [
      [client, 'client_support'],
      [writer, 'client_writer'],
      [admin, 'internal'],
    ] as const) {
      await expect(postMessage(actor, order.id, kind, 'one more thing')).rejects.toMatchObject({
        code: 'conflict',
        details: { currentStatus: 'archived' },
      });
    }
    expect(await OrderMessage.count({ where: { orderId: order.id } })).toBe(before);
    expect((await listThreads(client, order.id)).items.every((i) => !i.canWrite && i.reason!.includes('archived'))).toBe(true);
    expect((await listMessages(client, order.id, 'client_support', page)).items).toHaveLength(1);
  });

  it('closes client<->writer with a clear 403 when the website turns it off; staff keep read access', async () => {
    const clientB = await actorFor('client@b.scriptorium.test');
    const adminB = await actorFor('admin@b.scriptorium.test');
    const writerB = await newWriter(clientB.websiteId!);
    const order = await orderWithWriter(clientB, adminB, writerB.userId);
    await postMessage(clientB, order.id, 'client_writer', 'Before the switch');
    const website = (await Website.findByPk(clientB.websiteId!))!;
    await inTransaction(() => website.update({ settings: { ...website.settings, clientWriterMessages: false } }));

    const disabled = { code: 'forbidden', message: expect.stringContaining('turned off') };
    await expect(postMessage(clientB, order.id, 'client_writer', 'After')).rejects.toMatchObject(disabled);
    await expect(listMessages(writerB, order.id, 'client_writer', page)).rejects.toMatchObject(disabled);
    expect((await listThreads(clientB, order.id)).items.map((i) => i.kind)).toEqual(['client_support']);
    expect((await listThreads(writerB, order.id)).items.map((i) => i.kind)).toEqual(['writer_support']);

    const staffView = await listThreads(adminB, order.id);
    expect(staffView.items.find((i) => i.kind === 'client_writer')).toMatchObject({
      canWrite: false,
      reason: expect.stringContaining('turned off'),
    });
    expect((await listMessages(adminB, order.id, 'client_writer', page)).items).toHaveLength(1);
    await expect(postMessage(adminB, order.id, 'client_writer', 'Staff note')).rejects.toMatchObject({ code: 'forbidden' });

    const tokenB = await login(t.app, 'client@b.scriptorium.test', { host: HOST_B });
    const res = await api(t.app, tokenB.accessToken, HOST_B).post(`/api/v1/orders/${order.id}/threads/client_writer/messages`, {
      body: 'hi',
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/turned off/);
  });
});
