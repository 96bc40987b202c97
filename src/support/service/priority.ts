import { recordAudit } from '../../audit/index.js';
import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { Conflict, Forbidden, ValidationFailed } from '../../platform/errors.js';
import type { SupportTicket } from '../models.js';
import { canWorkTickets } from '../policy.js';
import { isActive, slaDeadlines, TICKET_PRIORITIES, type TicketPriority } from '../rules.js';
import { auditFacts, lockVisibleTicket, requiredText, supportConfigOf } from './common.js';

const isPriority = (value: unknown): value is TicketPriority => (TICKET_PRIORITIES as readonly unknown[]).includes(value);

/**
 * Staff change an active ticket's priority (the customer chose it; staff know better), with a
 * reason, audited. While the ticket waits for its first response, its SLA follows the new priority:
 * due and alert times are those of the new target counted from the opening, and an alert already
 * raised is raised again at the new alert time if that is still ahead. A breach already recorded
 * stays recorded: it happened.
 */
export async function setTicketPriority(actor: Actor, ticketId: number, priority: unknown, reason: unknown): Promise<SupportTicket> {
  if (!isPriority(priority)) throw ValidationFailed({ priority: `must be one of ${TICKET_PRIORITIES.join(', ')}` }, 'Choose a priority');
  const why = requiredText(reason, 2000);
  if (typeof why !== 'string') throw ValidationFailed({ reason: why.error }, `The reason ${why.error}`);
  return inTransaction(async () => {
    const ticket = await lockVisibleTicket(actor, ticketId);
    if (!canWorkTickets(actor, ticket.websiteId)) throw Forbidden('Only support staff work tickets');
    if (!isActive(ticket.status)) throw Conflict(`A ${ticket.status} ticket keeps its priority`, { currentStatus: ticket.status });
    if (ticket.priority === priority) throw ValidationFailed({ priority: `is ${priority} already` }, `The ticket is ${priority} already`);
    const before = { ...auditFacts(ticket), firstResponseDueAt: ticket.firstResponseDueAt.toISOString() };
    const change: Partial<SupportTicket['_creationAttributes']> = { priority };
    if (ticket.firstRespondedAt === null && !ticket.slaBreached) {
      const config = await supportConfigOf(ticket.websiteId);
      const sla = slaDeadlines(ticket.createdAt, config.firstResponseMinutes[priority], config.alertPercent);
      Object.assign(change, { firstResponseDueAt: sla.dueAt, slaAlertAt: sla.alertAt });
      if (ticket.slaAlerted && sla.alertAt.getTime() > clock.now().getTime())
        Object.assign(change, { slaAlerted: false, slaAlertedAt: null });
    }
    await ticket.update(change);
    await recordAudit(actor, {
      action: 'support_ticket.priority',
      targetType: 'support_ticket',
      targetId: ticket.id,
      websiteId: ticket.websiteId,
      before,
      after: { ...auditFacts(ticket), firstResponseDueAt: ticket.firstResponseDueAt.toISOString() },
      reason: why,
    });
    return ticket;
  });
}
