import { recordAudit } from '../../audit/index.js';
import { User } from '../../identity/index.js';
import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { AppError, Forbidden, ValidationFailed } from '../../platform/errors.js';
import { SupportCannedReply, SupportTicketMessage, type SupportTicket } from '../models.js';
import { AGENT_ROLES, canWorkTickets } from '../policy.js';
import { MAX_BODY_LENGTH, type TicketTransitionName } from '../rules.js';
import { auditFacts, lockVisibleTicket, nextStatus, requiredText } from './common.js';
import { recordTicketEvent, TICKET_ESCALATED_EVENT, TICKET_REPLIED_EVENT } from './events.js';

/**
 * What staff do with a ticket (RULES.md "Support"): assign or claim it, reply in public or add an
 * internal note, escalate, resolve, close. Each move is checked against the transitions table
 * (rules.ts) under the ticket's row lock and audited in the same transaction. The back office and
 * the jobs end here.
 */

/** A check of the locked ticket before a move (the jobs: is it still as they read it?); throws to refuse. */
export type Guard = (ticket: SupportTicket) => void;

function staffOnly(actor: Actor, ticket: SupportTicket): void {
  if (!canWorkTickets(actor, ticket.websiteId) && actor.role !== 'system') throw Forbidden('Only support staff work tickets');
}

async function move(
  actor: Actor,
  ticketId: number,
  transition: TicketTransitionName,
  change: (
    ticket: SupportTicket,
    now: Date,
  ) => Promise<Partial<SupportTicket['_creationAttributes']>> | Partial<SupportTicket['_creationAttributes']>,
  audit: {
    reason?: string;
    extra?: Record<string, unknown>;
    action?: string;
    guard?: Guard;
    /** What the move publishes (outbox events), in its transaction once the ticket changed. */
    then?: (ticket: SupportTicket) => Promise<void>;
  } = {},
): Promise<SupportTicket> {
  return inTransaction(async () => {
    const ticket = await lockVisibleTicket(actor, ticketId);
    staffOnly(actor, ticket);
    audit.guard?.(ticket);
    const to = nextStatus(actor, ticket, transition);
    const before = auditFacts(ticket);
    const now = clock.now();
    await ticket.update({ ...(await change(ticket, now)), status: to });
    await recordAudit(actor, {
      action: audit.action ?? `support_ticket.${transition}`,
      targetType: 'support_ticket',
      targetId: ticket.id,
      websiteId: ticket.websiteId,
      before,
      after: { ...auditFacts(ticket), ...audit.extra },
      reason: audit.reason,
    });
    await audit.then?.(ticket);
    return ticket;
  });
}

/** An active agent (support or admin) of the ticket's website; else 400 naming the field. */
async function agentFor(websiteId: number, userId: number, field: string): Promise<User> {
  const user =
    Number.isSafeInteger(userId) && userId > 0 ? await User.findByPk(userId, { attributes: ['id', 'websiteId', 'role', 'status'] }) : null;
  if (!user || user.websiteId !== websiteId || !(AGENT_ROLES as readonly string[]).includes(user.role) || user.status !== 'active')
    throw ValidationFailed({ [field]: 'is not an active support agent of this website' }, 'Choose an active support agent of this website');
  return user;
}

/** Staff give the ticket to an agent of its website (an open ticket becomes assigned; an active one changes hands). */
export function assignTicket(
  actor: Actor,
  ticketId: number,
  assigneeId: number,
  options: { reason?: string; action?: string; guard?: Guard } = {},
): Promise<SupportTicket> {
  return move(
    actor,
    ticketId,
    'assign',
    async (ticket, now) => {
      const agent = await agentFor(ticket.websiteId, assigneeId, 'assigneeId');
      return { assigneeId: agent.id, assignedAt: now };
    },
    { ...options, action: options.action ?? (assigneeId === actor.userId ? 'support_ticket.claim' : undefined) },
  );
}

/** An agent takes a ticket for themselves. */
export function claimTicket(actor: Actor, ticketId: number): Promise<SupportTicket> {
  if (actor.userId === null) throw Forbidden('Only a person claims a ticket');
  return assignTicket(actor, ticketId, actor.userId, { action: 'support_ticket.claim' });
}

/** Back to the queue (rebalancing when nobody can take it; an admin). */
export function unassignTicket(actor: Actor, ticketId: number, reason?: string, guard?: Guard): Promise<SupportTicket> {
  return move(actor, ticketId, 'unassign', () => ({ assigneeId: null, assignedAt: null }), { reason, guard });
}

export interface ReplyInput {
  body: unknown;
  internal?: boolean;
  /** A canned reply of the website used to write it (its body is the default text). */
  cannedReplyId?: number | null;
}

/**
 * Staff answer a ticket: in public (the customer is asked: waiting on customer; the first public
 * answer records the first response time) or as an internal note (no status change, never shown
 * to the customer). An unassigned ticket answered in public goes to whoever answered. Audited.
 */
export async function replyToTicket(actor: Actor, ticketId: number, input: ReplyInput): Promise<SupportTicket> {
  const internal = input.internal === true;
  const audit = {
    extra: { internal } as Record<string, unknown>,
    // A public answer is news to the customer; an internal note is not.
    then: internal
      ? undefined
      : (ticket: SupportTicket) => recordTicketEvent(TICKET_REPLIED_EVENT, actor, ticket, audit.extra.messageId as number),
  };
  return move(
    actor,
    ticketId,
    internal ? 'note' : 'reply',
    async (ticket, now) => {
      let canned: SupportCannedReply | null = null;
      if (input.cannedReplyId != null) {
        canned = await SupportCannedReply.findOne({ where: { id: input.cannedReplyId, websiteId: ticket.websiteId, active: true } });
        if (!canned) throw ValidationFailed({ cannedReplyId: 'is not an active canned reply of this website' });
      }
      const given = typeof input.body === 'string' && input.body.trim() ? input.body : (canned?.body ?? '');
      const body = requiredText(given, MAX_BODY_LENGTH);
      if (typeof body !== 'string') throw ValidationFailed({ body: body.error }, `The reply ${body.error}`);
      const message = await SupportTicketMessage.create({
        websiteId: ticket.websiteId,
        ticketId: ticket.id,
        authorId: actor.userId,
        authorRole: actor.role,
        body,
        internal,
        cannedReplyId: canned?.id ?? null,
        createdAt: now,
      });
      audit.extra.messageId = message.id;
      if (canned) audit.extra.cannedReplyId = canned.id;
      if (internal) return { messageCount: ticket.messageCount + 1 };
      const first = ticket.firstRespondedAt === null;
      const seconds = Math.max(0, Math.round((now.getTime() - ticket.createdAt.getTime()) / 1000));
      if (first) audit.extra.firstResponseSeconds = seconds;
      return {
        messageCount: ticket.messageCount + 1,
        lastStaffReplyAt: now,
        ...(first ? { firstRespondedAt: now, firstResponseSeconds: seconds } : {}),
        ...(ticket.assigneeId === null && actor.userId !== null ? { assigneeId: actor.userId, assignedAt: now } : {}),
      };
    },
    audit,
  );
}

function reasonOf(value: unknown, required: boolean, field = 'reason'): string | undefined {
  if (!required && (value === undefined || value === null || (typeof value === 'string' && !value.trim()))) return undefined;
  const text = requiredText(value, 2000);
  if (typeof text !== 'string') throw ValidationFailed({ [field]: text.error }, `The ${field} ${text.error}`);
  return text;
}

/** Staff (or the SLA job at breach) send the ticket up, with a reason. */
export function escalateTicket(actor: Actor, ticketId: number, reason: unknown): Promise<SupportTicket> {
  const why = reasonOf(reason, true)!;
  return move(actor, ticketId, 'escalate', (_t, now) => ({ escalatedAt: now, escalatedBy: actor.userId, escalationReason: why }), {
    reason: why,
    then: (ticket) => recordTicketEvent(TICKET_ESCALATED_EVENT, actor, ticket),
  });
}

/** Staff resolve the ticket (an optional note for the audit trail); the customer may still reply, which reopens it. */
export function resolveTicket(actor: Actor, ticketId: number, note?: unknown): Promise<SupportTicket> {
  const why = reasonOf(note, false, 'note');
  return move(actor, ticketId, 'resolve', (_t, now) => ({ resolvedAt: now, resolvedBy: actor.userId }), { reason: why });
}

/** Support closes a resolved ticket; an admin may close any active one (spam, duplicates). Closed is final. */
export function closeTicket(actor: Actor, ticketId: number, reason?: unknown): Promise<SupportTicket> {
  const why = reasonOf(reason, false);
  return move(actor, ticketId, 'close', (_t, now) => ({ closedAt: now, closedBy: actor.userId }), { reason: why });
}

export interface TicketBulkResult {
  id: number;
  ok: boolean;
  status?: string;
  error?: { code: string; message: string };
}

/** Runs one action per ticket, each in its own transaction; refusals are reported per ticket, anything else propagates. */
export async function runTicketBulk(ids: readonly number[], action: (id: number) => Promise<SupportTicket>): Promise<TicketBulkResult[]> {
  const results: TicketBulkResult[] = [];
  for (const id of [...new Set(ids)]) {
    try {
      results.push({ id, ok: true, status: (await action(id)).status });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({ id, ok: false, error: { code: err.code, message: err.message } });
    }
  }
  return results;
}
