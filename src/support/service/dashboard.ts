import { onlineUsers } from '../../identity/index.js';
import { isSuperadmin, isStaff, type Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { sql } from '../../platform/database.js';
import { Forbidden } from '../../platform/errors.js';
import { ACTIVE_STATUSES, TICKET_PRIORITIES, type TicketPriority } from '../rules.js';

/**
 * The support dashboard of the back office: the queue by priority (active, unassigned, alerted,
 * breached), the breaches, and each agent's workload (active and unanswered tickets, online or
 * not). Staff see their website; a superadmin acting across websites sees every one. Aggregates
 * in SQL (docs/read-models.md, rule 3), scoped in their WHERE.
 */
export interface SupportDashboard {
  queue: Array<{ priority: TicketPriority; active: number; unassigned: number; alerted: number; breached: number }>;
  breaches: Array<{ id: number; subject: string; priority: TicketPriority; status: string; assigneeId: number | null; dueAt: string }>;
  agents: Array<{ id: number; name: string; role: string; websiteId: number | null; active: number; unanswered: number; online: boolean }>;
  generatedAt: string;
}

const ACTIVE = ACTIVE_STATUSES.map((s) => `'${s}'`).join(',');

export async function supportDashboard(actor: Actor): Promise<SupportDashboard> {
  if (!isStaff(actor)) throw Forbidden('Only staff see the support dashboard');
  const all = isSuperadmin(actor) && actor.websiteId === null;
  if (!all && actor.websiteId === null) throw Forbidden('No website in scope');
  const scope = all ? 'TRUE' : 't.website_id = $1';
  const params = all ? [] : [actor.websiteId];
  const queueRows = await sql<{ priority: TicketPriority; active: number; unassigned: number; alerted: number; breached: number }>(
    `SELECT t.priority, count(*)::int AS active,
            count(*) FILTER (WHERE t.assignee_id IS NULL)::int AS unassigned,
            count(*) FILTER (WHERE t.sla_alerted AND NOT t.sla_breached)::int AS alerted,
            count(*) FILTER (WHERE t.sla_breached)::int AS breached
       FROM tickets t WHERE ${scope} AND t.status IN (${ACTIVE}) GROUP BY t.priority`,
    params,
  );
  const byPriority = new Map(queueRows.map((r) => [r.priority, r]));
  const breaches = await sql<{
    id: number;
    subject: string;
    priority: TicketPriority;
    status: string;
    assigneeId: number | null;
    dueAt: Date;
  }>(
    `SELECT t.id, t.subject, t.priority, t.status, t.assignee_id AS "assigneeId", t.first_response_due_at AS "dueAt"
       FROM tickets t WHERE ${scope} AND t.sla_breached AND t.status IN (${ACTIVE})
      ORDER BY t.first_response_due_at ASC, t.id ASC LIMIT 50`,
    params,
  );
  const agents = await sql<{ id: number; name: string; role: string; websiteId: number | null; active: number; unanswered: number }>(
    `SELECT u.id, u.display_name AS name, u.role, u.website_id AS "websiteId",
            count(t.id)::int AS active,
            count(t.id) FILTER (WHERE t.first_responded_at IS NULL)::int AS unanswered
       FROM users u
       LEFT JOIN tickets t ON t.assignee_id = u.id AND t.status IN (${ACTIVE})
      WHERE u.role IN ('support', 'admin') AND u.status = 'active' ${all ? '' : 'AND u.website_id = $1'}
      GROUP BY u.id ORDER BY active DESC, u.id ASC LIMIT 200`,
    params,
  );
  const websiteIds = [...new Set(agents.map((a) => a.websiteId).filter((id): id is number => id !== null))];
  const online = new Set((await Promise.all(websiteIds.map((id) => onlineUsers(Number(id))))).flat());
  return {
    queue: TICKET_PRIORITIES.map((priority) => byPriority.get(priority) ?? { priority, active: 0, unassigned: 0, alerted: 0, breached: 0 }),
    breaches: breaches.map((b) => ({ ...b, id: Number(b.id), dueAt: new Date(b.dueAt).toISOString() })),
    agents: agents.map((a) => ({ ...a, id: Number(a.id), online: online.has(Number(a.id)) })),
    generatedAt: clock.now().toISOString(),
  };
}
