import { randomBytes } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PURGE_EXPIRED_CREDENTIALS } from '../../jobs/identity.js';
import { startScheduler, type Scheduler } from '../../jobs/index.js';
import { startTestApp, type TestApp } from '../support/harness.js';

const DAY = 86_400_000;
let t: TestApp;
let scheduler: Scheduler | undefined;

beforeAll(async () => {
  t = await startTestApp();
});

/** The real scheduler, as `npm start` and `npm run worker` start it (embedded: polling, small pool). */
async function ensureScheduler(): Promise<Scheduler> {
  scheduler ??= await startScheduler(t.context, { embedded: !t.realPostgres });
  return scheduler;
}
afterAll(async () => {
  await scheduler?.stop(2_000);
  await t?.close();
});

async function rows<T extends object>(sql: string, replacements: unknown[] = []): Promise<T[]> {
  return t.context.sequelize.query<T>(sql, { type: QueryTypes.SELECT, replacements });
}

const ago = (ms: number) => new Date(Date.now() - ms);
const ahead = (ms: number) => new Date(Date.now() + ms);
const hash = () => randomBytes(32).toString('hex');

/** Inserts a session with one refresh token; returns the session's device label. */
async function insertSession(userId: number, device: string, expiresAt: Date, revokedAt: Date | null): Promise<void> {
  const [session] = await rows<{ id: number }>(
    `INSERT INTO user_sessions (user_id, device, ip, expires_at, revoked_at, created_at, last_used_at)
     VALUES (?, ?, '127.0.0.1', ?, ?, now() - interval '60 days', now() - interval '31 days') RETURNING id`,
    [userId, device, expiresAt, revokedAt],
  );
  await t.context.sequelize.query('INSERT INTO refresh_tokens (session_id, token_hash) VALUES (?, ?)', {
    replacements: [session.id, hash()],
  });
}

async function insertResetToken(userId: number, label: string, expiresAt: Date, usedAt: Date | null): Promise<void> {
  await t.context.sequelize.query(
    'INSERT INTO password_reset_tokens (user_id, token_hash, requested_ip, expires_at, used_at) VALUES (?, ?, ?, ?, ?)',
    {
      replacements: [userId, hash(), label, expiresAt, usedAt],
    },
  );
}

/** Enqueues the job now on the running scheduler and waits until Agenda records it finished. */
async function runPurgeNow(): Promise<void> {
  const job = await (await ensureScheduler()).agenda.now(PURGE_EXPIRED_CREDENTIALS);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const [state] = await rows<{ last_finished_at: Date | null; fail_reason: string | null }>(
      'SELECT last_finished_at, fail_reason FROM agenda_jobs WHERE id = ?',
      [String(job.attrs._id)],
    );
    if (state?.fail_reason) throw new Error(`the purge job failed: ${state.fail_reason}`);
    if (state?.last_finished_at) return;
    if (Date.now() > deadline) throw new Error('the purge job did not run within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const remainingSessions = async () =>
  (await rows<{ device: string }>('SELECT device FROM user_sessions ORDER BY device')).map((r) => r.device);
const remainingResetTokens = async () =>
  (await rows<{ requested_ip: string }>('SELECT requested_ip FROM password_reset_tokens ORDER BY requested_ip')).map((r) => r.requested_ip);
const purgeAudits = () =>
  rows<{ changes: { after: { sessions: number; resetTokens: number } } }>(
    "SELECT changes FROM audit_logs WHERE action = 'identity.purge_expired_credentials'",
  );

describe('job: purge expired sessions and reset tokens', () => {
  it('deletes only what expired or was revoked past retention, and is idempotent', async () => {
    const [client] = await rows<{ id: number }>("SELECT id FROM users WHERE email = 'client@scriptorium.test'");
    await t.context.sequelize.query('DELETE FROM user_sessions; DELETE FROM password_reset_tokens');

    await insertSession(client.id, 'expired-31-days-ago', ago(31 * DAY), null);
    await insertSession(client.id, 'revoked-31-days-ago', ahead(DAY), ago(31 * DAY));
    await insertSession(client.id, 'keep-active', ahead(30 * DAY), null);
    await insertSession(client.id, 'keep-expired-yesterday', ago(DAY), null);
    await insertSession(client.id, 'keep-revoked-yesterday', ahead(DAY), ago(DAY));
    await insertResetToken(client.id, 'expired', ago(60_000), null);
    await insertResetToken(client.id, 'used', ahead(30 * 60_000), ago(60_000));
    await insertResetToken(client.id, 'keep-fresh', ahead(30 * 60_000), null);
    const [{ count: tokensBefore }] = await rows<{ count: number }>('SELECT count(*)::int AS count FROM refresh_tokens');
    expect(tokensBefore).toBe(5);

    // Started after the rows exist: its start-up run and the run below race harmlessly.
    await ensureScheduler();
    await runPurgeNow();

    expect(await remainingSessions()).toEqual(['keep-active', 'keep-expired-yesterday', 'keep-revoked-yesterday']);
    expect(await remainingResetTokens()).toEqual(['keep-fresh']);
    // Refresh tokens go with their session.
    const [{ count: tokensAfter }] = await rows<{ count: number }>('SELECT count(*)::int AS count FROM refresh_tokens');
    expect(tokensAfter).toBe(3);

    // A second run finds nothing to do and changes nothing.
    await runPurgeNow();
    expect(await remainingSessions()).toEqual(['keep-active', 'keep-expired-yesterday', 'keep-revoked-yesterday']);
    expect(await remainingResetTokens()).toEqual(['keep-fresh']);

    // One audit row for the run that purged, none for the runs that found nothing (start-up's own, the second).
    const audits = await purgeAudits();
    expect(audits).toHaveLength(1);
    expect(audits[0].changes.after).toEqual({ sessions: 2, resetTokens: 2 });
  });

  it('keeps one daily schedule for the purge in the job store', async () => {
    await ensureScheduler();
    const schedules = await rows<{ repeat_interval: string; next_run_at: Date; type: string }>(
      'SELECT repeat_interval, next_run_at, type FROM agenda_jobs WHERE name = ? AND repeat_interval IS NOT NULL',
      [PURGE_EXPIRED_CREDENTIALS],
    );
    expect(schedules).toHaveLength(1);
    expect(schedules[0]).toMatchObject({ repeat_interval: '1 day', type: 'single' });
    const nextRun = new Date(schedules[0].next_run_at).getTime();
    expect(nextRun).toBeGreaterThan(Date.now() - 60_000);
    expect(nextRun).toBeLessThanOrEqual(Date.now() + DAY + 60_000);

    // Starting a second worker (scale-out) does not add a second schedule.
    const second = await startScheduler(t.context, { embedded: !t.realPostgres });
    await second.stop(1_000);
    const [{ count }] = await rows<{ count: number }>(
      'SELECT count(*)::int AS count FROM agenda_jobs WHERE name = ? AND repeat_interval IS NOT NULL',
      [PURGE_EXPIRED_CREDENTIALS],
    );
    expect(count).toBe(1);
  });
});
