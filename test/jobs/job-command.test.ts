import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { seedDemo } from '../../seeders/demo.js';
import { boot } from '../../src/boot.js';
import { runningEmbeddedDatabase } from '../../src/platform/embedded-database.js';
import { approveOrder } from '../../src/orders/service/client-actions.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { clock } from '../../src/platform/clock.js';
import type { AppContext } from '../../src/platform/context.js';
import { inTransaction, sql } from '../../src/platform/database.js';
import { createLogger } from '../../src/platform/logger.js';
import { migrate } from '../../src/platform/migrator.js';
import { WriterEarning } from '../../src/writers/models.js';
import { actorFor, newWriter, paidOrder } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * `npm run job -- <name>` / `--list`, run as operators run it: a child process
 * (`node --import tsx src/main.ts job …`) against this file's database — PostgreSQL by its URL, or
 * an embedded database served by another process (this one, as `npm start` would) and found
 * through DATA_DIR.
 */
const root = path.resolve(import.meta.dirname, '../..');
const realPostgres = inject('pgServerUrl') !== null;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runJob(args: string[], env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'job', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run job -- --list', () => {
  it('lists every job the jobs files define, with its schedule, without a database', { timeout: 120_000 }, async () => {
    const run = await runJob(['--list'], { DATA_DIR: os.tmpdir() });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^writers\.mature-earnings\s+every 1 hour$/));
    expect(lines).toContainEqual(expect.stringMatching(/^orders\.sla-flags\s+every 30 minutes$/));
    expect(lines).toContainEqual(expect.stringMatching(/^payments\.refunds-retry\s+every 10 minutes$/));
    // Sorted by name, one line a job.
    const names = lines.map((line) => line.split(/\s+/)[0]!);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
  });

  it('refuses an unknown name with exit code 2, listing the names', { timeout: 120_000 }, async () => {
    const run = await runJob(['writers.no-such-job'], { DATA_DIR: os.tmpdir() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown job "writers.no-such-job"');
    expect(run.stderr).toContain('writers.mature-earnings');
    const none = await runJob([], { DATA_DIR: os.tmpdir() });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Name the job to run');
  });
});

describe.skipIf(!realPostgres)('npm run job -- writers.mature-earnings on PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('runs the job now: an earning past its hold matures, once', { timeout: 120_000 }, async () => {
    const client = await actorFor('client@scriptorium.test');
    const admin = await actorFor('admin@scriptorium.test');
    const writer = await newWriter(client.websiteId!);
    const order = await paidOrder(client, { pages: 5 });
    await assignWriter(admin, order.id, { writerId: writer.userId, autoAccept: true });
    await inTransaction(() => order.reload().then((o) => o.update({ status: 'submitted', deliveredAt: clock.now() })));
    await approveOrder(client, order.id);
    const earning = (await WriterEarning.findOne({ where: { orderId: order.id } }))!;
    await earning.update({ maturesAt: new Date(Date.now() - 60_000) });

    const env = { DATA_DIR: t.dataDir, DATABASE_URL: t.context.config.DATABASE_URL! };
    const run = await runJob(['writers.mature-earnings'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Job writers\.mature-earnings finished in \d+ ms/);
    expect(await earning.reload()).toMatchObject({ status: 'matured', maturityTransactionId: expect.any(Number) });

    const again = await runJob(['writers.mature-earnings'], env);
    expect(again.code, again.stderr).toBe(0);
    const postings = await sql(`SELECT 1 FROM ledger_transactions WHERE idempotency_key = $1`, [`earning-matured:${earning.id}`]);
    expect(postings).toHaveLength(1);
  });
});

describe('npm run job beside a process that serves the embedded database', () => {
  let context: AppContext;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'scriptorium-job-embedded-'));
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, RUN_WORKER: 'false' });
    delete config.DATABASE_URL;
    delete config.REDIS_URL;
    const logger = createLogger('silent');
    // As `npm start` does on the embedded database, announced in DATA_DIR (in memory here, to be quick).
    context = await boot(config, logger, { embeddedDataDir: 'memory://', announceEmbedded: true });
    await migrate(context.sequelize, logger);
    await seedDemo();
  });
  afterAll(async () => {
    await context?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('connects to it through DATA_DIR and runs the job there', { timeout: 120_000 }, async () => {
    expect(await runningEmbeddedDatabase(dataDir)).toBeUndefined(); // this process's own announcement is not "another process"
    await sql(
      `INSERT INTO idempotency_keys (website_id, user_id, key, method, path, request_hash, status, created_at)
       SELECT website_id, id, 'old-key', 'POST', '/x', repeat('0', 64), 'completed', now() - interval '30 days'
         FROM users WHERE website_id IS NOT NULL ORDER BY id LIMIT 1`,
      [],
    );
    expect(await sql(`SELECT 1 FROM idempotency_keys WHERE key = 'old-key'`, [])).toHaveLength(1);
    const run = await runJob(['platform.purge-idempotency-keys'], { DATA_DIR: dataDir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Job platform.purge-idempotency-keys finished');
    expect(await sql(`SELECT 1 FROM idempotency_keys WHERE key = 'old-key'`, [])).toHaveLength(0);
  });

  it('refuses to open the files a second time for a command that does not join', { timeout: 120_000 }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'migrate'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain(`Process ${process.pid} is serving the embedded database`);
  });
});
