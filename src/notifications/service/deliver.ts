import { reminderEmailOf } from './reminder-emails.js';
import { brandOf, portalBaseUrl, User } from '../../identity/index.js';
import { clock } from '../../platform/clock.js';
import { ctx } from '../../platform/context.js';
import { currentTransaction, sql } from '../../platform/database.js';
import type { StoredOutboxEvent } from '../../platform/outbox.js';
import { smsProvider } from '../../platform/sms.js';
import { Website } from '../../tenancy/index.js';
import { effectiveChannels } from '../preference-rules.js';
import type { Notice } from '../rules.js';
import { announceNotifications } from './live.js';
import { preferencesOf } from './preferences.js';

/**
 * Notices become in-app notifications and email/SMS deliveries, by each recipient's preferences,
 * in the outbox consumer's transaction; the deliveries go out after it commits.
 *
 * A delivery is claimed (status `sending`, claim time, attempt counted) by one statement with SKIP
 * LOCKED, sent outside any transaction, then marked `sent` — so a crash before the claim loses
 * nothing (the notifications.deliver job takes it), and only a crash between the send and the mark
 * can send it again, once its claim's lease has run out. A failed send is retried with a growing
 * pause, then left `failed` with its error.
 */

const BATCH = 50;
const MAX_ATTEMPTS = 5;
/** A claim older than this is taken again (the process that claimed it died mid-send). */
export const DELIVERY_LEASE_MS = 10 * 60_000;

interface SavedDelivery {
  id: number;
  status: string;
}

/** Writes the notices of one event (in the caller's transaction); idempotent per (event, user, kind[, channel]). */
export async function saveNotices(event: StoredOutboxEvent, notices: readonly Notice[], data: Record<string, unknown>): Promise<void> {
  const prefs = await preferencesOf(notices.map((n) => n.userId));
  const channelsOf = (n: Notice) => effectiveChannels(n.kind, prefs.get(n.userId)?.channels ?? {});

  const inApp = notices.filter((n) => channelsOf(n).inApp);
  const notificationIds = new Map<string, number>();
  if (inApp.length) {
    const values: unknown[] = [];
    const tuples = inApp.map((n) => {
      values.push(event.websiteId, n.userId, event.id, n.kind, n.title, n.body, n.link, JSON.stringify(data));
      const i = values.length;
      return `($${i - 7}::bigint, $${i - 6}::bigint, $${i - 5}::bigint, $${i - 4}, $${i - 3}, $${i - 2}, $${i - 1}, $${i}::jsonb)`;
    });
    // (event, user, kind) is unique: an event handed over again notifies no one twice.
    const rows = await sql<{ id: number; userId: number; kind: string }>(
      `INSERT INTO notifications (website_id, user_id, event_id, kind, title, body, link, data) VALUES ${tuples.join(', ')}
         ON CONFLICT DO NOTHING RETURNING id, user_id AS "userId", kind`,
      values,
    );
    for (const r of rows) notificationIds.set(`${r.userId}:${r.kind}`, Number(r.id));
    // Their live streams read them once this transaction commits (a repeat hand-over wakes them for nothing new).
    announceNotifications(inApp.map((n) => n.userId));
  }

  const values: unknown[] = [];
  const tuples: string[] = [];
  const now = clock.now();
  for (const n of notices) {
    const channels = channelsOf(n);
    const pref = prefs.get(n.userId);
    const wanted: Array<['email' | 'sms', string]> = [];
    if (channels.email) wanted.push(['email', pref && pref.digest !== 'off' ? 'held' : 'pending']);
    if (channels.sms && pref?.phone) wanted.push(['sms', 'pending']);
    for (const [channel, status] of wanted) {
      values.push(event.websiteId, n.userId, notificationIds.get(`${n.userId}:${n.kind}`) ?? null, event.id, n.kind);
      values.push(channel, status, n.title, n.body, n.link, now);
      const i = values.length;
      tuples.push(
        `($${i - 10}::bigint, $${i - 9}::bigint, $${i - 8}::bigint, $${i - 7}::bigint, $${i - 6}, $${i - 5}, $${i - 4}, $${i - 3}, $${i - 2}, $${i - 1}, $${i}::timestamptz)`,
      );
    }
  }
  if (!tuples.length) return;
  const saved = await sql<SavedDelivery>(
    `INSERT INTO notification_deliveries (website_id, user_id, notification_id, event_id, kind, channel, status, title, body, link, created_at)
       VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING RETURNING id, status`,
    values,
  );
  const due = saved.filter((d) => d.status === 'pending').map((d) => Number(d.id));
  if (due.length) deliverAfterCommitOf(due);
}

// ---- sending -----------------------------------------------------------------------------------

interface ClaimedDelivery {
  id: number;
  websiteId: number | null;
  userId: number;
  notificationId: number | null;
  kind: string;
  channel: 'email' | 'sms';
  title: string;
  body: string;
  link: string | null;
  attempts: number;
  claimedAt: Date;
}

export interface DeliveryRun {
  sent: number;
  failed: number;
  /** Sends that failed and wait for another try. */
  retrying: number;
}

const CLAIM = `
  UPDATE notification_deliveries d SET status = 'sending', claimed_at = $1, attempts = d.attempts + 1
   WHERE d.id IN (
     SELECT id FROM notification_deliveries
      WHERE ((status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= $1))
             OR (status = 'sending' AND claimed_at < $1::timestamptz - make_interval(secs => $2)))
        AND attempts < ${MAX_ATTEMPTS} AND ($4::bigint[] IS NULL OR id = ANY($4::bigint[]))
      ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
  RETURNING d.id, d.website_id AS "websiteId", d.user_id AS "userId", d.notification_id AS "notificationId", d.kind, d.channel, d.title, d.body, d.link,
            d.attempts, d.claimed_at AS "claimedAt"`;

/** The people and websites a batch of deliveries goes to: one read each. */
export async function recipientsOf(userIds: readonly number[], websiteIds: ReadonlyArray<number | null>) {
  const users = await User.findAll({
    where: { id: [...new Set(userIds)] },
    attributes: ['id', 'email', 'displayName', 'websiteId', 'status'],
  });
  const userById = new Map(users.map((u) => [u.id, u]));
  const siteIds = [...new Set([...websiteIds, ...users.map((u) => u.websiteId)].filter((id): id is number => id !== null))];
  const websites = siteIds.length ? await Website.findAll({ where: { id: siteIds } }) : [];
  const websiteById = new Map(websites.map((w) => [w.id, w]));
  const prefs = await preferencesOf(userIds);
  return {
    user: (id: number) => userById.get(id),
    website: (id: number | null, user: User) => websiteById.get(id ?? user.websiteId ?? -1),
    phone: (id: number) => prefs.get(id)?.phone ?? null,
  };
}

/** A portal path on the website's own base URL (never the request's Host). */
export const urlOf = (website: Website, link: string | null): string | null => (link ? `${portalBaseUrl(website)}${link}` : null);

async function sendOne(d: ClaimedDelivery, recipients: Awaited<ReturnType<typeof recipientsOf>>): Promise<string> {
  const user = recipients.user(d.userId);
  if (!user) throw new Error('the user no longer exists');
  const website = recipients.website(d.websiteId, user);
  if (!website) throw new Error('no website to send from');
  const url = urlOf(website, d.link);
  if (d.channel === 'sms') {
    const phone = recipients.phone(d.userId);
    if (!phone) throw new Error('no phone number');
    return (await smsProvider().send(phone, `${website.name}: ${d.title}${url ? ` ${url}` : ''}`)).id;
  }
  // A reminder goes out in its own template; every other notice in the generic one.
  const own = await reminderEmailOf(d, user, website, url);
  const sent = await ctx().mailer.send({
    to: user.email,
    // The website's own overrides of the template (and its layout) apply; the mail record names it.
    websiteId: website.id,
    brand: brandOf(website),
    ...(own ?? { template: 'notification' as const, data: { recipientName: user.displayName, title: d.title, body: d.body, url } }),
  });
  return sent.messageId;
}

/** The pause before try n+1: 1, 4, 16, 64 minutes. */
export const retryPauseMs = (attempts: number) => 60_000 * 4 ** Math.max(0, attempts - 1);

/**
 * Sends what is due (or, given `ids`, only those): the notifications.deliver job's work and the
 * after-commit send. Safe on many workers at once and safe twice.
 */
export async function deliverNotifications(options: { ids?: readonly number[]; limit?: number } = {}): Promise<DeliveryRun> {
  const run: DeliveryRun = { sent: 0, failed: 0, retrying: 0 };
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  for (;;) {
    const room = Math.min(BATCH, limit - run.sent - run.failed - run.retrying);
    if (room <= 0) break;
    const claimed = await sql<ClaimedDelivery>(CLAIM, [clock.now(), DELIVERY_LEASE_MS / 1000, room, options.ids ?? null]);
    if (!claimed.length) break;
    const recipients = await recipientsOf(
      claimed.map((d) => d.userId),
      claimed.map((d) => d.websiteId),
    );
    for (const d of claimed) {
      try {
        const providerId = await sendOne(d, recipients);
        await sql(
          `UPDATE notification_deliveries SET status = 'sent', sent_at = $2, provider_id = left($3, 300), last_error = NULL
            WHERE id = $1 AND status = 'sending'`,
          [d.id, clock.now(), providerId],
        );
        run.sent++;
      } catch (err) {
        const last = d.attempts >= MAX_ATTEMPTS;
        ctx().logger.error({ err, deliveryId: d.id, channel: d.channel }, 'sending a notification failed');
        await sql(
          `UPDATE notification_deliveries SET status = $2, last_error = left($3, 1000), next_attempt_at = $4 WHERE id = $1 AND status = 'sending'`,
          [
            d.id,
            last ? 'failed' : 'pending',
            err instanceof Error ? err.message : String(err),
            new Date(clock.now().getTime() + retryPauseMs(d.attempts)),
          ],
        );
        if (last) run.failed++;
        else run.retrying++;
      }
    }
    if (claimed.length < room) break;
  }
  // A claim that ran out of tries while its sender died: failed, for a person to look at.
  await sql(
    `UPDATE notification_deliveries SET status = 'failed', last_error = coalesce(last_error, 'the sender stopped mid-send')
      WHERE status = 'sending' AND attempts >= ${MAX_ATTEMPTS} AND claimed_at < $1::timestamptz - make_interval(secs => $2)`,
    [clock.now(), DELIVERY_LEASE_MS / 1000],
  );
  return run;
}

// ---- after commit ------------------------------------------------------------------------------

let afterCommit = false;
const inFlight = new Set<Promise<unknown>>();

/**
 * Whether this process sends right after the consumer's commit (npm start and the workers turn it
 * on, as the outbox's dispatch; tests send by hand). Off: deliveries wait for notifications.deliver.
 */
export function deliverAfterCommit(on: boolean): void {
  afterCommit = on;
}

function deliverAfterCommitOf(ids: number[]): void {
  if (!afterCommit) return;
  const start = () => {
    const running = deliverNotifications({ ids })
      .catch((err: unknown) => ctx().logger.error({ err }, 'sending notifications after commit failed'))
      .finally(() => inFlight.delete(running));
    inFlight.add(running);
  };
  const transaction = currentTransaction();
  if (transaction) transaction.afterCommit(start);
  else start();
}

/** Waits for the after-commit sends under way (shutdown, tests). */
export async function deliveriesIdle(): Promise<void> {
  while (inFlight.size) await Promise.all([...inFlight]);
}
