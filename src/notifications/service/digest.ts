import { brandOf } from '../../identity/index.js';
import { clock } from '../../platform/clock.js';
import { ctx } from '../../platform/context.js';
import { inTransaction, sql } from '../../platform/database.js';
import { digestPeriod, type Digest } from '../preference-rules.js';
import { deliverNotifications, DELIVERY_LEASE_MS, recipientsOf, retryPauseMs, urlOf } from './deliver.js';

/**
 * The email digest (the notifications.digest job): a user who chose hourly or daily email has their
 * notification emails held; once their period has ended, the held emails become one digest
 * (notification_digests, unique per user and period: made once however often the job runs or on
 * how many workers) and the digest is sent once, claimed like a delivery (SKIP LOCKED, a lease).
 */

const MAX_ATTEMPTS = 5;

export interface DigestRun {
  /** Held emails of users who turned their digest off since: sent one by one now. */
  released: number;
  /** Digests made this run. */
  made: number;
  sent: number;
  failed: number;
}

interface Candidate {
  userId: number;
  websiteId: number | null;
  digest: Exclude<Digest, 'off'>;
}

/** Makes the user's digest of the period that ended before `now`, in one transaction; false when there is nothing (or it exists). */
async function makeDigest(c: Candidate, now: Date): Promise<boolean> {
  const period = digestPeriod(c.digest, now);
  return inTransaction(async () => {
    const [digest] = await sql<{ id: number }>(
      `INSERT INTO notification_digests (website_id, user_id, period, period_key, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id, period_key) DO NOTHING RETURNING id`,
      [c.websiteId, c.userId, c.digest, period.key, now],
    );
    if (!digest) return false;
    const items = await sql<{ id: number }>(
      `UPDATE notification_deliveries SET status = 'digested', digest_id = $1
        WHERE user_id = $2 AND status = 'held' AND channel = 'email' AND created_at < $3 RETURNING id`,
      [digest.id, c.userId, period.before],
    );
    if (!items.length) {
      await sql(`DELETE FROM notification_digests WHERE id = $1`, [digest.id]);
      return false;
    }
    await sql(`UPDATE notification_digests SET item_count = $2 WHERE id = $1`, [digest.id, items.length]);
    return true;
  });
}

interface ClaimedDigest {
  id: number;
  websiteId: number | null;
  userId: number;
  period: 'hourly' | 'daily';
  attempts: number;
}

const CLAIM = `
  UPDATE notification_digests g SET status = 'sending', claimed_at = $1, attempts = g.attempts + 1
   WHERE g.id IN (
     SELECT id FROM notification_digests
      WHERE ((status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= $1))
             OR (status = 'sending' AND claimed_at < $1::timestamptz - make_interval(secs => $2)))
        AND attempts < ${MAX_ATTEMPTS}
      ORDER BY id LIMIT 20 FOR UPDATE SKIP LOCKED)
  RETURNING g.id, g.website_id AS "websiteId", g.user_id AS "userId", g.period, g.attempts`;

async function sendDigest(d: ClaimedDigest): Promise<string> {
  const recipients = await recipientsOf([d.userId], [d.websiteId]);
  const user = recipients.user(d.userId);
  if (!user) throw new Error('the user no longer exists');
  const website = recipients.website(d.websiteId, user);
  if (!website) throw new Error('no website to send from');
  const items = await sql<{ title: string; body: string; link: string | null }>(
    `SELECT title, body, link FROM notification_deliveries WHERE digest_id = $1 ORDER BY id`,
    [d.id],
  );
  const sent = await ctx().mailer.send({
    to: user.email,
    // The website's own overrides of the digest (and its layout) apply; the mail record names it.
    websiteId: website.id,
    brand: brandOf(website),
    template: 'notification-digest',
    data: {
      recipientName: user.displayName,
      count: items.length,
      plural: items.length !== 1,
      periodLabel: d.period,
      items: items.map((i) => ({ title: i.title, body: i.body, url: urlOf(website, i.link) })),
    },
  });
  return sent.messageId;
}

async function sendDueDigests(run: DigestRun): Promise<void> {
  for (;;) {
    const claimed = await sql<ClaimedDigest>(CLAIM, [clock.now(), DELIVERY_LEASE_MS / 1000]);
    if (!claimed.length) return;
    for (const d of claimed) {
      try {
        await sendDigest(d);
        await sql(`UPDATE notification_digests SET status = 'sent', sent_at = $2, last_error = NULL WHERE id = $1 AND status = 'sending'`, [
          d.id,
          clock.now(),
        ]);
        await sql(`UPDATE notification_deliveries SET sent_at = $2 WHERE digest_id = $1`, [d.id, clock.now()]);
        run.sent++;
      } catch (err) {
        const last = d.attempts >= MAX_ATTEMPTS;
        ctx().logger.error({ err, digestId: d.id }, 'sending a notification digest failed');
        await sql(
          `UPDATE notification_digests SET status = $2, last_error = left($3, 1000), next_attempt_at = $4 WHERE id = $1 AND status = 'sending'`,
          [
            d.id,
            last ? 'failed' : 'pending',
            err instanceof Error ? err.message : String(err),
            new Date(clock.now().getTime() + retryPauseMs(d.attempts)),
          ],
        );
        if (last) run.failed++;
      }
    }
  }
}

/**
 * The notifications.digest job: held emails of users whose digest is now off go out one by one;
 * every user whose period has ended gets one digest of what was held in it; due digests are sent.
 */
export async function sendNotificationDigests(now = clock.now()): Promise<DigestRun> {
  const run: DigestRun = { released: 0, made: 0, sent: 0, failed: 0 };
  const released = await sql<{ id: number }>(
    `UPDATE notification_deliveries d SET status = 'pending'
      WHERE d.status = 'held' AND NOT EXISTS (SELECT 1 FROM notification_preferences p WHERE p.user_id = d.user_id AND p.digest <> 'off')
      RETURNING d.id`,
    [],
  );
  run.released = released.length;
  if (released.length) await deliverNotifications({ ids: released.map((r) => Number(r.id)) });

  const candidates = await sql<Candidate>(
    `SELECT p.user_id AS "userId", u.website_id AS "websiteId", p.digest
       FROM notification_preferences p JOIN users u ON u.id = p.user_id
      WHERE p.digest <> 'off'
        AND EXISTS (SELECT 1 FROM notification_deliveries d
                     WHERE d.user_id = p.user_id AND d.status = 'held'
                       AND d.created_at < date_trunc(CASE p.digest WHEN 'hourly' THEN 'hour' ELSE 'day' END, $1::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')
      ORDER BY p.user_id`,
    [now],
  );
  for (const c of candidates) if (await makeDigest(c, now)) run.made++;
  await sendDueDigests(run);
  return run;
}
