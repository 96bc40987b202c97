import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { liveStreamSettings } from '../../src/notifications/service/stream.js';
import { assignWriter, holdOrder, releaseOrder } from '../../src/orders/service/staff-actions.js';
import { clock } from '../../src/platform/clock.js';
import { dispatchOutbox } from '../../src/platform/outbox.js';
import { HOST_A, HOST_B, login } from '../identity/helpers.js';
import { actorFor, paidOrder } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { listen, openSse, type SseConnection } from './sse-client.js';

/**
 * GET /api/v1/notifications/stream in one process (through Redis when the run has it, else the
 * in-memory fan-out): Bearer or single-use ticket, events after the outbox's dispatch commits,
 * Last-Event-ID resume without loss, heartbeats, the per-user cap, and the refusals.
 */
let t: TestApp;
let server: Awaited<ReturnType<typeof listen>>;
const open: SseConnection[] = [];
const defaults = { ...liveStreamSettings };

beforeAll(async () => {
  t = await startTestApp();
  server = await listen(t.app);
});
afterEach(() => {
  for (const connection of open.splice(0)) connection.close();
  Object.assign(liveStreamSettings, defaults);
  clock.reset();
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const stream = async (path: string, headers: Record<string, string> = {}) => {
  const connection = await openSse(server.port, `/api/v1/notifications/stream${path}`, headers);
  open.push(connection);
  return connection;
};
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const ticketFor = async (token: string, host = HOST_A) =>
  (await request(t.app).post('/api/v1/notifications/stream-ticket').set('Host', host).set('Authorization', `Bearer ${token}`).expect(201))
    .body as { ticket: string; expiresAt: string };

async function orderWithWriter() {
  const admin = await actorFor('admin@scriptorium.test');
  const client = (await actorFor('client@scriptorium.test')) as Awaited<ReturnType<typeof actorFor>> & { userId: number };
  const writer = (await actorFor('writer@scriptorium.test')) as typeof client;
  const order = await paidOrder(client, { pages: 1, topic: 'Streamed essay' });
  await assignWriter(admin, order.id, { writerId: writer.userId, autoAccept: true });
  await dispatchOutbox();
  return { admin, client, writer, order };
}

const postMessage = (token: string, orderId: number, body: string) =>
  request(t.app)
    .post(`/api/v1/orders/${orderId}/threads/client_writer/messages`)
    .set('Host', HOST_A)
    .set('Authorization', `Bearer ${token}`)
    .send({ body })
    .expect(201);

describe('the live notification stream', () => {
  it('refuses a request without a token or with a bad one (401), and a bad Last-Event-ID (400)', async () => {
    const none = await stream('');
    expect(none.status).toBe(401);
    expect(none.body?.error?.code).toBe('unauthorized');
    expect((await stream('', { Authorization: 'Bearer not-a-token' })).status).toBe(401);
    expect((await stream('?ticket=' + 'x'.repeat(43))).status).toBe(401);
    await request(t.app).post('/api/v1/notifications/stream-ticket').set('Host', HOST_A).expect(401);

    const token = (await login(t.app, 'client@scriptorium.test')).accessToken;
    const bad = await stream('', { ...bearer(token), 'Last-Event-ID': 'yesterday' });
    expect(bad.status).toBe(400);
    expect(bad.body?.error?.fields).toHaveProperty('Last-Event-ID');
    expect((await stream('?lastEventId=-1', bearer(token))).status).toBe(400);
    expect((await stream('?what=1', bearer(token))).status).toBe(400);
  });

  it('sends a new thread message as an event once the outbox dispatch commits, with heartbeats', async () => {
    liveStreamSettings.heartbeatMs = 150;
    const { order } = await orderWithWriter();
    const clientToken = (await login(t.app, 'client@scriptorium.test')).accessToken;
    const writerToken = (await login(t.app, 'writer@scriptorium.test')).accessToken;
    const live = await stream('', bearer(clientToken));
    expect(live.status).toBe(200);
    expect(live.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(live.headers['cache-control']).toContain('no-cache');
    const ready = await live.next((e) => e.data.type === 'ready');
    expect(ready.id).toBeUndefined();

    await postMessage(writerToken, order.id, 'The outline is ready.');
    // Tests dispatch by hand: before it, the message's notification does not exist and nothing is sent.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(live.events.filter((e) => e.data.type !== 'ready')).toEqual([]);
    const started = Date.now();
    await dispatchOutbox();
    const event = await live.next((e) => e.data.type === 'message', 1_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(event.data).toMatchObject({
      type: 'message',
      message: { orderId: order.id, threadKind: 'client_writer', messageId: expect.any(Number) },
      notification: { kind: 'message.received', title: `New message on order ${order.number}`, link: `/orders/${order.id}/messages` },
      unreadCount: expect.any(Number),
    });
    expect(event.id).toBe(String((event.data.notification as { id: number }).id));
    expect(live.comments).toContain('heartbeat');

    // The writer who wrote hears nothing of it; an order step reaches the writer as a `notification`.
    const writerLive = await stream('', bearer(writerToken));
    await writerLive.next((e) => e.data.type === 'ready');
    const admin = await actorFor('admin@scriptorium.test');
    await holdOrder(admin, order.id, 'checking the sources');
    await dispatchOutbox();
    const held = await writerLive.next((e) => e.data.type === 'notification');
    expect(held.data.notification).toMatchObject({ kind: 'order.on_hold' });
    expect(writerLive.events.some((e) => e.data.type === 'message')).toBe(false);
    await releaseOrder(admin, order.id, null);
    await dispatchOutbox();
  });

  it('resumes from Last-Event-ID (header or query) with everything newer, nothing older, nothing twice', async () => {
    const { admin, order } = await orderWithWriter();
    const clientToken = (await login(t.app, 'client@scriptorium.test')).accessToken;
    const writerToken = (await login(t.app, 'writer@scriptorium.test')).accessToken;
    const first = await stream('', bearer(clientToken));
    await first.next((e) => e.data.type === 'ready');
    await postMessage(writerToken, order.id, 'First draft attached.');
    await dispatchOutbox();
    const seen = await first.next((e) => e.data.type === 'message');
    first.close();

    // While the client is away: a message and two order steps.
    await postMessage(writerToken, order.id, 'Second draft attached.');
    await holdOrder(admin, order.id, 'a pause');
    await releaseOrder(admin, order.id, null);
    await dispatchOutbox();

    const resumed = await stream('', { ...bearer(clientToken), 'Last-Event-ID': seen.id! });
    const ready = await resumed.next((e) => e.data.type === 'ready');
    expect(ready.data.lastEventId).toBe(Number(seen.id));
    await resumed.next((e) => (e.data.notification as { kind?: string } | undefined)?.kind === 'order.released');
    const missed = resumed.events.filter((e) => e.data.type !== 'ready');
    expect(missed.map((e) => (e.data.notification as { kind: string }).kind)).toEqual([
      'message.received',
      'order.on_hold',
      'order.released',
    ]);
    const ids = missed.map((e) => (e.data.notification as { id: number }).id);
    expect(ids.every((id) => id > Number(seen.id))).toBe(true);
    expect(missed.map((e) => Number(e.id))).toEqual(ids);

    // A new EventSource (a new ticket cannot carry the header) resumes with ?lastEventId=.
    const { ticket } = await ticketFor(clientToken);
    const again = await stream(`?ticket=${ticket}&lastEventId=${ids[0]}`);
    await again.next((e) => (e.data.notification as { id?: number } | undefined)?.id === ids[2]);
    expect(again.events.filter((e) => e.data.type !== 'ready').map((e) => (e.data.notification as { id: number }).id)).toEqual(
      ids.slice(1),
    );

    // Without Last-Event-ID only what comes next is sent.
    const fresh = await stream('', bearer(clientToken));
    await fresh.next((e) => e.data.type === 'ready');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fresh.events.map((e) => e.data.type)).toEqual(['ready']);
  });

  it('opens with a ticket once, on its own website, before it expires', async () => {
    const clientToken = (await login(t.app, 'client@scriptorium.test')).accessToken;
    const issued = await ticketFor(clientToken);
    expect(new Date(issued.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(30_000);
    const first = await stream(`?ticket=${issued.ticket}`);
    expect(first.status).toBe(200);
    await first.next((e) => e.data.type === 'ready');
    const reused = await stream(`?ticket=${issued.ticket}`);
    expect(reused.status).toBe(401);
    expect(reused.body?.error?.message).toMatch(/spent or expired/);

    // Two uses at once: one stream.
    const raced = await ticketFor(clientToken);
    const both = await Promise.all([stream(`?ticket=${raced.ticket}`), stream(`?ticket=${raced.ticket}`)]);
    expect(both.map((c) => c.status).sort()).toEqual([200, 401]);

    const late = await ticketFor(clientToken);
    clock.travel(31_000);
    expect((await stream(`?ticket=${late.ticket}`)).status).toBe(401);
    clock.reset();

    // A ticket issued on website A opens nothing on website B.
    const elsewhere = await ticketFor(clientToken);
    expect((await stream(`?ticket=${elsewhere.ticket}`, { Host: HOST_B })).status).toBe(401);
    expect((await stream(`?ticket=${elsewhere.ticket}`)).status).toBe(200);
  });

  it('caps the streams of one user across processes (429 beyond), and frees a place when one closes', async () => {
    liveStreamSettings.maxPerUser = 2;
    const clientToken = (await login(t.app, 'client@scriptorium.test')).accessToken;
    const writerToken = (await login(t.app, 'writer@scriptorium.test')).accessToken;
    const one = await stream('', bearer(clientToken));
    const two = await stream('', bearer(clientToken));
    expect([one.status, two.status]).toEqual([200, 200]);
    const three = await stream('', bearer(clientToken));
    expect(three.status).toBe(429);
    expect(three.body?.error?.code).toBe('rate_limited');
    expect(three.headers['retry-after']).toBeDefined();
    // Another user's streams are not counted against this one.
    expect((await stream('', bearer(writerToken))).status).toBe(200);

    one.close();
    const deadline = Date.now() + 3_000;
    let four: SseConnection;
    do {
      await new Promise((resolve) => setTimeout(resolve, 50));
      four = await stream('', bearer(clientToken));
    } while (four.status === 429 && Date.now() < deadline);
    expect(four.status).toBe(200);
  });

  it('ends the stream with a reauthenticate event after its lifetime', async () => {
    liveStreamSettings.lifetimeMs = () => 300;
    const clientToken = (await login(t.app, 'client@scriptorium.test')).accessToken;
    const live = await stream('', bearer(clientToken));
    await live.next((e) => e.data.type === 'reauthenticate', 2_000);
    await live.ended;
  });
});
