import { Op } from 'sequelize';
import { onlineUsers, User } from '../../identity/index.js';
import { systemActor } from '../../platform/actor.js';
import { sql } from '../../platform/database.js';
import { AppError, Conflict } from '../../platform/errors.js';
import { SupportTicket } from '../models.js';
import { AGENT_ROLES } from '../policy.js';
import { ACTIVE_STATUSES, excessOf } from '../rules.js';
import { supportConfigOf } from './common.js';
import { assignTicket, unassignTicket } from './staff.js';

/**
 * Workload rebalancing (RULES.md "Support"): unanswered tickets (no first response yet) leave
 * agents who are offline (no request in the last five minutes: identity's presence) or who hold
 * more active tickets than the website's cap; each goes to the online support agent with the
 * lightest load under the cap, or — from an offline agent, when nobody can take it — back to the
 * queue. Every move goes through the same assign/unassign use case as staff (row lock, transitions
 * table, audit). Idempotent: a balanced website has nothing to move.
 */

export interface RebalanceRun {
  moved: number;
  returnedToQueue: number;
}

interface Holding {
  assigneeId: number;
  active: number;
}

const ACTIVE = ACTIVE_STATUSES.map((s) => `'${s}'`).join(',');

/** Active tickets per agent of a website (agents with none are not listed). */
async function loadsOf(websiteId: number): Promise<Map<number, number>> {
  const rows = await sql<Holding>(
    `SELECT assignee_id AS "assigneeId", count(*)::int AS active FROM tickets
      WHERE website_id = $1 AND assignee_id IS NOT NULL AND status IN (${ACTIVE}) GROUP BY assignee_id`,
    [websiteId],
  );
  return new Map(rows.map((r) => [Number(r.assigneeId), r.active]));
}

async function rebalanceWebsite(websiteId: number, run: RebalanceRun): Promise<void> {
  const { maxActivePerAgent } = await supportConfigOf(websiteId);
  const loads = await loadsOf(websiteId);
  if (!loads.size) return;
  const online = new Set(await onlineUsers(websiteId));
  const agents = await User.findAll({
    where: { websiteId, role: { [Op.in]: [...AGENT_ROLES] }, status: 'active' },
    attributes: ['id', 'role'],
  });
  // Who may receive tickets: online support agents (admins take tickets by hand, not from the job).
  const receivers = agents.filter((a) => a.role === 'support' && online.has(a.id)).map((a) => a.id);
  const system = systemActor(websiteId);
  for (const [agentId, active] of [...loads.entries()].sort((a, b) => a[0] - b[0])) {
    const offline = !online.has(agentId);
    if (!offline && active <= maxActivePerAgent) continue;
    const unanswered = await SupportTicket.findAll({
      where: { websiteId, assigneeId: agentId, firstRespondedAt: null, status: { [Op.in]: ['assigned', 'escalated', 'in_progress'] } },
      order: [
        ['firstResponseDueAt', 'ASC'],
        ['id', 'ASC'],
      ],
      attributes: ['id', 'status'],
    });
    const leaving = offline ? unanswered : excessOf(unanswered, active, maxActivePerAgent);
    for (const ticket of leaving) {
      const target = receivers
        .filter((id) => id !== agentId && (loads.get(id) ?? 0) < maxActivePerAgent)
        .sort((a, b) => (loads.get(a) ?? 0) - (loads.get(b) ?? 0) || a - b)[0];
      const guard = (t: SupportTicket) => {
        if (t.assigneeId !== agentId || t.firstRespondedAt !== null)
          throw Conflict('The ticket moved on since it was read', { currentStatus: t.status });
      };
      const why = offline ? `Agent ${agentId} is offline` : `Agent ${agentId} holds ${active} active tickets (cap ${maxActivePerAgent})`;
      try {
        if (target !== undefined) {
          await assignTicket(system, ticket.id, target, { reason: `Rebalanced: ${why}`, action: 'support_ticket.rebalance', guard });
          loads.set(target, (loads.get(target) ?? 0) + 1);
          loads.set(agentId, (loads.get(agentId) ?? 1) - 1);
          run.moved++;
        } else if (offline && ticket.status === 'assigned') {
          await unassignTicket(system, ticket.id, `Back to the queue: ${why} and nobody online can take it`, guard);
          loads.set(agentId, (loads.get(agentId) ?? 1) - 1);
          run.returnedToQueue++;
        }
      } catch (err) {
        // The ticket moved on since it was read (answered, resolved, claimed): leave it.
        if (!(err instanceof AppError)) throw err;
      }
    }
  }
}

/** The support.rebalance job's work, website by website. */
export async function rebalanceTickets(): Promise<RebalanceRun> {
  const run: RebalanceRun = { moved: 0, returnedToQueue: 0 };
  const websites = await sql<{ websiteId: number }>(
    `SELECT DISTINCT website_id AS "websiteId" FROM tickets WHERE assignee_id IS NOT NULL AND status IN (${ACTIVE}) AND first_responded_at IS NULL`,
    [],
  );
  for (const { websiteId } of websites) await rebalanceWebsite(Number(websiteId), run);
  return run;
}
