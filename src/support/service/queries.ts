import { Op, type WhereOptions } from 'sequelize';
import { User } from '../../identity/index.js';
import { Order } from '../../orders/index.js';
import type { Actor } from '../../platform/actor.js';
import { Forbidden } from '../../platform/errors.js';
import { decodeCursor, toPage, type Page } from '../../platform/http/pagination.js';
import { SupportCannedReply, SupportTicket, SupportTicketMessage } from '../models.js';
import { canOpenTicket, canWorkTickets } from '../policy.js';
import { pageOfMyTickets, type MyTicketRow, type MyTicketsQuery } from '../read-models/my-tickets.js';
import { attachmentsOf } from './attachments.js';
import { visibleTicket } from './common.js';
import {
  customerTicketSummary,
  customerTicketView,
  type CustomerTicketSummary,
  type CustomerTicketView,
  type StaffMessageView,
} from './views.js';

export type { MyTicketsQuery };

async function orderNumbers(ids: Array<number | null>): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (!wanted.length) return new Map();
  const orders = await Order.findAll({ where: { id: { [Op.in]: wanted } }, attributes: ['id', 'number'] });
  return new Map(orders.map((o) => [o.id, o.number]));
}

/**
 * The page of the customer's list from its rows (myTicketsRead's, run with the session check, as
 * GET /api/v1/support/tickets does), for a client or writer only.
 */
export function myTicketsPage(actor: Actor, rows: MyTicketRow[], query: MyTicketsQuery): Page<CustomerTicketSummary> {
  if (!canOpenTicket(actor)) throw Forbidden('Only clients and writers have support tickets');
  return pageOfMyTickets(rows, query);
}

/**
 * The signed-in client's or writer's tickets on this website, newest first, optionally by status
 * (keyset on id), read through the models: the read model's twin, held equal to it by
 * test/support-tickets/my-tickets-read.test.ts.
 */
export async function listMyTickets(actor: Actor, query: MyTicketsQuery): Promise<Page<CustomerTicketSummary>> {
  if (!canOpenTicket(actor)) throw Forbidden('Only clients and writers have support tickets');
  const cursor = decodeCursor(query.cursor);
  const where: WhereOptions<SupportTicket> = {
    requesterId: actor.userId!,
    websiteId: actor.websiteId!,
    ...(query.status ? { status: query.status } : {}),
    ...(cursor ? { id: { [Op.lt]: cursor.id } } : {}),
  };
  const rows = await SupportTicket.findAll({ where, order: [['id', 'DESC']], limit: query.limit + 1 });
  const numbers = await orderNumbers(rows.slice(0, query.limit).map((r) => r.orderId));
  return toPage(
    rows,
    query.limit,
    (t) => ({ value: null, id: t.id }),
    (t) => customerTicketSummary(t, t.orderId ? (numbers.get(t.orderId) ?? null) : null),
  );
}

/** One of the customer's tickets with its public messages; 404 for anyone else's. */
export async function getMyTicket(actor: Actor, ticketId: number): Promise<CustomerTicketView> {
  if (!canOpenTicket(actor)) throw Forbidden('Only clients and writers have support tickets');
  const ticket = await visibleTicket(actor, ticketId);
  const numbers = await orderNumbers([ticket.orderId]);
  return customerTicketView(actor, ticket, ticket.orderId ? (numbers.get(ticket.orderId) ?? null) : null);
}

/** The whole thread for staff (internal notes included and marked), oldest first. */
export async function staffTicketThread(actor: Actor, ticketId: number): Promise<StaffMessageView[]> {
  const ticket = await visibleTicket(actor, ticketId);
  if (!canWorkTickets(actor, ticket.websiteId)) throw Forbidden('Only support staff read the whole thread');
  const messages = await SupportTicketMessage.findAll({ where: { ticketId: ticket.id }, order: [['id', 'ASC']] });
  const files = await attachmentsOf(messages.map((m) => m.id));
  const authorIds = [...new Set(messages.map((m) => m.authorId).filter((id): id is number => id !== null))];
  const authors = authorIds.length
    ? new Map(
        (await User.findAll({ where: { id: { [Op.in]: authorIds } }, attributes: ['id', 'displayName', 'registrationId'] })).map((u) => [
          u.id,
          u,
        ]),
      )
    : new Map<number, User>();
  return messages.map((m) => {
    const author = m.authorId !== null ? authors.get(m.authorId) : undefined;
    return {
      id: m.id,
      body: m.body,
      internal: m.internal,
      authorId: m.authorId,
      authorRole: m.authorRole,
      authorName: author ? `${author.displayName} (${author.registrationId})` : null,
      createdAt: m.createdAt.toISOString(),
      attachments: files.get(m.id) ?? [],
    };
  });
}

export interface CannedReplyChoice {
  id: number;
  title: string;
  body: string;
  category: string | null;
}

/** The website's active canned replies for a ticket's reply form (those of its category first). */
export async function cannedRepliesFor(actor: Actor, ticketId: number): Promise<CannedReplyChoice[]> {
  const ticket = await visibleTicket(actor, ticketId);
  if (!canWorkTickets(actor, ticket.websiteId)) throw Forbidden('Only support staff use canned replies');
  const replies = await SupportCannedReply.findAll({
    where: { websiteId: ticket.websiteId, active: true },
    order: [['title', 'ASC']],
    limit: 200,
  });
  const mine = (r: SupportCannedReply) => (r.category === ticket.category ? 0 : 1);
  return replies.sort((a, b) => mine(a) - mine(b)).map((r) => ({ id: r.id, title: r.title, body: r.body, category: r.category }));
}

export interface AgentChoice {
  id: number;
  name: string;
  role: string;
}

/** Active agents (support and admins) of the ticket's website, for the assign form. */
export async function agentChoices(actor: Actor, websiteId: number): Promise<AgentChoice[]> {
  if (!canWorkTickets(actor, websiteId)) throw Forbidden('Only support staff assign tickets');
  const users = await User.findAll({
    where: { websiteId, role: { [Op.in]: ['support', 'admin'] }, status: 'active' },
    attributes: ['id', 'displayName', 'role'],
    order: [['displayName', 'ASC']],
    limit: 500,
  });
  return users.map((u) => ({ id: u.id, name: u.displayName, role: u.role }));
}
