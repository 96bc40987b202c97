import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { withDatabase } from '../support/services.js';

/**
 * `npm start` as a real process: on an empty database it migrates, seeds and serves; on SIGTERM it
 * stops taking connections, finishes the request in flight, and exits 0. Runs on a fresh database of
 * the local PostgreSQL, or on a fresh embedded database under a temporary DATA_DIR without one.
 */
const root = path.resolve(import.meta.dirname, '../..');
const serverUrl = inject('pgServerUrl');
const redisUrl = inject('redisUrl');
const tag = `${inject('runId')}_shutdown_${process.pid}`;
const databaseName = `scriptorium_test_${tag}`;
const redisPrefix = `test:${tag}:`;

let child: ChildProcess;
let output = '';
let exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
let dataDir: string;
let port: number;

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

/** One request on its own connection (no keep-alive), so a refused connection shows as an error. */
function get(pathname: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathname, headers: { Host: `localhost:${port}` }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
  });
}

/** Healthy and done starting (the banner comes after the worker has started). */
async function waitForStart(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`start exited with ${child.exitCode} before it was healthy:\n${output}`);
    const status = await get('/health')
      .then((r) => r.status)
      .catch(() => 0);
    if (status === 200 && output.includes('Scriptorium is running')) return;
    if (Date.now() > deadline) throw new Error(`not healthy after ${timeoutMs} ms:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'scriptorium-shutdown-'));
  port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    REDIS_PREFIX: redisPrefix,
  };
  if (serverUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${databaseName}"`);
    await admin.end();
    env.DATABASE_URL = withDatabase(serverUrl, databaseName);
  }
  if (redisUrl) env.REDIS_URL = redisUrl;

  const started = Date.now();
  // Node itself with tsx's loader (not the tsx CLI, which runs the app in a child process and relays
  // signals through IPC): SIGTERM must reach the app process directly, as under a process manager.
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - started })));
  // Generous: on a loaded 2-core machine seeding (argon2 hashes) and loading AdminJS take minutes.
  await waitForStart(240_000);
}, 300_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (serverUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    await admin.end();
  }
  if (redisUrl) {
    const redis = await createClient({ url: redisUrl }).connect();
    for await (const keys of redis.scanIterator({ MATCH: `${redisPrefix}*`, COUNT: 500 })) if (keys.length) await redis.del(keys);
    await redis.quit();
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe(`npm start as a process (${serverUrl ? 'fresh PostgreSQL database' : 'embedded database: PostgreSQL not reachable'})`, () => {
  it('migrates and seeds the empty database and prints the URLs and demo accounts', async () => {
    expect(output).toContain(`Back office:  http://localhost:${port}/admin`);
    expect(output).toContain(`API docs:     http://localhost:${port}/api/docs`);
    expect(output).toContain('Demo accounts (password "scriptorium")');
    for (const email of ['client@scriptorium.test', 'admin@b.scriptorium.test', 'superadmin@scriptorium.test'])
      expect(output).toContain(email);
    expect(output).toContain('migrations applied');
    expect(output).toContain('seeded demo data into the empty database');
    const health = JSON.parse((await get('/health')).body);
    expect(health.checks.database).toMatchObject({ ok: true, mode: serverUrl ? 'postgresql' : 'embedded' });
    expect(health.checks.redis.ok).toBe(true);
  });

  it('serves the API docs offline', async () => {
    const page = await get('/api/docs/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('swagger-ui');
  });

  it('on SIGTERM finishes the request in flight, refuses new connections and exits 0', async () => {
    // A login whose body is still to come when SIGTERM arrives: it must still get its answer.
    // `Expect: 100-continue` tells us when the server has taken the request in (sent 100 Continue).
    const body = JSON.stringify({ email: 'client@scriptorium.test', password: 'scriptorium' });
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/v1/auth/login',
      agent: false,
      headers: {
        Host: `localhost:${port}`,
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        Expect: '100-continue',
      },
    });
    const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      });
      req.on('error', reject);
    });
    inFlight.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
    req.flushHeaders();
    await new Promise((resolve) => req.once('continue', resolve));

    const signalledAt = Date.now();
    child.kill('SIGTERM');
    // Generous: on a loaded CI machine the child may be busy with its first jobs when the signal lands.
    const deadline = Date.now() + 30_000;
    while (!output.includes('"msg":"shutting down"') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(output).toContain('"msg":"shutting down"');
    // The listening socket is closed: a new connection is refused (or reset, when it raced the close).
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(get('/health')).rejects.toThrow(/ECONNREFUSED|ECONNRESET/);

    req.end(body);
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).accessToken).toEqual(expect.any(String));

    const { code, signal } = await exit;
    expect(Date.now() - signalledAt).toBeLessThan(40_000);
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(output).toContain('"msg":"stopped"');
    expect(output).not.toContain('shutdown step failed');
  }, 90_000);
});
