/**
 * Pure rules of support tickets (RULES.md "Support"): categories, priorities and their
 * first-response targets, the ticket's status machine, and the SLA arithmetic. No I/O.
 */

export const TICKET_CATEGORIES = ['order', 'payment', 'account', 'technical', 'writer', 'other'] as const;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export const TICKET_STATUSES = ['open', 'assigned', 'in_progress', 'waiting_on_customer', 'escalated', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses in which a ticket still needs the support team (the queue, the workload, the SLA). */
export const ACTIVE_STATUSES = [
  'open',
  'assigned',
  'in_progress',
  'waiting_on_customer',
  'escalated',
] as const satisfies readonly TicketStatus[];
export const isActive = (status: TicketStatus): boolean => (ACTIVE_STATUSES as readonly TicketStatus[]).includes(status);

/** RULES.md: first-response targets by priority, in minutes (24 h / 8 h / 2 h / 30 min); per-website settings. */
export const DEFAULT_FIRST_RESPONSE_MINUTES: Readonly<Record<TicketPriority, number>> = {
  low: 24 * 60,
  normal: 8 * 60,
  high: 2 * 60,
  urgent: 30,
};
/** RULES.md: the SLA job alerts at 80 % of the target (and escalates at 100 %). */
export const DEFAULT_SLA_ALERT_PERCENT = 80;
/** An agent holding more active tickets than this is overloaded (rebalancing moves unanswered ones off). */
export const DEFAULT_MAX_ACTIVE_PER_AGENT = 25;

export const MAX_SUBJECT_LENGTH = 200;
export const MAX_BODY_LENGTH = 10_000;
export const MAX_ATTACHMENTS = 5;

const MINUTE_MS = 60_000;

/** When the first response is due and when the SLA alert fires, from the ticket's opening. */
export function slaDeadlines(openedAt: Date, targetMinutes: number, alertPercent: number): { dueAt: Date; alertAt: Date } {
  const targetMs = targetMinutes * MINUTE_MS;
  return {
    dueAt: new Date(openedAt.getTime() + targetMs),
    alertAt: new Date(openedAt.getTime() + Math.floor((targetMs * alertPercent) / 100)),
  };
}

/** What the SLA job owes an unanswered ticket at `now`: nothing, the 80 % alert, or the breach (with its alert). */
export function slaStepsDue(
  ticket: {
    firstRespondedAt: Date | null;
    status: TicketStatus;
    slaAlertAt: Date;
    firstResponseDueAt: Date;
    slaAlerted: boolean;
    slaBreached: boolean;
  },
  now: Date,
): { alert: boolean; breach: boolean } {
  if (ticket.firstRespondedAt || !isActive(ticket.status)) return { alert: false, breach: false };
  const breach = !ticket.slaBreached && now.getTime() >= ticket.firstResponseDueAt.getTime();
  const alert = !ticket.slaAlerted && (breach || now.getTime() >= ticket.slaAlertAt.getTime());
  return { alert, breach };
}

// --- The ticket's life -------------------------------------------------------------------------

/**
 * Who moves a ticket: the customer who opened it (a client or a writer), support agents, admins
 * (a superadmin acts as an admin) and the system (SLA and rebalancing jobs).
 */
export type TicketRole = 'customer' | 'support' | 'admin' | 'system';

export type TicketTransitionName = 'assign' | 'unassign' | 'reply' | 'note' | 'customer_reply' | 'escalate' | 'resolve' | 'close';

/** `same`: the move is allowed and leaves the status as it is (a reassignment, a note). */
type Target = TicketStatus | 'same';

interface TicketTransition {
  from: Partial<Record<TicketStatus, Target>>;
  roles: readonly TicketRole[];
  /** Supplementary: only these roles may take it from these statuses. */
  onlyFrom?: Partial<Record<TicketStatus, readonly TicketRole[]>>;
}

const STAFF: readonly TicketRole[] = ['support', 'admin'];

/**
 * The one transitions table (DESIGN.md "State machines"; RULES.md: open -> assigned ->
 * waiting_on_customer | in_progress -> escalated -> resolved -> closed).
 *
 * - assign (or claim): an open ticket becomes assigned; an active one changes hands and keeps its status.
 * - unassign (rebalancing with nobody to take it, an admin): an assigned ticket goes back to the queue.
 * - reply (public, staff): the customer is asked; an escalated ticket stays escalated until resolved.
 * - note (internal, staff): never changes the status, never reaches the customer.
 * - customer_reply: a ticket waiting on the customer (or resolved) is reopened, in progress again.
 * - escalate: staff, or the SLA job at breach.
 * - resolve: staff. close: support closes a resolved ticket; an admin may close any (spam, duplicates).
 */
export const TICKET_TRANSITIONS: Record<TicketTransitionName, TicketTransition> = {
  assign: {
    from: { open: 'assigned', assigned: 'same', in_progress: 'same', waiting_on_customer: 'same', escalated: 'same' },
    roles: [...STAFF, 'system'],
  },
  unassign: { from: { assigned: 'open' }, roles: ['admin', 'system'] },
  reply: {
    from: {
      open: 'waiting_on_customer',
      assigned: 'waiting_on_customer',
      in_progress: 'waiting_on_customer',
      waiting_on_customer: 'same',
      escalated: 'same',
      resolved: 'same',
    },
    roles: STAFF,
  },
  note: {
    from: { open: 'same', assigned: 'same', in_progress: 'same', waiting_on_customer: 'same', escalated: 'same', resolved: 'same' },
    roles: STAFF,
  },
  customer_reply: {
    from: {
      open: 'same',
      assigned: 'same',
      in_progress: 'same',
      waiting_on_customer: 'in_progress',
      escalated: 'same',
      resolved: 'in_progress',
    },
    roles: ['customer'],
  },
  escalate: {
    from: { open: 'escalated', assigned: 'escalated', in_progress: 'escalated', waiting_on_customer: 'escalated' },
    roles: [...STAFF, 'system'],
  },
  resolve: {
    from: { open: 'resolved', assigned: 'resolved', in_progress: 'resolved', waiting_on_customer: 'resolved', escalated: 'resolved' },
    roles: STAFF,
  },
  close: {
    from: {
      resolved: 'closed',
      open: 'closed',
      assigned: 'closed',
      in_progress: 'closed',
      waiting_on_customer: 'closed',
      escalated: 'closed',
    },
    roles: STAFF,
    onlyFrom: {
      open: ['admin'],
      assigned: ['admin'],
      in_progress: ['admin'],
      waiting_on_customer: ['admin'],
      escalated: ['admin'],
    },
  },
};

export type TicketTransitionDecision =
  { ok: true; to: TicketStatus } | { ok: false; reason: 'wrong_status' | 'not_allowed_for_role'; message: string };

const WORDS: Record<TicketTransitionName, string> = {
  assign: 'assigned',
  unassign: 'unassigned',
  reply: 'replied to',
  note: 'given a note',
  customer_reply: 'replied to',
  escalate: 'escalated',
  resolve: 'resolved',
  close: 'closed',
};

export function decideTicketTransition(input: {
  transition: TicketTransitionName;
  from: TicketStatus;
  role: TicketRole;
}): TicketTransitionDecision {
  const rule = TICKET_TRANSITIONS[input.transition];
  if (!rule.roles.includes(input.role)) {
    return { ok: false, reason: 'not_allowed_for_role', message: `Your role may not ${input.transition.replace('_', ' ')} a ticket` };
  }
  const target = rule.from[input.from];
  if (!target) {
    return {
      ok: false,
      reason: 'wrong_status',
      message: `A ticket that is ${input.from.replace(/_/g, ' ')} cannot be ${WORDS[input.transition]}`,
    };
  }
  const only = rule.onlyFrom?.[input.from];
  if (only && !only.includes(input.role)) {
    return {
      ok: false,
      reason: 'not_allowed_for_role',
      message: `Only an admin may ${input.transition} a ticket that is ${input.from.replace(/_/g, ' ')}`,
    };
  }
  return { ok: true, to: target === 'same' ? input.from : target };
}

/** The statuses a transition may start from for a role (the back office shows the action only there). */
export function ticketStatusesFor(transition: TicketTransitionName, role: TicketRole): TicketStatus[] {
  const rule = TICKET_TRANSITIONS[transition];
  if (!rule.roles.includes(role)) return [];
  return (Object.keys(rule.from) as TicketStatus[]).filter((s) => !rule.onlyFrom?.[s] || rule.onlyFrom[s]!.includes(role));
}

/**
 * Rebalancing: which of an overloaded agent's unanswered tickets (sorted by first-response due,
 * soonest first) leave them — as many as they hold over the cap, the most urgent first, since
 * those are the ones the queue behind them would breach.
 */
export function excessOf<T>(unansweredByDue: readonly T[], activeCount: number, maxActive: number): T[] {
  return unansweredByDue.slice(0, Math.max(0, activeCount - maxActive));
}
