import { setTimeout as sleep } from 'node:timers/promises';
import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda } from 'agenda';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/index.js';
import { signIn, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';

/**
 * The job monitor (/admin/jobs, Agendash): superadmins only; it lists the workers' jobs with their
 * runs and failures, and a failed job retried through it runs again on a worker. The worker here is
 * a small Agenda of the test on the same job store, defining one job that fails on its first run.
 */
let t: TestApp;
let worker: Agenda;
let runs = 0;
const JOB = 'test.flaky';

interface Listed {
  job: { _id: string; name: string; failCount?: number; failReason?: string; lastFinishedAt?: string | null };
  failed: boolean;
  completed: boolean;
}

beforeAll(async () => {
  t = await startAdminApp();
  worker = new Agenda({
    backend: new PostgresBackend({
      poolConfig: { connectionString: t.context.databaseUrl, max: t.realPostgres ? 2 : 1 },
      disableNotifications: true,
    }),
    name: 'test-worker',
    processEvery: 200,
  });
  worker.define(JOB, async () => {
    runs += 1;
    if (runs === 1) throw new Error('the first run fails');
  });
  await worker.start();
});
afterAll(async () => {
  await worker?.stop();
  await t?.close();
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function listed(agent: Agent): Promise<Listed | undefined> {
  const res = await agent.get(`/admin/jobs/api?job=${JOB}`).set('Host', 'localhost');
  expect(res.status).toBe(200);
  const body = res.body as { jobs: Listed[]; overview: Array<{ displayName: string }> };
  return body.jobs.find((j) => j.job.name === JOB);
}

describe('/admin/jobs', () => {
  it('refuses anyone signed out: the page sends to the login, the API answers 401', async () => {
    const page = await request(t.app).get('/admin/jobs/').set('Host', 'localhost');
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe('/admin/login');
    const api = await request(t.app).get('/admin/jobs/api').set('Host', 'localhost');
    expect(api.status).toBe(401);
    const retry = await request(t.app)
      .post('/admin/jobs/api/jobs/retry')
      .set('Host', 'localhost')
      .set('Origin', 'http://localhost')
      .send({ jobIds: ['1'] });
    expect(retry.status).toBe(401);
  });

  it('refuses staff who are not superadmins with a 403', async () => {
    for (const email of ['admin@scriptorium.test', 'support@scriptorium.test']) {
      const agent = await signIn(t.app, email);
      expect((await agent.get('/admin/jobs/').set('Host', 'localhost')).status).toBe(403);
      expect((await agent.get('/admin/jobs/api').set('Host', 'localhost')).status).toBe(403);
      const retry = await agent
        .post('/admin/jobs/api/jobs/retry')
        .set('Host', 'localhost')
        .set('Origin', 'http://localhost')
        .send({ jobIds: ['1'] });
      expect(retry.status).toBe(403);
    }
  });

  it('shows a superadmin the dashboard, its runs and failures, and retries a failed job', async () => {
    const superadmin = await signIn(t.app, 'superadmin@scriptorium.test');
    const bare = await superadmin.get('/admin/jobs').set('Host', 'localhost');
    expect(bare.status).toBe(302);
    expect(bare.headers.location).toBe('/admin/jobs/');
    const page = await superadmin.get('/admin/jobs/').set('Host', 'localhost');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>Agendash</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(page.text)![1]!;
    expect((await superadmin.get(`/admin/jobs/${script}`).set('Host', 'localhost')).status).toBe(200);

    // A job queued on the store runs on the worker and fails: the monitor shows the failure.
    await worker.now(JOB, { note: 'hello' });
    const failed = await until('the failed run', async () => {
      const job = await listed(superadmin);
      return job?.failed ? job : undefined;
    });
    expect(failed.job.failReason).toContain('the first run fails');
    expect(failed.job.failCount).toBe(1);
    expect(runs).toBe(1);

    // A cross-site POST is refused before Agendash sees it.
    const forged = await superadmin
      .post('/admin/jobs/api/jobs/retry')
      .set('Host', 'localhost')
      .set('Origin', 'http://evil.test')
      .send({ jobIds: [failed.job._id] });
    expect(forged.status).toBe(403);

    // Retry through the monitor: the worker runs the job again, and this time it completes.
    const retried = await superadmin
      .post('/admin/jobs/api/jobs/retry')
      .set('Host', 'localhost')
      .set('Origin', 'http://localhost')
      .send({ jobIds: [failed.job._id] });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual({ retriedCount: 1 });
    const done = await until('the retried run', async () => {
      const job = await listed(superadmin);
      return job?.completed && !job.failed ? job : undefined;
    });
    expect(runs).toBe(2);
    expect(done.job.lastFinishedAt).toBeTruthy();

    // The retry is audited as the superadmin's, with the job it named; the refused forgery is not.
    const audited = await until('the audit row', async () => (await AuditLog.findAll({ where: { action: 'jobs.retry' } })).at(0));
    expect(audited).toMatchObject({ actorRole: 'superadmin', targetType: 'job' });
    expect(audited.changes?.after).toMatchObject({ jobIds: [failed.job._id], status: 200 });
    expect(await AuditLog.count({ where: { action: 'jobs.retry' } })).toBe(1);
  });
});
