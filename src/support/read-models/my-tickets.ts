import type { SignedInRead } from '../../identity/index.js';
import { decodeCursor, toPage, type Page } from '../../platform/http/pagination.js';
import { isoOfTimestamp } from '../../platform/iso-timestamp.js';
import type { TicketCategory, TicketPriority, TicketStatus } from '../rules.js';
import type { CustomerTicketSummary } from '../service/views.js';

/**
 * The read model of a customer's ticket list (GET /api/v1/support/tickets), benchmarked in
 * `npm run bench -- tickets` against bare Express + pg: raw SQL run in the statement that checks
 * the session (identity's SignedInRead), the order number joined in, timestamps read as text and
 * turned into ISO strings without a Date. docs/read-models.md says when such a module is allowed;
 * the service (service/queries.ts myTicketsPage) decides who may see the page, and
 * test/support-tickets/my-tickets-read.test.ts holds it equal to listMyTickets (the model code).
 */

export interface MyTicketsQuery {
  limit: number;
  cursor?: string;
  status?: TicketStatus;
}

/** A row of the list as myTicketsRead selects it (timestamps as PostgreSQL prints them). */
export interface MyTicketRow {
  id: number;
  subject: string;
  category: TicketCategory;
  priority: TicketPriority;
  status: TicketStatus;
  orderId: number | null;
  orderNumber: string | null;
  createdAt: string;
  updatedAt: string;
  firstRespondedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
}

const COLUMNS = `t.id, t.subject, t.category, t.priority, t.status, t.order_id AS "orderId", o.number AS "orderNumber",
  t.created_at::text AS "createdAt", t.updated_at::text AS "updatedAt", t.first_responded_at::text AS "firstRespondedAt",
  t.resolved_at::text AS "resolvedAt", t.closed_at::text AS "closedAt"`;

/**
 * The signed-in client's or writer's tickets on the request's website, newest first, keyset on id,
 * optionally by status: one indexed query (tickets_requester_idx, or tickets_requester_status_idx
 * with a status) whatever the page. Only for a client or writer (the role is in the WHERE, as the
 * service's check is before the page is made).
 */
export function myTicketsRead(query: MyTicketsQuery): SignedInRead {
  const cursor = decodeCursor(query.cursor);
  return {
    // Equality on the requester (and status), keyset on id: the same index plan whatever the values.
    prepare: true,
    sql(user, param) {
      const where = [`t.requester_id = ${user.id}`, `${user.role} IN ('client', 'writer')`, `t.website_id = ${user.websiteId}`];
      if (query.status) where.push(`t.status = ${param(query.status)}`);
      if (cursor) where.push(`t.id < ${param(cursor.id)}`);
      return `SELECT ${COLUMNS} FROM tickets t LEFT JOIN orders o ON o.id = t.order_id
        WHERE ${where.join(' AND ')} ORDER BY t.id DESC LIMIT ${param(query.limit + 1)}`;
    },
  };
}

/** The page from myTicketsRead's rows (the extra row says whether another page follows). */
export function pageOfMyTickets(rows: MyTicketRow[], query: MyTicketsQuery): Page<CustomerTicketSummary> {
  return toPage(
    rows,
    query.limit,
    (r) => ({ value: null, id: r.id }),
    (r) => ({
      id: r.id,
      subject: r.subject,
      category: r.category,
      priority: r.priority,
      status: r.status,
      orderId: r.orderId,
      orderNumber: r.orderId === null ? null : r.orderNumber,
      createdAt: isoOfTimestamp(r.createdAt)!,
      updatedAt: isoOfTimestamp(r.updatedAt)!,
      firstRespondedAt: isoOfTimestamp(r.firstRespondedAt),
      resolvedAt: isoOfTimestamp(r.resolvedAt),
      closedAt: isoOfTimestamp(r.closedAt),
    }),
  );
}
