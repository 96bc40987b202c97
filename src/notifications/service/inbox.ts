import { Op, type WhereOptions } from 'sequelize';
import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { Forbidden, NotFound } from '../../platform/errors.js';
import { decodeCursor, toPage, type Page } from '../../platform/http/pagination.js';
import { Notification } from '../models.js';
import { canReadNotifications } from '../policy.js';
import type { NoticeKind } from '../rules.js';
import type { NotificationsQuery } from '../schemas.js';

/**
 * A user's in-app notifications: their list (newest first, keyset on id), unread count and
 * marking read. Every query is the signed-in user's own rows on their website. Marking read is not
 * audited (it changes nothing anyone else sees).
 */
export interface NotificationView {
  id: number;
  kind: NoticeKind;
  title: string;
  body: string;
  link: string | null;
  data: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
}

export const serialize = (n: Notification): NotificationView => ({
  id: n.id,
  kind: n.kind as NoticeKind,
  title: n.title,
  body: n.body,
  link: n.link,
  data: n.data,
  readAt: n.readAt?.toISOString() ?? null,
  createdAt: n.createdAt.toISOString(),
});

function ownerOf(actor: Actor): WhereOptions<Notification> {
  if (!canReadNotifications(actor)) throw Forbidden('Sign in to read notifications');
  return { userId: actor.userId, ...(actor.websiteId !== null ? { websiteId: actor.websiteId } : {}) };
}

export async function unreadCount(actor: Actor): Promise<number> {
  return Notification.count({ where: { ...ownerOf(actor), readAt: null } });
}

export async function listNotifications(
  actor: Actor,
  query: NotificationsQuery,
): Promise<Page<NotificationView> & { unreadCount: number }> {
  const owner = ownerOf(actor);
  const cursor = decodeCursor(query.cursor);
  const rows = await Notification.findAll({
    where: { ...owner, ...(query.unread === 'true' ? { readAt: null } : {}), ...(cursor ? { id: { [Op.lt]: cursor.id } } : {}) },
    order: [['id', 'DESC']],
    limit: query.limit + 1,
  });
  return { ...toPage(rows, query.limit, (n) => ({ value: null, id: n.id }), serialize), unreadCount: await unreadCount(actor) };
}

export async function markNotificationRead(actor: Actor, id: number): Promise<NotificationView> {
  const owner = ownerOf(actor);
  return inTransaction(async () => {
    const notification = await Notification.findOne({ where: { ...owner, id } });
    if (!notification) throw NotFound('Notification');
    if (!notification.readAt) await notification.update({ readAt: clock.now() });
    return serialize(notification);
  });
}

export async function markAllNotificationsRead(actor: Actor): Promise<{ marked: number; unreadCount: number }> {
  const owner = ownerOf(actor);
  const [marked] = await Notification.update({ readAt: clock.now() }, { where: { ...owner, readAt: null } });
  return { marked, unreadCount: 0 };
}
