import type { Actor } from '../../platform/actor.js';
import { type SignedInRead, User } from '../../identity/index.js';
import pg from 'pg';
import { Forbidden, NotFound } from '../../platform/errors.js';
import { decodeCursor, toPage, type Page } from '../../platform/http/pagination.js';
import { screenForCounterparty } from '../screening.js';
import { Order, OrderEvent } from '../models.js';
import { canActAsClient, canSeeOrder } from '../policy.js';
import type { OrderStatus } from '../rules.js';
import {
  serializeClientDetail,
  serializeClientSummaryIso,
  type ClientOrderDetail,
  type ClientOrderSummary,
  type SummaryIsoRow,
  type WriterPublicView,
} from '../serializers.js';

export interface ClientOrderFilters {
  status?: OrderStatus[];
  createdFrom?: Date;
  createdTo?: Date;
  /** Matches the order number exactly or the topic as a case-insensitive substring. */
  q?: string;
  limit: number;
  cursor?: string;
}

// Timestamps as PostgreSQL prints them, turned into ISO strings by isoOfTimestamp (no Date per value).
const SUMMARY_COLUMNS = `id, number, status, topic, paper_type AS "paperType", academic_level AS "academicLevel", pages, deadline::text AS deadline,
  currency, total_cents AS "totalCents", paid_cents AS "paidCents", created_at::text AS "createdAt", placed_at::text AS "placedAt"`;

const parseTimestamptz = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (text: string) => Date;

/**
 * A timestamptz printed by PostgreSQL -> the ISO string `Date#toISOString` gives for it (milliseconds,
 * the rest cut off, as pg's parser does), without building a Date or matching a pattern: a page of
 * orders has some sixty timestamps, and both showed in the bench (time, then garbage). Our sessions
 * print UTC as '2026-11-26 04:18:36.10848+00' (fraction optional); anything else (another offset,
 * a year past 9999, BC) goes through pg's own parser.
 */
function isoOfTimestamp(text: string | null): string | null {
  if (text === null) return null;
  const length = text.length;
  // 'YYYY-MM-DD HH:MM:SS' (19), then '.' and 1-6 digits or nothing, then '+00'.
  const utc =
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(10) === 32 &&
    text.endsWith('+00') &&
    (length === 22 || (length >= 24 && length <= 29 && text.charCodeAt(19) === 46));
  if (!utc) return parseTimestamptz(text).toISOString();
  const fraction = length === 22 ? '000' : text.slice(20, Math.min(23, length - 3)).padEnd(3, '0');
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${fraction}Z`;
}

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A client's own orders, newest first, keyset-paginated on (created_at, id): one indexed query
 * whatever the page, measured on a million orders in `npm run bench`. A read for the signed-in
 * user, so the API runs it in the statement that checks the session (authenticateWithRead): the
 * client's most frequent request costs one round trip. clientOrdersPage makes the page of its rows.
 */
export function clientOrdersRead(filters: ClientOrderFilters): SignedInRead {
  return {
    // Without a text search or a status filter the best plan is the client index whatever the values:
    // a prepared statement spares PostgreSQL parsing and planning it on every page.
    prepare: !filters.q && !filters.status?.length,
    sql(user, param) {
      const where = [`client_id = ${user.id}`, `${user.role} = 'client'`, `website_id = ${user.websiteId}`];
      if (filters.status?.length) where.push(`status = ANY(${param(filters.status)})`);
      if (filters.createdFrom) where.push(`created_at >= ${param(filters.createdFrom)}`);
      if (filters.createdTo) where.push(`created_at < ${param(filters.createdTo)}`);
      if (filters.q) where.push(`(number = ${param(filters.q)} OR topic ILIKE ${param(`%${likeEscape(filters.q)}%`)})`);
      const cursor = decodeCursor(filters.cursor, 'timestamp');
      if (cursor) where.push(`(created_at, id) < (${param(cursor.value)}::timestamptz, ${param(cursor.id)})`);
      return `SELECT ${SUMMARY_COLUMNS} FROM orders WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ${param(filters.limit + 1)}`;
    },
  };
}

/** The page of the list from its rows (clientOrdersRead's), for a client only. */
export function clientOrdersPage(actor: Actor, rows: SummaryIsoRow[], filters: ClientOrderFilters): Page<ClientOrderSummary> {
  assertClient(actor);
  for (const row of rows) {
    row.deadline = isoOfTimestamp(row.deadline);
    row.createdAt = isoOfTimestamp(row.createdAt)!;
    row.placedAt = isoOfTimestamp(row.placedAt);
  }
  return toPage(rows, filters.limit, (r) => ({ value: r.createdAt, id: r.id }), serializeClientSummaryIso);
}

function assertClient(actor: Actor): void {
  if (!canActAsClient(actor) || actor.websiteId === null) throw Forbidden('Only clients have a list of their own orders');
}

async function publicWriter(id: number | null): Promise<WriterPublicView | null> {
  if (id === null) return null;
  const writer = await User.findByPk(id, { attributes: ['penName', 'registrationId'] });
  // The pen name is the writer's own words: screened for the client like anything else they write.
  return writer ? { penName: screenForCounterparty(writer.penName), registrationId: writer.registrationId } : null;
}

/** One order with its timeline, as its client sees it. */
export async function getClientOrder(actor: Actor, orderId: number): Promise<ClientOrderDetail> {
  const order = await Order.findByPk(orderId);
  if (!order || !canActAsClient(actor) || !canSeeOrder(actor, order)) throw NotFound('Order');
  const events = await OrderEvent.findAll({
    where: { orderId },
    order: [
      ['createdAt', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  const [writer, preferredWriter] = await Promise.all([publicWriter(order.writerId), publicWriter(order.preferredWriterId)]);
  return serializeClientDetail(order, { writer, preferredWriter }, events);
}
