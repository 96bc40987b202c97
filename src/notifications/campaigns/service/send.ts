import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../../audit/index.js';
import { brandOf } from '../../../identity/index.js';
import { systemActor } from '../../../platform/actor.js';
import { clock } from '../../../platform/clock.js';
import { ctx } from '../../../platform/context.js';
import { inTransaction, sql } from '../../../platform/database.js';
import { Forbidden } from '../../../platform/errors.js';
import { Website } from '../../../tenancy/index.js';
import { canRunCampaigns } from '../policy.js';
import { compileCampaign } from '../render.js';
import { audienceSchema, MAX_SEND_ATTEMPTS, sendBudget, type CampaignStatus } from '../rules.js';
import { segmentQuery } from '../segments.js';
import { recountCampaign } from './common.js';
import { campaignHeaders, unsubscribeUrlFor } from './manage.js';

/**
 * The sending of campaigns (job `email.campaigns`, every minute; safe twice and on many workers).
 *
 * 1. Due scheduled campaigns start: the audience is snapshotted into recipient rows (addresses
 *    that unsubscribed are kept as `unsubscribed`, so the progress shows them), status `sending`.
 * 2. Each sending campaign claims up to its throttle's budget — the throttle minus the rows claimed
 *    in the last minute, counted under the campaign's row lock so two workers share one budget — in
 *    batches, with SKIP LOCKED and a lease (`claimed`, a claim token, `lease_until`).
 * 3. Each claimed row, one at a time: the campaign's status is read again (pause and cancel stop
 *    here), the row is marked `sending` in its own committed statement, the email goes out, the row
 *    is marked `sent`.
 *
 * Each recipient once, across crashes: rows still `claimed` when their lease runs out were
 * certainly not sent (the send starts only after `sending` is committed), so they go back to the
 * queue. A row left `sending` is settled from the mail record the mailer writes around every send
 * (email_messages: `queued` before the transport is called, `sent` once it accepted): recorded
 * sent, the row is marked sent and not sent again; otherwise the send never completed and the row
 * goes back to the queue. Through SMTP, only a crash in the instant between the mail server
 * accepting an email and the record saying so could send one twice; without SMTP the mailer
 * finishes an interrupted send on recovery (platform/mailer.ts recoverInterrupted), so a crash
 * sends nobody twice. A crash anywhere else sends nobody twice and loses nobody.
 */

/** A claimed batch (at most BATCH sends) must be sent within this; a crashed worker's rows come back after it. */
const CLAIM_LEASE_MS = 2 * 60_000;
/** One send must finish within this; a row left `sending` longer was interrupted. */
const SEND_LEASE_MS = 2 * 60_000;
const BATCH = 100;

export interface CampaignRun {
  started: number;
  sent: number;
  failed: number;
  skipped: number;
  finished: number;
}

interface Claimed {
  id: number;
  userId: number;
  email: string;
  displayName: string;
  attempts: number;
}

interface SendingCampaign {
  id: number;
  websiteId: number;
  subject: string;
  html: string;
  throttlePerMinute: number;
}

/** Leases that ran out: claimed rows go back to the queue; rows caught mid-send are settled from the mail record (see above). */
async function recoverExpiredLeases(now: Date): Promise<void> {
  // A send cut off after its message was whole is finished first, so its record says sent. Files
  // are taken sooner than leases run out (a live send writes its file in milliseconds), so every
  // row whose lease ran out finds its file recovered.
  await ctx().mailer.recoverInterrupted(SEND_LEASE_MS / 4);
  await sql(
    `UPDATE email_campaign_recipients SET status = 'queued', claim_token = NULL, lease_until = NULL
      WHERE status = 'claimed' AND lease_until < $1`,
    [now],
  );
  // Sent before the worker stopped: the mail record says so (its key names the campaign).
  await sql(
    `UPDATE email_campaign_recipients r
        SET status = 'sent', sent_at = m.updated_at, provider_id = left(m.provider_message_id, 300), error = NULL,
            claim_token = NULL, lease_until = NULL
       FROM email_messages m
      WHERE r.status = 'sending' AND r.lease_until < $1
        AND m.template_key = 'campaign-' || r.campaign_id AND m.website_id = r.website_id
        AND lower(m.recipient) = lower(r.email) AND m.status = 'sent'`,
    [now],
  );
  // Not sent: the send was cut off before the mail server took it; it goes again.
  await sql(
    `UPDATE email_campaign_recipients SET status = 'queued', claim_token = NULL, lease_until = NULL,
            error = 'interrupted while sending (the worker stopped); sent again'
      WHERE status = 'sending' AND lease_until < $1`,
    [now],
  );
}

/** Starts one due campaign (snapshot of its audience), if another worker has not. */
async function startCampaign(campaignId: number, now: Date): Promise<boolean> {
  return inTransaction(async () => {
    const [c] = await sql<{ id: number; websiteId: number; audience: string }>(
      `SELECT id, website_id AS "websiteId", audience FROM email_campaigns
        WHERE id = $1 AND status = 'scheduled' AND scheduled_at <= $2 FOR UPDATE SKIP LOCKED`,
      [campaignId, now],
    );
    if (!c) return false;
    const actor = systemActor(c.websiteId);
    if (!canRunCampaigns(actor, c.websiteId)) throw Forbidden('Only the system sends campaigns');
    const audience = audienceSchema.parse(JSON.parse(c.audience));
    const segment = segmentQuery(c.websiteId, audience, now, 3);
    await sql(
      `INSERT INTO email_campaign_recipients (campaign_id, website_id, user_id, email, display_name, status, created_at)
       SELECT $1, $2, s.user_id, s.email, s.display_name,
              CASE WHEN EXISTS (SELECT 1 FROM email_unsubscribes x WHERE x.website_id = $2 AND x.email = lower(s.email))
                   THEN 'unsubscribed' ELSE 'queued' END, $3
         FROM (${segment.text}) s
       ON CONFLICT (campaign_id, user_id) DO NOTHING`,
      [c.id, c.websiteId, now, ...segment.values],
    );
    await sql(`UPDATE email_campaigns SET status = 'sending', started_at = $2, updated_at = $2 WHERE id = $1`, [c.id, now]);
    await recountCampaign(c.id);
    const [counts] = await sql<{ recipients: number; unsubscribed: number }>(
      `SELECT recipients_count AS recipients, unsubscribed_count AS unsubscribed FROM email_campaigns WHERE id = $1`,
      [c.id],
    );
    await recordAudit(actor, {
      action: 'email_campaign.start',
      targetType: 'email_campaign',
      targetId: c.id,
      websiteId: c.websiteId,
      before: { status: 'scheduled' },
      after: { status: 'sending', ...counts },
    });
    return true;
  });
}

/** Claims the next batch within the throttle's budget, under the campaign's row lock; [] when none or no budget. */
async function claimBatch(campaignId: number, now: Date, token: string): Promise<Claimed[] | 'not_sending'> {
  return inTransaction(async () => {
    const [c] = await sql<{ status: CampaignStatus; throttle: number }>(
      `SELECT status, throttle_per_minute AS throttle FROM email_campaigns WHERE id = $1 FOR UPDATE`,
      [campaignId],
    );
    if (c?.status !== 'sending') return 'not_sending';
    const [recent] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM email_campaign_recipients WHERE campaign_id = $1 AND claimed_at > $2`,
      [campaignId, new Date(now.getTime() - 60_000)],
    );
    const room = Math.min(BATCH, sendBudget(c.throttle, recent?.n ?? 0));
    if (room <= 0) return [];
    return sql<Claimed>(
      `UPDATE email_campaign_recipients r
          SET status = 'claimed', claim_token = $2, claimed_at = $3, lease_until = $4, attempts = r.attempts + 1
        WHERE r.id IN (SELECT id FROM email_campaign_recipients WHERE campaign_id = $1 AND status = 'queued'
                        ORDER BY id LIMIT $5 FOR UPDATE SKIP LOCKED)
        RETURNING r.id, r.user_id AS "userId", r.email, r.display_name AS "displayName", r.attempts`,
      [campaignId, token, now, new Date(now.getTime() + CLAIM_LEASE_MS), room],
    );
  });
}

/** Gives back this worker's claimed rows when the campaign stopped: paused -> queued again; cancelled -> skipped. */
async function release(campaignId: number, token: string, status: string | undefined): Promise<number> {
  const rows = await sql<{ id: number }>(
    status === 'cancelled'
      ? `UPDATE email_campaign_recipients SET status = 'skipped', claim_token = NULL, lease_until = NULL
          WHERE campaign_id = $1 AND claim_token = $2 AND status = 'claimed' RETURNING id`
      : `UPDATE email_campaign_recipients SET status = 'queued', claim_token = NULL, lease_until = NULL, attempts = attempts - 1
          WHERE campaign_id = $1 AND claim_token = $2 AND status = 'claimed' RETURNING id`,
    [campaignId, token],
  );
  return status === 'cancelled' ? rows.length : 0;
}

/** Marks the campaign sent once nothing waits or is in flight; audited as the system's step. */
async function finishIfDone(c: SendingCampaign, now: Date): Promise<boolean> {
  return inTransaction(async () => {
    const done = await sql<{ id: number }>(
      `UPDATE email_campaigns SET status = 'sent', finished_at = $2, updated_at = $2
        WHERE id = $1 AND status = 'sending'
          AND NOT EXISTS (SELECT 1 FROM email_campaign_recipients WHERE campaign_id = $1 AND status IN ('queued', 'claimed', 'sending'))
        RETURNING id`,
      [c.id, now],
    );
    if (!done.length) return false;
    await recountCampaign(c.id);
    await recordAudit(systemActor(c.websiteId), {
      action: 'email_campaign.finish',
      targetType: 'email_campaign',
      targetId: c.id,
      websiteId: c.websiteId,
      before: { status: 'sending' },
      after: { status: 'sent' },
    });
    return true;
  });
}

/** The progress counts are recounted at most this often while a run sends (an aggregate over the campaign's rows), and when it stops. */
const RECOUNT_EVERY_MS = 5_000;

/** Sends what one campaign may send in this run. */
async function sendCampaign(c: SendingCampaign, run: CampaignRun, touch: () => Promise<unknown>): Promise<void> {
  try {
    await sendBatches(c, run, touch);
  } finally {
    await recountCampaign(c.id);
  }
}

async function sendBatches(c: SendingCampaign, run: CampaignRun, touch: () => Promise<unknown>): Promise<void> {
  const { mailer, logger } = ctx();
  let recountedAt = Date.now();
  const website = (await Website.findByPk(c.websiteId))!;
  const brand = brandOf(website);
  const render = compileCampaign(c, brand, website.name);
  for (;;) {
    const token = randomUUID();
    const claimed = await claimBatch(c.id, clock.now(), token);
    if (claimed === 'not_sending') return;
    if (!claimed.length) {
      if (await finishIfDone(c, clock.now())) run.finished += 1;
      return;
    }
    // Addresses that unsubscribed after the snapshot are honoured too.
    const gone = new Set(
      (
        await sql<{ email: string }>(`SELECT email FROM email_unsubscribes WHERE website_id = $1 AND email = ANY($2::text[])`, [
          c.websiteId,
          claimed.map((r) => r.email.toLowerCase()),
        ])
      ).map((r) => r.email),
    );
    for (const row of claimed) {
      const [state] = await sql<{ status: string }>(`SELECT status FROM email_campaigns WHERE id = $1`, [c.id]);
      if (state?.status !== 'sending') {
        run.skipped += await release(c.id, token, state?.status);
        return;
      }
      if (gone.has(row.email.toLowerCase())) {
        await sql(
          `UPDATE email_campaign_recipients SET status = 'unsubscribed', claim_token = NULL, lease_until = NULL WHERE id = $1 AND claim_token = $2`,
          [row.id, token],
        );
        continue;
      }
      const now = clock.now();
      const mine = await sql<{ id: number }>(
        `UPDATE email_campaign_recipients SET status = 'sending', lease_until = $3
          WHERE id = $1 AND claim_token = $2 AND status = 'claimed' RETURNING id`,
        [row.id, token, new Date(now.getTime() + SEND_LEASE_MS)],
      );
      if (!mine.length) continue; // the lease ran out and another worker holds it now
      const unsubscribeUrl = unsubscribeUrlFor(website, { websiteId: c.websiteId, email: row.email, userId: row.userId, campaignId: c.id });
      try {
        const sent = await mailer.send({
          to: row.email,
          websiteId: c.websiteId,
          brand,
          kind: `campaign-${c.id}`,
          rendered: render({ email: row.email, displayName: row.displayName, unsubscribeUrl }),
          headers: campaignHeaders(unsubscribeUrl),
        });
        await sql(
          `UPDATE email_campaign_recipients SET status = 'sent', sent_at = $3, provider_id = left($4, 300), error = NULL, lease_until = NULL
            WHERE id = $1 AND claim_token = $2 AND status IN ('sending', 'failed')`,
          [row.id, token, clock.now(), sent.messageId ?? null],
        );
        run.sent += 1;
      } catch (err) {
        logger.warn({ err, campaignId: c.id, recipientId: row.id }, 'a campaign email failed');
        const final = row.attempts >= MAX_SEND_ATTEMPTS;
        await sql(
          `UPDATE email_campaign_recipients SET status = $3, error = left($4, 1000), claim_token = NULL, lease_until = NULL
            WHERE id = $1 AND claim_token = $2 AND status = 'sending'`,
          [row.id, token, final ? 'failed' : 'queued', err instanceof Error ? err.message : String(err)],
        );
        if (final) run.failed += 1;
      }
    }
    if (Date.now() - recountedAt >= RECOUNT_EVERY_MS) {
      await recountCampaign(c.id);
      recountedAt = Date.now();
    }
    await touch();
  }
}

/**
 * One run of the job: recover leases, start due campaigns, send each sending campaign's budget.
 * `touch` keeps the job's lock alive between batches (Agenda's job.touch()).
 */
export async function runEmailCampaigns(options: { touch?: () => Promise<unknown> } = {}): Promise<CampaignRun> {
  const run: CampaignRun = { started: 0, sent: 0, failed: 0, skipped: 0, finished: 0 };
  const touch = options.touch ?? (async () => undefined);
  await recoverExpiredLeases(clock.now());
  const due = await sql<{ id: number }>(
    `SELECT id FROM email_campaigns WHERE status = 'scheduled' AND scheduled_at <= $1 ORDER BY scheduled_at, id`,
    [clock.now()],
  );
  for (const { id } of due) if (await startCampaign(id, clock.now())) run.started += 1;
  const sending = await sql<SendingCampaign>(
    `SELECT id, website_id AS "websiteId", subject, html, throttle_per_minute AS "throttlePerMinute"
       FROM email_campaigns WHERE status = 'sending' ORDER BY id`,
    [],
  );
  for (const c of sending) await sendCampaign(c, run, touch);
  return run;
}
