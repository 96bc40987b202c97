import type { Actor } from '../../platform/actor.js';
import { SupportTicketMessage, type SupportTicket } from '../models.js';
import type { TicketCategory, TicketPriority, TicketStatus } from '../rules.js';
import { attachmentsOf, type AttachmentView } from './attachments.js';

/**
 * Tickets as their customer sees them: what they asked, where it stands, and the public thread —
 * never an internal note, an agent's identity, or the SLA flags of the back office.
 */
export interface CustomerTicketSummary {
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

export interface CustomerMessageView {
  id: number;
  body: string;
  author: 'you' | 'support';
  createdAt: string;
  attachments: AttachmentView[];
}

export interface CustomerTicketView extends CustomerTicketSummary {
  messages: CustomerMessageView[];
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export const customerTicketSummary = (t: SupportTicket, orderNumber: string | null): CustomerTicketSummary => ({
  id: t.id,
  subject: t.subject,
  category: t.category,
  priority: t.priority,
  status: t.status,
  orderId: t.orderId,
  orderNumber,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
  firstRespondedAt: iso(t.firstRespondedAt),
  resolvedAt: iso(t.resolvedAt),
  closedAt: iso(t.closedAt),
});

/** The ticket with its public messages only, oldest first (internal notes are filtered in the query, not after it). */
export async function customerTicketView(actor: Actor, ticket: SupportTicket, orderNumber: string | null): Promise<CustomerTicketView> {
  const messages = await SupportTicketMessage.findAll({
    where: { ticketId: ticket.id, internal: false },
    order: [['id', 'ASC']],
  });
  const files = await attachmentsOf(messages.map((m) => m.id));
  return {
    ...customerTicketSummary(ticket, orderNumber),
    messages: messages.map((m) => ({
      id: m.id,
      body: m.body,
      author: m.authorId !== null && m.authorId === actor.userId ? 'you' : 'support',
      createdAt: m.createdAt.toISOString(),
      attachments: files.get(m.id) ?? [],
    })),
  };
}

/** A thread message as staff see it: internal notes included and marked, with the author. */
export interface StaffMessageView {
  id: number;
  body: string;
  internal: boolean;
  authorId: number | null;
  authorRole: string;
  authorName: string | null;
  createdAt: string;
  attachments: AttachmentView[];
}
