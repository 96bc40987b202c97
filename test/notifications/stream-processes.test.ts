import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { dispatchAfterCommit, dispatchOutbox, outboxIdle } from '../../src/platform/outbox.js';
import { HOST_A, login } from '../identity/helpers.js';
import { actorFor, paidOrder } from '../orders/fixtures.js';
import { redisAvailable, startTestApp, type TestApp } from '../support/harness.js';
import { listen, openSse, type SseConnection } from './sse-client.js';

/**
 * The "Done when": two API processes on one database and one Redis. A client holds the
 * stream on one; a writer posts a message through the other, which hands the outbox over right
 * after the commit as `npm start` does (dispatchAfterCommit); the notification reaches the stream
 * within a second through Redis pub/sub. The second process is `src/main.ts start` itself.
 */
const root = path.resolve(import.meta.dirname, '../..');
let t: TestApp;
let here: Awaited<ReturnType<typeof listen>>;
let child: ChildProcess | undefined;
let output = '';
let port: number;
let dataDir: string;
const open: SseConnection[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const healthy = () =>
  new Promise<boolean>((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
  });

async function startSecondProcess(): Promise<void> {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'scriptorium-live-'));
  port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // This test file's own database and Redis prefix: the same deployment as the in-process app.
    DATABASE_URL: t.context.databaseUrl,
    REDIS_URL: t.context.config.REDIS_URL!,
    REDIS_PREFIX: t.context.config.REDIS_PREFIX,
    RUN_WORKER: 'false',
    SEED_DEMO: 'false',
  };
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the second API process exited with ${child.exitCode}:\n${output}`);
    if (output.includes('Scriptorium is running') && (await healthy())) return;
    if (Date.now() > deadline) throw new Error(`the second API process did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  if (!redisAvailable()) return;
  t = await startTestApp();
  here = await listen(t.app);
  await startSecondProcess();
}, 300_000);

afterAll(async () => {
  for (const connection of open) connection.close();
  dispatchAfterCommit(false);
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  await here?.close();
  await t?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

async function stream(onPort: number, token: string): Promise<SseConnection> {
  const connection = await openSse(onPort, '/api/v1/notifications/stream', { Authorization: `Bearer ${token}` });
  open.push(connection);
  expect(connection.status).toBe(200);
  await connection.next((e) => e.data.type === 'ready');
  return connection;
}

const postThrough = (onPort: number, token: string, orderId: number, body: string) =>
  request(`http://127.0.0.1:${onPort}`)
    .post(`/api/v1/orders/${orderId}/threads/client_writer/messages`)
    .set('Host', HOST_A)
    .set('Authorization', `Bearer ${token}`)
    .send({ body })
    .expect(201);

describe.skipIf(!redisAvailable())('live updates across two API processes (one database, one Redis)', () => {
  it('a client streaming from one process gets, within a second, the message a writer posts through the other', async () => {
    const admin = await actorFor('admin@scriptorium.test');
    const client = (await actorFor('client@scriptorium.test')) as Awaited<ReturnType<typeof actorFor>> & { userId: number };
    const writer = (await actorFor('writer@scriptorium.test')) as typeof client;
    const order = await paidOrder(client, { pages: 1, topic: 'Essay across processes' });
    await assignWriter(admin, order.id, { writerId: writer.userId, autoAccept: true });
    await dispatchOutbox();
    const clientToken = (await login(t.app, 'client@scriptorium.test')).accessToken;
    const writerToken = (await login(t.app, 'writer@scriptorium.test')).accessToken;

    // The stream on this process; the message through the other (this process never dispatches here).
    const live = await stream(here.port, clientToken);
    const sent = Date.now();
    const posted = await postThrough(port, writerToken, order.id, 'Posted through the second process.');
    const event = await live.next((e) => e.data.type === 'message', 1_000);
    expect(Date.now() - sent).toBeLessThan(1_000);
    expect(event.data).toMatchObject({
      type: 'message',
      message: { orderId: order.id, messageId: posted.body.id, threadKind: 'client_writer' },
      notification: { kind: 'message.received', link: `/orders/${order.id}/messages` },
    });

    // And the other way round: the stream on the second process, the message through this one
    // (dispatched after its commit, as npm start does).
    const there = await stream(port, clientToken);
    dispatchAfterCommit(true);
    const back = Date.now();
    await postThrough(here.port, writerToken, order.id, 'Posted through the first process.');
    const returned = await there.next((e) => e.data.type === 'message', 1_000);
    expect(Date.now() - back).toBeLessThan(1_000);
    await outboxIdle();
    dispatchAfterCommit(false);
    expect((returned.data.notification as { id: number }).id).toBeGreaterThan((event.data.notification as { id: number }).id);
    // The first stream got it too, once: every process's streams of the user hear of it.
    await live.next((e) => (e.data.notification as { id?: number } | undefined)?.id === (returned.data.notification as { id: number }).id);
    expect(live.events.filter((e) => e.data.type === 'message')).toHaveLength(2);
  });
});
