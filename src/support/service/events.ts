import type { Actor } from '../../platform/actor.js';
import { recordEvent } from '../../platform/outbox.js';
import type { SupportTicket } from '../models.js';

/** The outbox events of a ticket that concern people: a public reply (either way), an escalation. */
export const TICKET_REPLIED_EVENT = 'ticket.replied';
export const TICKET_ESCALATED_EVENT = 'ticket.escalated';

/** What a ticket event carries: ids and roles, never the words (consumers link to the ticket). */
export interface TicketEventPayload {
  ticketId: number;
  requesterId: number;
  requesterRole: 'client' | 'writer';
  assigneeId: number | null;
  /** On `ticket.replied`: the public message. */
  messageId?: number;
  /** Who replied or escalated (null: the SLA job). */
  actorUserId: number | null;
  actorRole: string;
}

export const recordTicketEvent = (type: string, actor: Actor, ticket: SupportTicket, messageId?: number): Promise<void> =>
  recordEvent({
    type,
    websiteId: ticket.websiteId,
    payload: {
      ticketId: ticket.id,
      requesterId: ticket.requesterId,
      requesterRole: ticket.requesterRole,
      assigneeId: ticket.assigneeId,
      ...(messageId !== undefined ? { messageId } : {}),
      actorUserId: actor.userId,
      actorRole: actor.role,
    } satisfies TicketEventPayload,
  });
