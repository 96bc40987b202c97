import { Op } from 'sequelize';
import { recordAudit } from '../../audit/index.js';
import { Order } from '../../orders/index.js';
import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { Forbidden, ValidationFailed } from '../../platform/errors.js';
import { SupportTicket, SupportTicketMessage } from '../models.js';
import { canOpenTicket } from '../policy.js';
import { slaDeadlines, type TicketCategory, type TicketPriority } from '../rules.js';
import { discardAttachments, saveAttachments, storeAttachments, type AttachmentUpload, type StoredAttachment } from './attachments.js';
import { auditFacts, lockVisibleTicket, nextStatus, supportConfigOf } from './common.js';
import { recordTicketEvent, TICKET_REPLIED_EVENT } from './events.js';
import { customerTicketView, type CustomerTicketView } from './views.js';

export interface OpenTicketInput {
  subject: string;
  body: string;
  category: TicketCategory;
  priority: TicketPriority;
  orderId?: number;
}

/** Runs `work` with the files stored first; removes them again when the transaction fails (a file exists in both places or neither). */
async function withStoredFiles<T>(
  websiteId: number,
  uploads: readonly AttachmentUpload[],
  work: (stored: StoredAttachment[]) => Promise<T>,
) {
  const stored = await storeAttachments(websiteId, uploads);
  try {
    return await work(stored);
  } catch (err) {
    await discardAttachments(stored);
    throw err;
  }
}

/** The order a customer names: one of their own on their website (as its client or its writer); else 400 naming orderId. */
async function ownOrder(actor: Actor, orderId: number): Promise<Order> {
  const order = await Order.findOne({
    where: { id: orderId, websiteId: actor.websiteId!, [Op.or]: [{ clientId: actor.userId }, { writerId: actor.userId }] },
    attributes: ['id', 'number', 'websiteId'],
  });
  if (!order) throw ValidationFailed({ orderId: 'is not one of your orders' }, 'The order is not one of yours');
  return order;
}

/**
 * A client or writer opens a ticket on their website, about their account or one of their own
 * orders, with its first message (and files). The first-response SLA is set from the website's
 * targets by priority. Audited in the same transaction.
 */
export async function openTicket(
  actor: Actor,
  input: OpenTicketInput,
  uploads: readonly AttachmentUpload[] = [],
): Promise<CustomerTicketView> {
  if (!canOpenTicket(actor)) throw Forbidden('Only clients and writers open support tickets');
  const websiteId = actor.websiteId!;
  const order = input.orderId === undefined ? null : await ownOrder(actor, input.orderId);
  const config = await supportConfigOf(websiteId);
  return withStoredFiles(websiteId, uploads, (stored) =>
    inTransaction(async () => {
      const now = clock.now();
      const sla = slaDeadlines(now, config.firstResponseMinutes[input.priority], config.alertPercent);
      const ticket = await SupportTicket.create({
        websiteId,
        requesterId: actor.userId!,
        requesterRole: actor.role as 'client' | 'writer',
        orderId: order?.id ?? null,
        subject: input.subject.trim(),
        category: input.category,
        priority: input.priority,
        firstResponseDueAt: sla.dueAt,
        slaAlertAt: sla.alertAt,
        lastCustomerReplyAt: now,
        messageCount: 1,
        createdAt: now,
      });
      const message = await SupportTicketMessage.create({
        websiteId,
        ticketId: ticket.id,
        authorId: actor.userId,
        authorRole: actor.role,
        body: input.body.trim(),
        createdAt: now,
      });
      await saveAttachments(message, stored);
      await recordAudit(actor, {
        action: 'support_ticket.open',
        targetType: 'support_ticket',
        targetId: ticket.id,
        websiteId,
        after: {
          ...auditFacts(ticket),
          category: ticket.category,
          orderId: ticket.orderId,
          firstResponseDueAt: sla.dueAt.toISOString(),
          attachments: stored.map((f) => f.sha256),
        },
      });
      return customerTicketView(actor, ticket, order?.number ?? null);
    }),
  );
}

/**
 * The customer replies on their ticket (and attaches files): a ticket waiting on them, or
 * resolved, is reopened (in progress); a closed one is 409. Audited.
 */
export async function postCustomerMessage(
  actor: Actor,
  ticketId: number,
  body: string,
  uploads: readonly AttachmentUpload[] = [],
): Promise<CustomerTicketView> {
  if (!canOpenTicket(actor)) throw Forbidden('Only the customer who opened a ticket replies here');
  return withStoredFiles(actor.websiteId!, uploads, (stored) =>
    inTransaction(async () => {
      const ticket = await lockVisibleTicket(actor, ticketId);
      const to = nextStatus(actor, ticket, 'customer_reply');
      const before = auditFacts(ticket);
      const now = clock.now();
      const message = await SupportTicketMessage.create({
        websiteId: ticket.websiteId,
        ticketId: ticket.id,
        authorId: actor.userId,
        authorRole: actor.role,
        body: body.trim(),
        createdAt: now,
      });
      await saveAttachments(message, stored);
      await ticket.update({
        status: to,
        lastCustomerReplyAt: now,
        messageCount: ticket.messageCount + 1,
        ...(before.status === 'resolved' ? { resolvedAt: null, resolvedBy: null } : {}),
      });
      await recordAudit(actor, {
        action: 'support_ticket.customer_reply',
        targetType: 'support_ticket',
        targetId: ticket.id,
        websiteId: ticket.websiteId,
        before,
        after: { ...auditFacts(ticket), messageId: message.id, attachments: stored.map((f) => f.sha256) },
      });
      await recordTicketEvent(TICKET_REPLIED_EVENT, actor, ticket, message.id);
      const order = ticket.orderId ? await Order.findByPk(ticket.orderId, { attributes: ['id', 'number'] }) : null;
      return customerTicketView(actor, ticket, order?.number ?? null);
    }),
  );
}
