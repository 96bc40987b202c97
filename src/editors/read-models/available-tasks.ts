import type { SignedInRead } from '../../identity/index.js';
import { screenForCounterparty } from '../../orders/index.js';
import { decodeCursor, toPage, type Page } from '../../platform/http/pagination.js';
import { isoOfTimestamp } from '../../platform/iso-timestamp.js';
import type { AvailableTasksQuery } from '../schemas.js';

/**
 * The read model of the editors' queue (GET /api/v1/editor/tasks/available), the page every
 * editor keeps open and a benchmarked one (`editor-tasks`): raw SQL run in the statement that
 * checks the session (identity's SignedInRead), timestamps read as text and turned into ISO
 * strings without a Date. docs/read-models.md says when such a module is allowed; the service
 * (service/queries.ts availableTasksPage) decides who may see the page.
 */

export interface AvailableTaskRow {
  id: number;
  status: 'available';
  round: number;
  orderId: number;
  orderNumber: string;
  topic: string | null;
  paperType: string | null;
  academicLevel: string | null;
  pages: number | null;
  deadline: string | null;
  createdAt: string;
}

const COLUMNS = `t.id, t.status, t.round, t.order_id AS "orderId", o.number AS "orderNumber", o.topic, o.paper_type AS "paperType",
  o.academic_level AS "academicLevel", o.pages, o.deadline::text AS deadline, t.created_at::text AS "createdAt"`;

/**
 * The website's available tasks, oldest first, keyset-paginated on id: one indexed query
 * (editor_tasks_website_status_idx) whatever the page. Only for a signed-in editor of the website
 * (the role and website are in the WHERE, as the service's check is before the page is made).
 */
export function availableTasksRead(query: AvailableTasksQuery): SignedInRead {
  const cursor = decodeCursor(query.cursor);
  return {
    prepare: true,
    sql(user, param) {
      const where = [`t.website_id = ${user.websiteId}`, `${user.role} = 'editor'`, `t.status = 'available'`];
      where.push(`t.id > ${param(cursor?.id ?? 0)}`);
      return `SELECT ${COLUMNS} FROM editor_tasks t JOIN orders o ON o.id = t.order_id
        WHERE ${where.join(' AND ')} ORDER BY t.id LIMIT ${param(query.limit + 1)}`;
    },
  };
}

/** A task of the queue as the API shows it (the summary every editor task list shows). */
export interface AvailableTaskView extends Omit<AvailableTaskRow, 'deadline' | 'createdAt'> {
  deadline: string | null;
  claimedAt: null;
  claimExpiresAt: null;
  decidedAt: null;
  createdAt: string;
}

/** The page from availableTasksRead's rows (the extra row says whether another page follows). */
export function pageOfAvailableTasks(rows: AvailableTaskRow[], query: AvailableTasksQuery): Page<AvailableTaskView> {
  return toPage(
    rows,
    query.limit,
    (r) => ({ value: null, id: r.id }),
    (r) => ({
      id: r.id,
      status: r.status,
      round: r.round,
      orderId: r.orderId,
      orderNumber: r.orderNumber,
      topic: screenForCounterparty(r.topic),
      paperType: r.paperType,
      academicLevel: r.academicLevel,
      pages: r.pages,
      deadline: isoOfTimestamp(r.deadline),
      claimedAt: null,
      claimExpiresAt: null,
      decidedAt: null,
      createdAt: isoOfTimestamp(r.createdAt)!,
    }),
  );
}
