import { isStaff, ROLES } from '../../../platform/actor.js';
import { canViewAuditLog, USER_STATUSES } from '../../../identity/index.js';
import { ORDER_STATUSES } from '../../../orders/index.js';
import { utc, type ExportDefinition } from '../definition.js';

/**
 * Orders, users and the audit log as their back-office lists filter them (resources/orders.ts
 * with orders-list.ts, identity.ts, audit.ts). People are named by registration id, orders by
 * number; the joins are primary-key lookups per row.
 */

const createdAt = { column: 'created_at', type: 'timestamptz' } as const;

export const ordersExport: ExportDefinition = {
  resource: 'orders',
  from: `orders o
    LEFT JOIN users c ON c.id = o.client_id
    LEFT JOIN users wr ON wr.id = o.writer_id`,
  idColumn: 'o.id',
  websiteColumn: 'o.website_id',
  mayExport: isStaff,
  filters: {
    status: { column: 'o.status', kind: 'enum', values: ORDER_STATUSES },
    websiteId: { column: 'o.website_id', kind: 'id' },
    clientId: { column: 'o.client_id', kind: 'id' },
    writerId: { column: 'o.writer_id', kind: 'id' },
    number: { column: 'o.number', kind: 'orderNumber', trim: true },
    topic: { column: 'o.topic', kind: 'text', trim: true },
    createdAt: { column: 'o.created_at', kind: 'date' },
    deadline: { column: 'o.deadline', kind: 'date' },
  },
  sorts: {
    createdAt: { ...createdAt, column: 'o.created_at' },
    number: { column: 'o.number', type: 'varchar' },
    status: { column: 'o.status', type: 'varchar' },
    id: { column: 'o.id', type: 'bigint' },
  },
  defaultSort: { by: 'createdAt', direction: 'desc' },
  columns: [
    { header: 'Order number', sql: 'o.number', kind: 'text' },
    { header: 'Status', sql: 'o.status', kind: 'text' },
    { header: 'Website id', sql: 'o.website_id', kind: 'number' },
    { header: 'Client registration id', sql: 'c.registration_id', kind: 'text' },
    { header: 'Writer registration id', sql: 'wr.registration_id', kind: 'text' },
    { header: 'Writer pen name', sql: 'wr.pen_name', kind: 'text' },
    { header: 'Topic', sql: 'o.topic', kind: 'text' },
    { header: 'Paper type', sql: 'o.paper_type', kind: 'text' },
    { header: 'Work type', sql: 'o.work_type', kind: 'text' },
    { header: 'Academic level', sql: 'o.academic_level', kind: 'text' },
    { header: 'Subject', sql: 'o.subject', kind: 'text' },
    { header: 'Pages', sql: 'o.pages', kind: 'number' },
    { header: 'Spacing', sql: 'o.spacing', kind: 'text' },
    { header: utc('Deadline'), sql: 'o.deadline', kind: 'date' },
    { header: 'Total', sql: 'o.total_cents', kind: 'money' },
    { header: 'Paid', sql: 'o.paid_cents', kind: 'money' },
    { header: 'Currency', sql: 'o.currency', kind: 'text' },
    { header: utc('Placed'), sql: 'o.placed_at', kind: 'date' },
    { header: utc('Completed'), sql: 'o.completed_at', kind: 'date' },
    { header: utc('Cancelled'), sql: 'o.cancelled_at', kind: 'date' },
    { header: utc('Created'), sql: 'o.created_at', kind: 'date' },
  ],
};

export const usersExport: ExportDefinition = {
  resource: 'users',
  from: 'users u',
  idColumn: 'u.id',
  websiteColumn: 'u.website_id',
  mayExport: isStaff,
  filters: {
    role: { column: 'u.role', kind: 'enum', values: ROLES },
    status: { column: 'u.status', kind: 'enum', values: USER_STATUSES },
    websiteId: { column: 'u.website_id', kind: 'id' },
    email: { column: 'u.email', kind: 'text' },
    displayName: { column: 'u.display_name', kind: 'text' },
    registrationId: { column: 'u.registration_id', kind: 'text' },
    createdAt: { column: 'u.created_at', kind: 'date' },
  },
  sorts: {
    createdAt: { ...createdAt, column: 'u.created_at' },
    email: { column: 'u.email', type: 'varchar' },
    registrationId: { column: 'u.registration_id', type: 'varchar' },
    id: { column: 'u.id', type: 'bigint' },
  },
  defaultSort: { by: 'createdAt', direction: 'desc' },
  columns: [
    { header: 'Registration id', sql: 'u.registration_id', kind: 'text' },
    { header: 'Email', sql: 'u.email', kind: 'text' },
    { header: 'Name', sql: 'u.display_name', kind: 'text' },
    { header: 'Pen name', sql: 'u.pen_name', kind: 'text' },
    { header: 'Role', sql: 'u.role', kind: 'text' },
    { header: 'Status', sql: 'u.status', kind: 'text' },
    { header: 'Status reason', sql: 'u.status_reason', kind: 'text' },
    { header: 'Website id', sql: 'u.website_id', kind: 'number' },
    { header: 'Timezone', sql: 'u.timezone', kind: 'text' },
    { header: utc('Last sign-in'), sql: 'u.last_login_at', kind: 'date' },
    { header: utc('Created'), sql: 'u.created_at', kind: 'date' },
  ],
};

/** The audit export by period: `filters.createdAt~~from` / `~~to`; only for who may view the log. */
export const auditLogsExport: ExportDefinition = {
  resource: 'audit_logs',
  from: `audit_logs a
    LEFT JOIN users au ON au.id = a.actor_user_id
    LEFT JOIN users ai ON ai.id = a.impersonator_id`,
  idColumn: 'a.id',
  websiteColumn: 'a.website_id',
  mayExport: canViewAuditLog,
  filters: {
    action: { column: 'a.action', kind: 'text' },
    targetType: { column: 'a.target_type', kind: 'text' },
    targetId: { column: 'a.target_id', kind: 'text' },
    actorUserId: { column: 'a.actor_user_id', kind: 'id' },
    actorRole: { column: 'a.actor_role', kind: 'text' },
    websiteId: { column: 'a.website_id', kind: 'id' },
    createdAt: { column: 'a.created_at', kind: 'date' },
  },
  sorts: {
    createdAt: { ...createdAt, column: 'a.created_at' },
    action: { column: 'a.action', type: 'varchar' },
    id: { column: 'a.id', type: 'bigint' },
  },
  defaultSort: { by: 'createdAt', direction: 'desc' },
  columns: [
    { header: 'Audit id', sql: 'a.id', kind: 'number' },
    { header: utc('At'), sql: 'a.created_at', kind: 'date' },
    { header: 'Website id', sql: 'a.website_id', kind: 'number' },
    { header: 'Action', sql: 'a.action', kind: 'text' },
    { header: 'Target type', sql: 'a.target_type', kind: 'text' },
    { header: 'Target id', sql: 'a.target_id', kind: 'text' },
    { header: 'Actor registration id', sql: 'au.registration_id', kind: 'text' },
    { header: 'Actor role', sql: 'a.actor_role', kind: 'text' },
    { header: 'Impersonator registration id', sql: 'ai.registration_id', kind: 'text' },
    { header: 'Changes (JSON)', sql: 'a.changes::text', kind: 'text' },
    { header: 'IP', sql: 'a.ip', kind: 'text' },
    { header: 'Request id', sql: 'a.request_id', kind: 'text' },
    { header: 'Hash', sql: 'a.hash', kind: 'text' },
  ],
};
