import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Notification } from '../../src/notifications/models.js';
import { assignWriter, holdOrder } from '../../src/orders/service/staff-actions.js';
import { inTransaction, sql } from '../../src/platform/database.js';
import { dispatchOutbox } from '../../src/platform/outbox.js';
import { HOST_A, login } from '../identity/helpers.js';
import { actorFor, paidOrder } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * In-app notifications from the outbox: an order's steps and a message reach the people they
 * concern (never the one who acted) after commit, once however often the outbox is dispatched; a
 * rolled-back step notifies nobody; each user reads and marks only their own.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const api = (token: string) => ({
  get: (path: string) => request(t.app).get(`/api/v1${path}`).set('Host', HOST_A).set('Authorization', `Bearer ${token}`),
  post: (path: string, body?: object) =>
    request(t.app)
      .post(`/api/v1${path}`)
      .set('Host', HOST_A)
      .set('Authorization', `Bearer ${token}`)
      .send(body ?? {}),
});

describe('notifications', () => {
  it('tell the client and the writer of the order’s steps and messages, after commit and once; each reads only their own', async () => {
    const admin = await actorFor('admin@scriptorium.test');
    const client = (await actorFor('client@scriptorium.test')) as Awaited<ReturnType<typeof actorFor>> & { userId: number };
    const writer = (await actorFor('writer@scriptorium.test')) as typeof client;
    const clientToken = (await login(t.app, 'client@scriptorium.test')).accessToken;
    const writerToken = (await login(t.app, 'writer@scriptorium.test')).accessToken;
    // Whatever the seed left is handed over and read first, so the counts below are this test's.
    await dispatchOutbox();
    await api(clientToken).post('/notifications/read-all').expect(200);
    await api(writerToken).post('/notifications/read-all').expect(200);
    const seeded = await Notification.count({ where: { userId: client.userId } });
    const order = await paidOrder(client, { pages: 2, topic: 'Notified essay on rivers' });
    await assignWriter(admin, order.id, { writerId: writer.userId, autoAccept: true });

    // Nothing is shown before the outbox is dispatched (tests dispatch by hand).
    expect(await Notification.count({ where: { userId: client.userId } })).toBe(seeded);
    expect((await dispatchOutbox()).failed).toBe(0);

    const mine = await api(clientToken).get('/notifications?unread=true').expect(200);
    // The client paid from their own wallet, so only the assignment is news to them.
    expect(mine.body.items.map((n: { kind: string }) => n.kind)).toEqual(['order.assigned']);
    expect(mine.body.unreadCount).toBe(1);
    expect(mine.body.items[0]).toMatchObject({ title: `Order ${order.number} has its writer`, link: `/orders/${order.id}`, readAt: null });
    expect(mine.body.items[0].data).toMatchObject({ orderId: order.id, orderNumber: order.number });
    // The writer hears of the assignment; the admin who acted hears of nothing.
    const writers = await api(writerToken).get('/notifications?unread=true').expect(200);
    expect(writers.body.items.map((n: { kind: string }) => n.kind)).toEqual(['order.assigned']);
    expect(await Notification.count({ where: { userId: admin.userId! } })).toBe(0);

    // The writer writes to the client: the client is told, the writer (who wrote) is not.
    await api(writerToken)
      .post(`/orders/${order.id}/threads/client_writer/messages`, { body: 'I have started on your essay.' })
      .expect(201);
    await dispatchOutbox();
    const after = await api(clientToken).get('/notifications?limit=1').expect(200);
    expect(after.body.items).toEqual([expect.objectContaining({ kind: 'message.received', link: `/orders/${order.id}/messages` })]);
    expect(after.body.unreadCount).toBe(2);
    expect(after.body.nextCursor).toEqual(expect.any(String));
    const next = await api(clientToken).get(`/notifications?limit=2&cursor=${after.body.nextCursor}`).expect(200);
    expect(next.body.items[0]).toMatchObject({ kind: 'order.assigned', data: { orderId: order.id } });

    // Handed over again (a crash between the work and the commit), nobody is told twice.
    await sql(`UPDATE outbox_events SET dispatched_at = NULL`, []);
    expect((await dispatchOutbox()).dispatched).toBeGreaterThan(0);
    expect(await Notification.count({ where: { userId: client.userId } })).toBe(seeded + 2);

    // A rolled-back step leaves no event and notifies nobody.
    const before = await Notification.count();
    await expect(
      inTransaction(async () => {
        await holdOrder(admin, order.id, 'checking');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await dispatchOutbox();
    expect(await Notification.count()).toBe(before);

    // Reading: one, then all; another user cannot touch them.
    const first = after.body.items[0].id as number;
    await api(writerToken).post(`/notifications/${first}/read`).expect(404);
    const read = await api(clientToken).post(`/notifications/${first}/read`).expect(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    expect((await api(clientToken).get('/notifications/unread-count').expect(200)).body).toEqual({ unreadCount: 1 });
    expect((await api(clientToken).get('/notifications?unread=true').expect(200)).body.items).toHaveLength(1);
    expect((await api(clientToken).post('/notifications/read-all').expect(200)).body).toEqual({ marked: 1, unreadCount: 0 });
    expect((await api(writerToken).get('/notifications/unread-count').expect(200)).body).toEqual({ unreadCount: 1 });
    await api(clientToken).get('/notifications?cursor=nonsense').expect(400);
    await request(t.app).get('/api/v1/notifications').set('Host', HOST_A).expect(401);
  });
});
