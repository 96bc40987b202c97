import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveStreamSettings } from '../../src/notifications/service/stream.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { inTransaction } from '../../src/platform/database.js';
import { dispatchOutbox } from '../../src/platform/outbox.js';
import { HOST_A, login } from '../identity/helpers.js';
import { actorFor, paidOrder } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { listen, openSse, type SseConnection } from './sse-client.js';

/**
 * Without REDIS_URL (the embedded default) the stream works in one process: the in-memory fan-out
 * wakes it after the dispatch commits, a rolled-back dispatch wakes it for nothing, and the
 * connection cap is counted in this process.
 */
let t: TestApp;
let server: Awaited<ReturnType<typeof listen>>;
const open: SseConnection[] = [];

beforeAll(async () => {
  t = await startTestApp({ redis: false });
  server = await listen(t.app);
});
afterAll(async () => {
  for (const connection of open) connection.close();
  await server?.close();
  await t?.close();
});

const stream = async (token: string) => {
  const connection = await openSse(server.port, '/api/v1/notifications/stream', { Authorization: `Bearer ${token}` });
  open.push(connection);
  return connection;
};

describe('the live stream without Redis', () => {
  it('delivers a writer’s message in one process, after the dispatch commits, and caps streams in memory', async () => {
    expect(t.context.redis).toBeUndefined();
    const admin = await actorFor('admin@scriptorium.test');
    const client = (await actorFor('client@scriptorium.test')) as Awaited<ReturnType<typeof actorFor>> & { userId: number };
    const writer = (await actorFor('writer@scriptorium.test')) as typeof client;
    const order = await paidOrder(client, { pages: 1, topic: 'Essay without Redis' });
    await assignWriter(admin, order.id, { writerId: writer.userId, autoAccept: true });
    await dispatchOutbox();
    const clientToken = (await login(t.app, 'client@scriptorium.test')).accessToken;
    const writerToken = (await login(t.app, 'writer@scriptorium.test')).accessToken;

    const live = await stream(clientToken);
    expect(live.status).toBe(200);
    await live.next((e) => e.data.type === 'ready');
    await request(t.app)
      .post(`/api/v1/orders/${order.id}/threads/client_writer/messages`)
      .set('Host', HOST_A)
      .set('Authorization', `Bearer ${writerToken}`)
      .send({ body: 'Written without Redis.' })
      .expect(201);

    // A dispatch that rolls back (the consumer's work undone) wakes the stream for nothing.
    await expect(
      inTransaction(async () => {
        await dispatchOutbox();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(live.events.map((e) => e.data.type)).toEqual(['ready']);

    const started = Date.now();
    await dispatchOutbox();
    const event = await live.next((e) => e.data.type === 'message', 1_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(event.data).toMatchObject({ message: { orderId: order.id }, notification: { kind: 'message.received' } });

    liveStreamSettings.maxPerUser = 1;
    try {
      expect((await stream(clientToken)).status).toBe(429);
    } finally {
      liveStreamSettings.maxPerUser = 5;
    }
  });
});
