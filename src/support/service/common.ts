import type { Actor } from '../../platform/actor.js';
import { currentTransaction } from '../../platform/database.js';
import { Conflict, Forbidden, NotFound } from '../../platform/errors.js';
import { settingsOfWebsite } from '../../tenancy/index.js';
import { SupportTicket } from '../models.js';
import { canSeeTicket, ticketRoleOf } from '../policy.js';
import { decideTicketTransition, type TicketPriority, type TicketRole, type TicketStatus, type TicketTransitionName } from '../rules.js';
import { supportSettings } from '../settings.js';

/** The role the transitions table knows the actor by; 403 for a role tickets do not know (editors). */
export function ticketRole(actor: Actor): TicketRole {
  const role = ticketRoleOf(actor);
  if (!role) throw Forbidden('Your role has no part in support tickets');
  return role;
}

const validId = (id: number) => Number.isSafeInteger(id) && id > 0;

/** A ticket the actor may see, locked for the rest of the transaction; else 404 (never 403: existence stays hidden). */
export async function lockVisibleTicket(actor: Actor, ticketId: number): Promise<SupportTicket> {
  const transaction = currentTransaction();
  if (!transaction) throw new Error('lockVisibleTicket must run inside a transaction');
  const ticket = validId(ticketId) ? await SupportTicket.findByPk(ticketId, { lock: transaction.LOCK.UPDATE }) : null;
  if (!ticket || !canSeeTicket(actor, ticket)) throw NotFound('Ticket');
  return ticket;
}

/** A ticket the actor may see (no lock); else 404. */
export async function visibleTicket(actor: Actor, ticketId: number): Promise<SupportTicket> {
  const ticket = validId(ticketId) ? await SupportTicket.findByPk(ticketId) : null;
  if (!ticket || !canSeeTicket(actor, ticket)) throw NotFound('Ticket');
  return ticket;
}

/**
 * Where the transitions table takes the ticket for this actor: the new status, or 403 (the role
 * may not) / 409 with the current status (not from this status).
 */
export function nextStatus(actor: Actor, ticket: SupportTicket, transition: TicketTransitionName): TicketStatus {
  const decision = decideTicketTransition({ transition, from: ticket.status, role: ticketRole(actor) });
  if (decision.ok) return decision.to;
  if (decision.reason === 'not_allowed_for_role') throw Forbidden(decision.message);
  throw Conflict(decision.message, { currentStatus: ticket.status });
}

export interface SupportConfig {
  firstResponseMinutes: Record<TicketPriority, number>;
  alertPercent: number;
  maxActivePerAgent: number;
}

/** The website's support settings (RULES.md defaults where unset). */
export async function supportConfigOf(websiteId: number): Promise<SupportConfig> {
  const s = supportSettings.of(await settingsOfWebsite(websiteId));
  return {
    firstResponseMinutes: {
      low: s.firstResponseLowMinutes,
      normal: s.firstResponseNormalMinutes,
      high: s.firstResponseHighMinutes,
      urgent: s.firstResponseUrgentMinutes,
    },
    alertPercent: s.slaAlertPercent,
    maxActivePerAgent: s.maxActiveTicketsPerAgent,
  };
}

/** The trimmed text of a required field, or its field error. */
export function requiredText(value: unknown, max: number): string | { error: string } {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) return { error: 'is required' };
  if (text.length > max) return { error: `must be at most ${max} characters` };
  return text;
}

/** The ticket's facts an audit row keeps before and after a move. */
export const auditFacts = (t: SupportTicket) => ({ status: t.status, assigneeId: t.assigneeId, priority: t.priority });
