import { randomUUID } from 'node:crypto';
import { Op, type WhereOptions } from 'sequelize';
import type { Actor } from '../../platform/actor.js';
import { ctx } from '../../platform/context.js';
import { Forbidden, RateLimited } from '../../platform/errors.js';
import type { EventStream } from '../../platform/http/sse.js';
import { dropLease, takeLease } from '../../platform/leases.js';
import { subscribeLive } from '../../platform/live-bus.js';
import { Notification } from '../models.js';
import { canReadNotifications } from '../policy.js';
import { serialize } from './inbox.js';
import { userTopic } from './live.js';

/**
 * The live stream of a signed-in user's notifications (GET /api/v1/notifications/stream): each new
 * notification is one event `{ type, notification, unreadCount }` — `type` is `message` for a new
 * message in one of their order threads (with `message: { orderId, messageId, threadKind }`),
 * `notification` for everything else. The `id:` of an event is the stream's high-water mark (the
 * highest notification id sent so far), so a client reconnecting with Last-Event-ID gets exactly
 * what is newer; a client dedupes by `notification.id`.
 *
 * A stream is woken through the live bus (announceNotifications, after the notifications commit)
 * and reads from the database, so a lost wake-up delays nothing beyond the next one and a resume
 * reads the same rows. Notifications written by two dispatchers at once can commit out of id order:
 * rows younger than LATE_COMMIT_WINDOW_MS below the high-water mark are read again too (and sent
 * once: the stream remembers what it sent in that window).
 */
export const liveStreamSettings = {
  /** Open streams a user may hold at once, across every API process; one more is refused (429). */
  maxPerUser: 5,
  /** A comment line this often keeps proxies and load balancers from closing an idle stream. */
  heartbeatMs: 25_000,
  /** EventSource's reconnection delay, sent as `retry:`. */
  retryMs: 3_000,
  /** After this the stream ends with a `reauthenticate` event: the access token or ticket it was opened with is stale by then. */
  lifetimeMs: (): number => ctx().config.ACCESS_TOKEN_TTL_SECONDS * 1000,
};

const BATCH = 200;
const LATE_COMMIT_WINDOW_MS = 30_000;

export interface StreamOptions {
  /** Last-Event-ID: send every notification newer than it first. */
  lastEventId?: number;
}

interface State {
  /** What has been sent: the high-water mark, the starting floor, and the ids of the late-commit window. */
  highWater: number;
  floor: number;
  recentlySent: Map<number, number>;
  pulling: boolean;
  again: boolean;
}

function ownerOf(actor: Actor & { userId: number }): WhereOptions<Notification> {
  return { userId: actor.userId, ...(actor.websiteId !== null ? { websiteId: actor.websiteId } : {}) };
}

async function latestId(owner: WhereOptions<Notification>): Promise<number> {
  // transaction: null — a stream's reads never join whatever transaction woke it.
  const latest = await Notification.max<number, Notification>('id', { where: owner, transaction: null });
  return Number(latest ?? 0);
}

function eventOf(n: Notification, unreadCount: number): object {
  const view = serialize(n);
  if (n.kind !== 'message.received') return { type: 'notification', notification: view, unreadCount };
  const { orderId, messageId, threadKind } = n.data as { orderId?: number; messageId?: number; threadKind?: string };
  return { type: 'message', notification: view, message: { orderId, messageId, threadKind }, unreadCount };
}

/** Sends what is new since the last pull; one pull at a time per stream (a wake-up during one runs another after it). */
async function pull(stream: EventStream, owner: WhereOptions<Notification>, state: State): Promise<void> {
  if (state.pulling) {
    state.again = true;
    return;
  }
  state.pulling = true;
  try {
    do {
      state.again = false;
      const now = Date.now();
      for (const [id, at] of state.recentlySent) if (at < now - 2 * LATE_COMMIT_WINDOW_MS) state.recentlySent.delete(id);
      const skip = [...state.recentlySent.keys()];
      const rows = await Notification.findAll({
        where: {
          ...owner,
          [Op.and]: [
            { id: { [Op.gt]: state.floor } },
            { [Op.or]: [{ id: { [Op.gt]: state.highWater } }, { createdAt: { [Op.gte]: new Date(now - LATE_COMMIT_WINDOW_MS) } }] },
            ...(skip.length ? [{ id: { [Op.notIn]: skip } }] : []),
          ],
        },
        order: [['id', 'ASC']],
        limit: BATCH,
        transaction: null,
      });
      if (!rows.length || stream.closed) break;
      const unreadCount = await Notification.count({ where: { ...owner, readAt: null }, transaction: null });
      for (const row of rows) {
        state.highWater = Math.max(state.highWater, row.id);
        state.recentlySent.set(row.id, Date.now());
        if (!stream.send(eventOf(row, unreadCount), state.highWater)) return;
      }
      if (rows.length === BATCH) state.again = true;
    } while (state.again && !stream.closed);
  } finally {
    state.pulling = false;
  }
}

/**
 * Serves `stream` to `actor` until either side closes it: takes one of the user's connection
 * leases (429 beyond the cap, before anything is written), subscribes to the user's wake-ups, then
 * sends what is newer than Last-Event-ID (or only what comes next), heartbeats, and what arrives.
 */
export async function streamNotifications(actor: Actor, open: () => EventStream, options: StreamOptions = {}): Promise<void> {
  if (!canReadNotifications(actor)) throw Forbidden('Sign in to follow your notifications');
  const { logger } = ctx();
  const settings = liveStreamSettings;
  const lease = `notification-streams:${actor.userId}`;
  const holder = randomUUID();
  const leaseMs = Math.max(settings.heartbeatMs * 3, 60_000);
  if (!(await takeLease(lease, holder, settings.maxPerUser, leaseMs)))
    throw RateLimited(`At most ${settings.maxPerUser} live streams at once: close another first`, Math.ceil(settings.heartbeatMs / 1000));

  const owner = ownerOf(actor);
  let stream: EventStream | undefined;
  let unsubscribe: (() => Promise<void>) | undefined;
  try {
    const latest = await latestId(owner);
    const start = Math.min(options.lastEventId ?? latest, latest);
    const state: State = { highWater: start, floor: start, recentlySent: new Map(), pulling: false, again: false };
    const wake = () =>
      void (stream ? pull(stream, owner, state) : Promise.resolve()).catch((err: unknown) =>
        logger.warn({ err, userId: actor.userId }, 'a live stream could not read'),
      );
    // Subscribed before the first read: a notification committed in between is read by one or the other.
    unsubscribe = await subscribeLive(userTopic(actor.userId), wake);
    const unreadCount = await Notification.count({ where: { ...owner, readAt: null }, transaction: null });
    const opened = (stream = open());
    opened.send({ type: 'ready', lastEventId: start, unreadCount });
    wake();

    const heartbeat = setInterval(() => {
      if (opened.comment('heartbeat'))
        takeLease(lease, holder, settings.maxPerUser, leaseMs).catch((err: unknown) =>
          logger.warn({ err }, 'renewing a stream lease failed'),
        );
    }, settings.heartbeatMs);
    const lifetime = setTimeout(() => {
      opened.send({ type: 'reauthenticate' });
      opened.close();
    }, settings.lifetimeMs());
    const stop = unsubscribe;
    opened.onClose(() => {
      clearInterval(heartbeat);
      clearTimeout(lifetime);
      stop().catch((err: unknown) => logger.warn({ err }, 'unsubscribing a live stream failed'));
      dropLease(lease, holder).catch((err: unknown) => logger.warn({ err }, 'dropping a stream lease failed'));
    });
  } catch (err) {
    await unsubscribe?.().catch(() => undefined);
    await dropLease(lease, holder).catch(() => undefined);
    throw err;
  }
}
