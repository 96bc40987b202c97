import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCampaign, scheduleCampaign } from '../../src/notifications/campaigns/index.js';
import type { Actor } from '../../src/platform/actor.js';
import { sql } from '../../src/platform/database.js';
import { actorFor } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * A large campaign sent by a real worker process (`src/main.ts worker`, the `email.campaigns` job)
 * that is killed (SIGKILL) mid-run; once the dead worker's leases have run out, `npm run job --
 * email.campaigns` (the operators' command, a process of its own) finishes it. Every address gets
 * the campaign at most once — exactly once but for at most the one email the killed worker was
 * sending — and the campaign ends `sent`. CAMPAIGN_SCALE_RECIPIENTS sets the audience (default
 * 2,000; the closing note's figures were measured with 10,000); the send rate and the worker's
 * memory are printed.
 */
const root = path.resolve(import.meta.dirname, '../..');
const realPostgres = inject('pgServerUrl') !== null;
const RECIPIENTS = Number(process.env.CAMPAIGN_SCALE_RECIPIENTS ?? 2000);
let t: TestApp;
let admin: Actor;
let dataDir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!realPostgres) return;
  t = await startTestApp();
  admin = await actorFor('admin@scriptorium.test');
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'scriptorium-campaign-scale-'));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await t?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function spawnApp(args: string[]) {
  const config = t.context.config;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      DATABASE_URL: config.DATABASE_URL!,
      REDIS_PREFIX: config.REDIS_PREFIX,
      ...(config.REDIS_URL ? { REDIS_URL: config.REDIS_URL } : {}),
    },
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

const sentCount = async (campaignId: number) =>
  (
    await sql<{ n: number }>(`SELECT count(*)::int AS n FROM email_campaign_recipients WHERE campaign_id = $1 AND status = 'sent'`, [
      campaignId,
    ])
  )[0]!.n;
const rssMb = (pid: number) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
  } catch {
    return 0;
  }
};

describe.skipIf(!realPostgres)('a large campaign across a worker kill (needs PostgreSQL: the processes share its database)', () => {
  it(`${RECIPIENTS} recipients: each mailed at most once, all but the one caught mid-send exactly once`, { timeout: 600_000 }, async () => {
    const websiteId = admin.websiteId!;
    await sql(
      `INSERT INTO users (website_id, role, registration_id, email, password_hash, display_name)
       SELECT $1, 'editor', 'SCALE' || lpad(n::text, 8, '0'), 'scale' || n || '@campaign.test', 'not-a-hash', 'Scale Reader ' || n
         FROM generate_series(1, $2::int) n`,
      [websiteId, RECIPIENTS],
    );
    const [{ audience }] = (await sql<{ audience: number }>(
      `SELECT count(*)::int AS audience FROM users WHERE website_id = $1 AND role = 'editor' AND status IN ('active', 'probation')`,
      [websiteId],
    )) as [{ audience: number }];
    expect(audience).toBeGreaterThanOrEqual(RECIPIENTS);
    const campaign = await createCampaign(admin, {
      name: 'Scale',
      subject: 'News for {{firstName}}',
      html: '<p>Dear {{name}}, this is {{websiteName}}.</p>',
      audience: '{"role":"editor"}',
      throttlePerMinute: 100_000,
    });
    await scheduleCampaign(admin, campaign.id, 'now');

    // The worker starts the campaign and sends; it is killed once about a third has gone out.
    const worker = spawnApp(['worker']);
    const started = Date.now();
    let peakRss = 0;
    let firstSent = 0;
    let firstSentAt = 0;
    for (;;) {
      peakRss = Math.max(peakRss, rssMb(worker.child.pid!));
      const sent = await sentCount(campaign.id);
      if (sent > 0 && !firstSentAt) firstSentAt = Date.now();
      if (sent >= audience / 3) {
        worker.child.kill('SIGKILL');
        firstSent = sent;
        break;
      }
      if (worker.child.exitCode !== null) throw new Error(`the worker exited:\n${worker.output()}`);
      if (Date.now() - started > 300_000) throw new Error(`the worker sent ${sent} in 5 minutes:\n${worker.output()}`);
      await sleep(100);
    }
    const rate = firstSent / ((Date.now() - firstSentAt) / 1000);
    expect(await worker.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await sleep(500);
    const killedAt = await sentCount(campaign.id);

    // Its leases run out and its files age (simulated: the wait would be CLAIM_LEASE_MS); the operators' command finishes the campaign.
    const longAgo = new Date(Date.now() - 10 * 60_000);
    for (const name of readdirSync(path.join(dataDir, 'mail')).filter((f) => /\.(partial|ready)$/.test(f)))
      utimesSync(path.join(dataDir, 'mail', name), longAgo, longAgo);
    await sql(
      `UPDATE email_campaign_recipients SET lease_until = now() - interval '1 second' WHERE campaign_id = $1 AND lease_until IS NOT NULL`,
      [campaign.id],
    );
    const job = spawnApp(['job', 'email.campaigns']);
    const finishedAt = Date.now();
    const exit = await job.exited;
    expect(exit.code, job.output()).toBe(0);
    const secondSeconds = (Date.now() - finishedAt) / 1000;

    await campaign.reload();
    const rows = await sql<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM email_campaign_recipients WHERE campaign_id = $1 GROUP BY status`,
      [campaign.id],
    );
    const by = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    expect(campaign.status).toBe('sent');
    expect(campaign.recipientsCount).toBe(audience);
    // Each recipient exactly once: the one the killed worker was sending is settled from the mail record.
    expect(by).toEqual({ sent: audience });

    const mailDir = path.join(dataDir, 'mail');
    const written = readdirSync(mailDir).filter((f) => f.includes(`-campaign-${campaign.id}-`));
    // The send the kill interrupted was finished (or redone) on recovery: no file is left half-sent.
    expect(written.filter((f) => /\.(partial|ready)$/.test(f))).toEqual([]);
    const files = written.filter((f) => f.endsWith('.eml'));
    const addresses = files.map((f) => /-campaign-\d+-(.+)\.eml$/.exec(f)![1]!);
    expect(new Set(addresses).size).toBe(addresses.length); // nobody twice
    expect(addresses.length).toBe(audience);

    console.log(
      `[campaign scale] ${audience} recipients; worker killed at ${killedAt} sent (${rate.toFixed(0)} emails/s, peak RSS ${peakRss.toFixed(0)} MB); ` +
        `npm run job -- email.campaigns sent the other ${by.sent! - killedAt} in ${secondSeconds.toFixed(1)} s (process start included); ` +
        `each recipient exactly once`,
    );
  });
});
