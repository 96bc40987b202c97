import { Op, QueryTypes } from 'sequelize';
import type { Actor } from '../../../platform/actor.js';
import { clock } from '../../../platform/clock.js';
import { ctx } from '../../../platform/context.js';
import { inTransaction } from '../../../platform/database.js';
import { decodeCursor, toPage, type Page } from '../../../platform/http/pagination.js';
import { settingsOf, Website } from '../../../tenancy/index.js';
import { canActAsOrderStaff } from '../../policy.js';
import { MessageRead, MessageThread, OrderMessage } from '../models.js';
import { THREAD_KINDS, threadAccess, type MessageParty, type ThreadKind } from '../rules.js';
import type { MessageView, ThreadSummaryView } from '../serializers.js';
import { orderForMessages, threadForActor } from './access.js';
import { serializePage } from './people.js';
import { visibleTo } from './visibility.js';

/** Statuses that count as unread for the party (staff also see held messages waiting for review). */
const unreadStatuses = (party: MessageParty) => (party === 'staff' ? "('visible','held')" : "('visible')");

/** Unread messages per thread for the actor, for the given threads. */
async function unreadByThread(actor: Actor, party: MessageParty, threadIds: number[]): Promise<Map<number, number>> {
  if (!threadIds.length || actor.userId === null) return new Map();
  const rows = await ctx().sequelize.query<{ threadId: number; unread: number }>(
    `SELECT m.thread_id AS "threadId", count(*)::int AS unread
       FROM order_messages m
      WHERE m.thread_id = ANY($1::bigint[]) AND m.author_id IS DISTINCT FROM $2 AND m.status IN ${unreadStatuses(party)}
        AND NOT EXISTS (SELECT 1 FROM order_message_reads r WHERE r.message_id = m.id AND r.user_id = $2)
      GROUP BY m.thread_id`,
    { bind: [threadIds, actor.userId], type: QueryTypes.SELECT },
  );
  return new Map(rows.map((r) => [r.threadId, r.unread]));
}

/** "Who can I write to": the order's threads the actor takes part in, with unread counts. */
export async function listThreads(actor: Actor, orderId: number): Promise<{ items: ThreadSummaryView[] }> {
  const base = await orderForMessages(actor, orderId);
  const threads = await MessageThread.findAll({ where: { orderId: base.order.id } });
  const byKind = new Map(threads.map((t) => [t.kind, t]));
  const unread = await unreadByThread(
    actor,
    base.party,
    threads.map((t) => t.id),
  );
  const items: ThreadSummaryView[] = [];
  for (const kind of THREAD_KINDS) {
    const thread = byKind.get(kind);
    const access = threadAccess({
      party: base.party,
      kind,
      orderStatus: base.order.status,
      hasClient: base.order.clientId !== null,
      hasWriter: base.order.writerId !== null,
      clientWriterEnabled: base.clientWriterEnabled,
      threadExists: thread !== undefined,
    });
    if (!access.ok) continue;
    items.push({
      kind,
      canWrite: access.canWrite,
      reason: access.canWrite ? null : (access.whyNot ?? null),
      unread: thread ? (unread.get(thread.id) ?? 0) : 0,
      lastMessageAt: thread?.lastMessageAt ? thread.lastMessageAt.toISOString() : null,
    });
  }
  return { items };
}

/**
 * One thread's messages, newest first; `nextCursor` pages back to older ones. Reading a page
 * marks its messages from others as read by the actor (read receipts are bookkeeping: no audit).
 */
export async function listMessages(
  actor: Actor,
  orderId: number,
  kind: ThreadKind,
  query: { limit: number; cursor?: string },
): Promise<Page<MessageView>> {
  const after = decodeCursor(query.cursor);
  const target = await threadForActor(actor, orderId, kind);
  if (!target.thread) return { items: [], nextCursor: null };
  const rows = await OrderMessage.findAll({
    where: { threadId: target.thread.id, ...(after ? { id: { [Op.lt]: after.id } } : {}), ...visibleTo(target.party, actor.userId) },
    order: [['id', 'DESC']],
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const unreadIds = page.filter((m) => m.authorId !== actor.userId).map((m) => m.id);
  if (unreadIds.length && actor.userId !== null) {
    const readAt = clock.now();
    await inTransaction(() =>
      MessageRead.bulkCreate(
        unreadIds.map((messageId) => ({ messageId, userId: actor.userId!, readAt })),
        { ignoreDuplicates: true },
      ),
    );
  }
  const views = new Map((await serializePage(actor, target, page)).map((v) => [v.id, v]));
  return toPage(
    rows,
    query.limit,
    (m) => ({ value: null, id: m.id }),
    (m) => views.get(m.id)!,
  );
}

export interface UnreadSummary {
  total: number;
  /** The orders with unread messages, most recent message first (at most 50). */
  orders: Array<{ orderId: number; orderNumber: string; unread: number }>;
}

/** Unread messages across the actor's orders: a client's and writer's own orders, staff their website's. */
export async function unreadSummary(actor: Actor): Promise<UnreadSummary> {
  if (actor.userId === null) return { total: 0, orders: [] };
  const party: MessageParty | null =
    actor.role === 'client' ? 'client' : actor.role === 'writer' ? 'writer' : canActAsOrderStaff(actor) ? 'staff' : null;
  if (!party) return { total: 0, orders: [] };
  const website = actor.websiteId !== null ? await Website.findByPk(actor.websiteId) : null;
  const clientWriter = website ? settingsOf(website).clientWriterMessages : true;
  const kinds: ThreadKind[] =
    party === 'client'
      ? ['client_support', ...(clientWriter ? ['client_writer' as const] : [])]
      : party === 'writer'
        ? ['writer_support', ...(clientWriter ? ['client_writer' as const] : [])]
        : [...THREAD_KINDS];
  const scope = party === 'client' ? 'o.client_id = $1' : party === 'writer' ? 'o.writer_id = $1' : 'TRUE';
  const rows = await ctx().sequelize.query<{ orderId: number; orderNumber: string; unread: number }>(
    `SELECT o.id AS "orderId", o.number AS "orderNumber", count(*)::int AS unread
       FROM order_messages m
       JOIN order_message_threads t ON t.id = m.thread_id
       JOIN orders o ON o.id = m.order_id
      WHERE ${scope} AND ($2::bigint IS NULL OR o.website_id = $2) AND t.kind = ANY($3::text[])
        AND m.author_id IS DISTINCT FROM $1 AND m.status IN ${unreadStatuses(party)}
        AND NOT EXISTS (SELECT 1 FROM order_message_reads r WHERE r.message_id = m.id AND r.user_id = $1)
      GROUP BY o.id, o.number
      ORDER BY max(m.id) DESC`,
    { bind: [actor.userId, actor.websiteId, kinds], type: QueryTypes.SELECT },
  );
  return { total: rows.reduce((sum, r) => sum + r.unread, 0), orders: rows.slice(0, 50) };
}
