import { sql } from '../platform/database.js';
import type { Actor } from '../platform/actor.js';
import { ACTIVE_STATUSES } from '../support/index.js';
import { canOpenQueue, type QueueResource } from './policy.js';

/**
 * The dashboard's work queues: what waits for staff, each a count and a link to the back-office
 * list filtered to exactly those rows (the list's count equals the queue's: the condition below is
 * the one the list's filters make; test/analytics/dashboard-queues.test.ts and the Chromium test
 * test/admin/dashboard-browser.test.ts compare them). Counts are exact and live (not cached):
 * each is a count over a small, indexed set (a status of a website, a partial index).
 */
export interface QueueDefinition {
  key: string;
  label: string;
  /** The AdminJS resource (table) whose list the queue opens. */
  resource: QueueResource;
  /** The list's filters (`filters.<prop>=<value>`). */
  filters: Readonly<Record<string, string>>;
  /** Table the count reads and its condition: code constants only, never a value from a request. */
  table: string;
  where: string;
}

export const QUEUES: readonly QueueDefinition[] = [
  q('staffing', 'Orders waiting for staffing', 'orders', { status: 'ready_for_staffing' }, `status = 'ready_for_staffing'`),
  // Overdue as the SLA sweep models it (RULES.md): flagged overdue_at while the writer still works on it.
  q(
    'overdue',
    'Overdue orders',
    'orders',
    { overdue: 'true' },
    `overdue_at IS NOT NULL AND status IN ('in_progress', 'revision_requested')`,
  ),
  q('disputed', 'Disputed orders', 'orders', { status: 'disputed' }, `status = 'disputed'`),
  q('cancellations', 'Cancellation requests', 'orders', { status: 'pending_cancellation' }, `status = 'pending_cancellation'`),
  q('refunds', 'Refunds waiting for approval', 'refunds', { status: 'pending' }, `status = 'pending'`),
  q('offlinePayments', 'Offline payments to approve', 'payments', { status: 'pending_approval' }, `status = 'pending_approval'`),
  q('heldMessages', 'Held messages', 'order_messages', { status: 'held' }, `status = 'held'`),
  // A breach still matters while the ticket is active (support's own dashboard counts the same).
  q(
    'slaBreaches',
    'Tickets breaching SLA',
    'tickets',
    { slaBreached: 'true', active: 'true' },
    `sla_breached AND status IN (${ACTIVE_STATUSES.map((s) => `'${s}'`).join(', ')})`,
  ),
  q('fineAppeals', 'Fine appeals', 'fines', { appealOpen: 'true' }, `appeal_open`),
  // A batch is built when its period ends; it is due until an admin marks it paid (or cancels it).
  q('payoutsDue', 'Payout batches due', 'payouts', { status: 'pending' }, `status = 'pending'`),
  q('writerRequests', "Writers' requests waiting", 'order_requests', { status: 'open' }, `status = 'open'`),
];

function q(key: string, label: string, resource: QueueResource, filters: Record<string, string>, where: string): QueueDefinition {
  return { key, label, resource, filters, table: resource, where };
}

export interface QueueCount {
  key: string;
  label: string;
  count: number;
  /** The filtered list, e.g. /admin/resources/orders?filters.status=disputed (a superadmin's website choice added). */
  href: string;
}

/** The list URL of a queue; a superadmin looking at one website gets it in the list's filters too. */
export function queueHref(queue: QueueDefinition, websiteId: number | null): string {
  const params = new URLSearchParams();
  for (const [prop, value] of Object.entries(queue.filters)) params.set(`filters.${prop}`, value);
  if (websiteId !== null) params.set('filters.websiteId', String(websiteId));
  return `/admin/resources/${queue.resource}?${params.toString()}`;
}

/**
 * The queues the actor may open, counted in one statement (one scalar count per queue), over the
 * websites the caller's policy put in scope (every website of a superadmin is named, so that the
 * (website_id, status) indexes serve the count: a count without the website reads the table).
 * `linkWebsiteId`: the website to name in the links (a superadmin's choice; an admin's lists are scoped already).
 */
export async function queueCounts(actor: Actor, websiteIds: number[], linkWebsiteId: number | null): Promise<QueueCount[]> {
  const shown = QUEUES.filter((queue) => canOpenQueue(actor, queue.resource));
  if (shown.length === 0) return [];
  const columns = shown.map(
    (queue, i) => `(SELECT count(*) FROM ${queue.table} WHERE ${queue.where} AND website_id = ANY($1::bigint[]))::int AS q${i}`,
  );
  const [row] = await sql<Record<string, number>>(`SELECT ${columns.join(', ')}`, [websiteIds]);
  return shown.map((queue, i) => ({
    key: queue.key,
    label: queue.label,
    count: Number(row?.[`q${i}`] ?? 0),
    href: queueHref(queue, linkWebsiteId),
  }));
}
