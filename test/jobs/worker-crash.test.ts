import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda } from 'agenda';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { STRIPE_EVENT_JOBS } from '../../jobs/stripe-events.js';
import { Order } from '../../src/orders/models.js';
import { Payment } from '../../src/payments/index.js';
import { recordStripeEvent } from '../../src/payments/stripe-events/index.js';
import { login } from '../identity/helpers.js';
import { actorFor } from '../orders/fixtures.js';
import { cardIntentRequest, eventsAbout, intentIdOf, postingsOfPayment, rows } from '../payments/card-helpers.js';
import { clientWithLogin, unpaidOrder } from '../payments/fixtures.js';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';

/**
 * A job worker killed (SIGKILL) while a job moves money, and a second worker that takes the job
 * over once its lock expires: the money moves once. Real processes (`node --import tsx src/main.ts
 * worker`) on this file's PostgreSQL database. The job is a run of the Stripe events retry job,
 * processing a payment_intent.succeeded whose first processing failed; the test holds the payment's
 * row lock so the first worker is caught inside the job (in the event's transaction) when it is
 * killed. The second worker runs with JOB_LOCK_LIFETIME_MS=2000 so it takes the job over at once.
 */
const root = path.resolve(import.meta.dirname, '../..');
// Worker processes need a database they can reach: the embedded one lives inside this test process.
const realPostgres = inject('pgServerUrl') !== null;
let fake: FakeStripe;
let t: TestApp;
let dataDir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!realPostgres) return;
  fake = await startFakeStripe();
  t = await startTestApp({ env: { ...fake.env(), STRIPE_MAX_RETRIES: '0' } });
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'scriptorium-worker-crash-'));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await t?.close();
  await fake?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface Worker {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startWorker(extraEnv: Record<string, string> = {}): Worker {
  const config = t.context.config;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
    DATABASE_URL: config.DATABASE_URL!,
    REDIS_PREFIX: config.REDIS_PREFIX,
    ...(config.REDIS_URL ? { REDIS_URL: config.REDIS_URL } : {}),
    ...extraEnv,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'worker'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  worker: Worker,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (worker.child.exitCode !== null) throw new Error(`worker exited (${worker.child.exitCode}) before ${what}:\n${worker.output()}`);
    if (Date.now() > deadline) {
      const jobs = await rows(
        'SELECT name, locked_at, next_run_at, last_run_at, last_finished_at, failed_at, fail_reason FROM agenda_jobs ORDER BY name',
      ).catch((err: Error) => err.message);
      const events = await rows('SELECT type, status, attempts, last_error FROM stripe_events').catch((err: Error) => err.message);
      throw new Error(
        `timed out waiting for ${what}:\n${worker.output()}\njobs: ${JSON.stringify(jobs)}\nevents: ${JSON.stringify(events)}`,
      );
    }
    await sleep(200);
  }
}

/** Backends of this database waiting for a row lock on payments (the worker inside markPaymentSucceeded). */
const blockedOnPayment = async (): Promise<number | false> => {
  const found = await rows<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
       AND wait_event_type = 'Lock' AND query ILIKE '%FROM "payments"%FOR UPDATE%'`,
  );
  return found[0]?.pid ?? false;
};

describe.skipIf(!realPostgres)('a worker killed mid-job (needs PostgreSQL: worker processes share its database)', () => {
  it('the job re-runs on another worker without a double effect', { timeout: 300_000 }, async () => {
    // A card payment of an order whose success event is stored, its first processing failed.
    const payer = await clientWithLogin((await actorFor('client@scriptorium.test')).websiteId!);
    const token = (await login(t.app, payer.email)).accessToken;
    const order = await unpaidOrder(payer);
    const started = await cardIntentRequest(t.app, token, { purpose: 'order', orderId: order.id }, randomUUID());
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const paymentId = started.body.paymentId as number;
    const intentId = intentIdOf(started.body.clientSecret);
    await fake.succeed(intentId); // no delivery: the event is stored below as a failed one
    const event = fake.eventsOf('payment_intent.succeeded').find((e) => (e.data as { object: { id: string } }).object.id === intentId)!;
    const stored = await recordStripeEvent(event as never);
    await t.context.sequelize.query(
      "UPDATE stripe_events SET status = 'failed', attempts = 1, last_error = 'database unavailable (test)' WHERE id = $1",
      { bind: [stored.id] },
    );

    // Run the retry job now, once (as an operator's "run now" does); its recurring schedule exists
    // and is not due, so this run is the only one. (A recurring run killed midway is simply run again
    // at its next time: Agenda frees an expired lock whose next run is in the future.)
    const backend = new PostgresBackend({ poolConfig: { connectionString: t.context.config.DATABASE_URL, max: 1 } });
    const enqueuer = new Agenda({ backend, name: 'worker-crash-test' });
    await enqueuer.ready;
    await enqueuer.every(STRIPE_EVENT_JOBS.retryFailed.every, STRIPE_EVENT_JOBS.retryFailed.name, undefined, { skipImmediate: true });
    await enqueuer.now(STRIPE_EVENT_JOBS.retryFailed.name);
    await backend.disconnect();

    // Hold the payment's row so the first worker stops inside the job.
    const holder = new pg.Client({ connectionString: t.context.config.DATABASE_URL });
    await holder.connect();
    let workerPid: number;
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM payments WHERE id = $1 FOR UPDATE', [paymentId]);

      const first = startWorker();
      workerPid = await waitFor('the first worker to block inside the job', blockedOnPayment, first);
      first.child.kill('SIGKILL');
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    } finally {
      await holder.query('COMMIT').catch(() => undefined);
      await holder.end();
    }
    // PostgreSQL rolls back the dead worker's transaction when it finds its client gone.
    for (let i = 0; i < 150 && (await rows('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [workerPid])).length; i += 1) await sleep(200);
    expect(await rows('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [workerPid])).toEqual([]);
    expect(await eventsAbout(intentId)).toEqual([
      expect.objectContaining({ type: 'payment_intent.succeeded', status: 'failed', attempts: 1 }),
    ]);
    expect((await Payment.findByPk(paymentId))!.status).toBe('pending');
    expect(await postingsOfPayment(paymentId)).toEqual([]);

    // A second worker takes the job over once the dead worker's lock has expired.
    const second = startWorker({ JOB_LOCK_LIFETIME_MS: '2000' });
    await waitFor(
      'the second worker to finish the event',
      async () => (await eventsAbout(intentId))[0]?.status === 'processed',
      second,
      40_000,
    );
    const [done] = await eventsAbout(intentId);
    expect(done).toMatchObject({ status: 'processed', attempts: 2, last_error: null }); // the stored failure + one processing
    expect((await Payment.findByPk(paymentId))!.status).toBe('succeeded');
    expect(await postingsOfPayment(paymentId)).toHaveLength(2);
    expect((await Order.findByPk(order.id))!).toMatchObject({ status: 'ready_for_staffing', paidCents: order.totalCents });
    const recorded = await rows<{ n: number }>(
      "SELECT count(*)::int AS n FROM order_events WHERE order_id = $1 AND action = 'payment_recorded'",
      [order.id],
    );
    expect(recorded).toEqual([{ n: 1 }]);
    await expectLedgerBalanced();

    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });
});
