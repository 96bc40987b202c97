import type { SignedInRead } from '../../identity/index.js';
import { decodeCursor, toPage, type Page } from '../../platform/http/pagination.js';
import { isoOfTimestamp } from '../../platform/iso-timestamp.js';
import type { OrderStatus } from '../rules.js';
import { serializeClientSummaryIso, type ClientOrderSummary, type SummaryIsoRow } from '../serializers.js';

/**
 * The read model of the client's order list (GET /api/v1/orders), the client's most frequent
 * request and a benchmarked one: raw SQL run in the statement that checks the session
 * (identity's SignedInRead), timestamps read as text and turned into ISO strings without a Date.
 * docs/read-models.md says when such a module is allowed; the service (service/queries.ts)
 * decides who may see the page.
 */

export interface ClientOrderFilters {
  status?: OrderStatus[];
  createdFrom?: Date;
  createdTo?: Date;
  /** Matches the order number exactly or the topic as a case-insensitive substring. */
  q?: string;
  limit: number;
  cursor?: string;
}

/** A row of the list as clientOrdersRead selects it (timestamps as PostgreSQL prints them). */
export type ClientOrderRow = SummaryIsoRow;

// Timestamps as PostgreSQL prints them, turned into ISO strings by isoOfTimestamp (no Date per value).
const SUMMARY_COLUMNS = `id, number, status, topic, paper_type AS "paperType", academic_level AS "academicLevel", pages, deadline::text AS deadline,
  currency, total_cents AS "totalCents", paid_cents AS "paidCents", created_at::text AS "createdAt", placed_at::text AS "placedAt"`;

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A client's own orders, newest first, keyset-paginated on (created_at, id): one indexed query
 * whatever the page, measured on a million orders in `npm run bench`. A read for the signed-in
 * user, so the API runs it in the statement that checks the session (authenticateWithRead): the
 * client's most frequent request costs one round trip. pageOfClientOrders makes the page of its rows.
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

/** The page of the list from clientOrdersRead's rows (the extra row says whether another page follows). */
export function pageOfClientOrders(rows: ClientOrderRow[], filters: ClientOrderFilters): Page<ClientOrderSummary> {
  for (const row of rows) {
    row.deadline = isoOfTimestamp(row.deadline);
    row.createdAt = isoOfTimestamp(row.createdAt)!;
    row.placedAt = isoOfTimestamp(row.placedAt);
  }
  return toPage(rows, filters.limit, (r) => ({ value: r.createdAt, id: r.id }), serializeClientSummaryIso);
}
