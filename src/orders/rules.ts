import { applyBasisPoints, divideRoundHalfUp, type BasisPoints, type Cents } from '../platform/money.js';

/**
 * Pure order rules: the lifecycle table of DESIGN.md, the writer deadline, the cancellation
 * forfeiture and revision policy of RULES.md. No I/O.
 */
export const ORDER_STATUSES = [
  'draft',
  'pending_payment',
  'ready_for_staffing',
  'pending_writer_acceptance',
  'in_progress',
  'under_editing',
  'submitted',
  'revision_requested',
  'completed',
  'disputed',
  'on_hold',
  'pending_cancellation',
  'cancelled',
  'archived',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Who moves orders: the portal roles, staff (a superadmin acts as admin) and scheduled work. */
export type OrderActorRole = 'client' | 'writer' | 'editor' | 'admin' | 'system';

export const ORDER_ACTIONS = [
  'submit',
  'mark_paid',
  'invite_writer',
  'assign',
  'take',
  'accept',
  'decline',
  'unassign',
  'drop',
  'send_to_editing',
  'deliver',
  'return_to_writer',
  'approve',
  'request_revision',
  'open_dispute',
  'resolve_dispute',
  'hold',
  'release',
  'request_cancellation',
  'resolve_cancellation',
  'cancel',
  'archive',
] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

interface TransitionRule {
  from: readonly OrderStatus[];
  to: readonly OrderStatus[] | 'previous';
  by: readonly OrderActorRole[];
}

/** Statuses an admin may put on hold (and release back to). */
export const HOLDABLE_STATUSES = [
  'pending_payment',
  'ready_for_staffing',
  'pending_writer_acceptance',
  'in_progress',
  'under_editing',
  'submitted',
  'revision_requested',
  'disputed',
  'pending_cancellation',
] as const satisfies readonly OrderStatus[];

/** Paid orders a client may ask to cancel (RULES.md: "ready_for_staffing … in_progress"). */
export const CANCELLATION_REQUESTABLE = [
  'ready_for_staffing',
  'pending_writer_acceptance',
  'in_progress',
] as const satisfies readonly OrderStatus[];

/**
 * The one transitions table (DESIGN.md "Order lifecycle"). Where one action has different
 * sources per role (deliver: writer from work, editor from editing), it has one row per case.
 */
export const ORDER_TRANSITIONS: Record<OrderAction, readonly TransitionRule[]> = {
  submit: [{ from: ['draft'], to: ['pending_payment'], by: ['client', 'admin'] }],
  mark_paid: [{ from: ['pending_payment'], to: ['ready_for_staffing'], by: ['system', 'admin'] }],
  invite_writer: [{ from: ['ready_for_staffing'], to: ['pending_writer_acceptance'], by: ['admin', 'system'] }],
  assign: [{ from: ['ready_for_staffing'], to: ['pending_writer_acceptance', 'in_progress'], by: ['admin'] }],
  take: [{ from: ['ready_for_staffing'], to: ['in_progress'], by: ['writer'] }],
  accept: [{ from: ['pending_writer_acceptance'], to: ['in_progress'], by: ['writer'] }],
  decline: [{ from: ['pending_writer_acceptance'], to: ['ready_for_staffing'], by: ['writer', 'system'] }],
  unassign: [{ from: ['in_progress', 'pending_writer_acceptance'], to: ['ready_for_staffing'], by: ['admin'] }],
  drop: [{ from: ['in_progress'], to: ['ready_for_staffing'], by: ['writer'] }],
  send_to_editing: [{ from: ['in_progress', 'revision_requested'], to: ['under_editing'], by: ['writer'] }],
  deliver: [
    { from: ['in_progress', 'revision_requested'], to: ['submitted'], by: ['writer'] },
    { from: ['under_editing'], to: ['submitted'], by: ['editor'] },
  ],
  return_to_writer: [{ from: ['under_editing'], to: ['in_progress'], by: ['editor'] }],
  approve: [{ from: ['submitted'], to: ['completed'], by: ['client', 'system'] }],
  request_revision: [{ from: ['submitted'], to: ['revision_requested'], by: ['client', 'admin'] }],
  open_dispute: [{ from: ['in_progress', 'submitted'], to: ['disputed'], by: ['client', 'admin'] }],
  resolve_dispute: [{ from: ['disputed'], to: ['in_progress', 'submitted', 'completed', 'cancelled'], by: ['admin'] }],
  hold: [{ from: HOLDABLE_STATUSES, to: ['on_hold'], by: ['admin'] }],
  release: [{ from: ['on_hold'], to: 'previous', by: ['admin'] }],
  request_cancellation: [{ from: CANCELLATION_REQUESTABLE, to: ['pending_cancellation'], by: ['client'] }],
  resolve_cancellation: [
    { from: ['pending_cancellation'], to: ['cancelled'], by: ['admin'] },
    { from: ['pending_cancellation'], to: 'previous', by: ['admin'] },
  ],
  cancel: [{ from: ['draft', 'pending_payment'], to: ['cancelled'], by: ['client', 'admin', 'system'] }],
  archive: [{ from: ['completed', 'cancelled'], to: ['archived'], by: ['admin', 'system'] }],
};

export type TransitionResult =
  { ok: true; to: OrderStatus } | { ok: false; reason: 'not_allowed_for_role' | 'illegal_from_status' | 'illegal_target'; message: string };

export interface TransitionRequest {
  action: OrderAction;
  from: OrderStatus;
  role: OrderActorRole;
  /** The wanted status when an action has several (assign, resolve_dispute, resolve_cancellation). */
  to?: OrderStatus;
  /** Where an on-hold or pending-cancellation order came from, for "back to where it was". */
  previous?: OrderStatus | null;
}

/** The statuses an order must be in for `role` to take `action` (the back office offers the action only there). */
export function statusesFor(action: OrderAction, role: OrderActorRole): OrderStatus[] {
  return [...new Set(ORDER_TRANSITIONS[action].filter((rule) => rule.by.includes(role)).flatMap((rule) => rule.from))];
}

/** The statuses from which `role` can bring an order to `to`, by whichever action (e.g. every way an admin cancels). */
export function statusesLeadingTo(to: OrderStatus, role: OrderActorRole): OrderStatus[] {
  const rules = Object.values(ORDER_TRANSITIONS)
    .flat()
    .filter((rule) => rule.by.includes(role) && rule.to !== 'previous' && rule.to.includes(to));
  return [...new Set(rules.flatMap((rule) => rule.from))];
}

/** Decides one transition against the table; the service turns a refusal into a 409/403. */
export function decideTransition(request: TransitionRequest): TransitionResult {
  const { action, from, role } = request;
  const rules = ORDER_TRANSITIONS[action];
  const forRole = rules.filter((rule) => rule.by.includes(role));
  if (!forRole.length)
    return { ok: false, reason: 'not_allowed_for_role', message: `A ${role} may not ${action.replace(/_/g, ' ')} an order` };
  const applicable = forRole.filter((rule) => rule.from.includes(from));
  if (!applicable.length) {
    return {
      ok: false,
      reason: 'illegal_from_status',
      message: `Cannot ${action.replace(/_/g, ' ')} an order that is ${from.replace(/_/g, ' ')}`,
    };
  }
  const targets = applicable.flatMap((rule) => (rule.to === 'previous' ? (request.previous ? [request.previous] : []) : rule.to));
  const to = request.to ?? (targets.length === 1 ? targets[0] : undefined);
  if (!to || !targets.includes(to)) {
    return {
      ok: false,
      reason: 'illegal_target',
      message: `${action.replace(/_/g, ' ')} leads to one of: ${targets.join(', ') || 'nothing'}`,
    };
  }
  return { ok: true, to };
}

/**
 * What the client still owes on an order: its total (0 while it has none) minus what is paid
 * (negative when overpaid). The one definition in TypeScript; SQL that filters or sums in the
 * database writes `total_cents - paid_cents` itself and points here.
 */
export const outstandingCents = (order: { totalCents: Cents | null; paidCents: Cents }): Cents => (order.totalCents ?? 0) - order.paidCents;

/** Writer deadline: 80 % of the time between placing and the client deadline (RULES.md). */
export const WRITER_DEADLINE_SHARE_BP: BasisPoints = 8_000;

export function writerDeadline(placedAt: Date, clientDeadline: Date, shareBp: BasisPoints = WRITER_DEADLINE_SHARE_BP): Date {
  const span = clientDeadline.getTime() - placedAt.getTime();
  return new Date(placedAt.getTime() + divideRoundHalfUp(span * shareBp, 10_000));
}

/** Cancellation forfeiture by time left to the deadline; nothing while no writer is assigned. */
export interface ForfeitureBand {
  /** Applies when at least this many hours are left (more than, when `exclusive`). */
  minHoursLeft: number;
  exclusive?: boolean;
  shareBp: BasisPoints;
}

export const DEFAULT_FORFEITURE: readonly ForfeitureBand[] = [
  { minHoursLeft: 7 * 24, exclusive: true, shareBp: 0 }, // more than 7 days
  { minHoursLeft: 3 * 24, shareBp: 2_000 }, // 3–7 days
  { minHoursLeft: 24, shareBp: 4_000 }, // 1–3 days
  { minHoursLeft: Number.NEGATIVE_INFINITY, shareBp: 8_000 }, // under 24 h (or past the deadline)
];

export interface Forfeiture {
  shareBp: BasisPoints;
  forfeitCents: Cents;
  refundCents: Cents;
}

export function cancellationForfeiture(input: {
  paidCents: Cents;
  deadline: Date;
  now: Date;
  writerAssigned: boolean;
  bands?: readonly ForfeitureBand[];
}): Forfeiture {
  const bands = input.bands ?? DEFAULT_FORFEITURE;
  const hoursLeft = (input.deadline.getTime() - input.now.getTime()) / 3_600_000;
  const shareBp = input.writerAssigned
    ? (bands.find((b) => (b.exclusive ? hoursLeft > b.minHoursLeft : hoursLeft >= b.minHoursLeft))?.shareBp ?? 0)
    : 0;
  return forfeitureAtShare(input.paidCents, shareBp);
}

/**
 * A cancellation the client asked for is decided on the share they were shown when asking (the
 * band can only get worse while staff decide), applied to what is paid at the decision.
 */
export function forfeitureAtShare(paidCents: Cents, shareBp: BasisPoints): Forfeiture {
  const share = Math.min(Math.max(0, Math.trunc(shareBp)), 10_000);
  const forfeitCents = applyBasisPoints(paidCents, share);
  return { shareBp: share, forfeitCents, refundCents: paidCents - forfeitCents };
}

export interface RevisionPolicy {
  freeWindowDays: number;
  paidShareBp: BasisPoints;
  minTurnaroundHours: number;
}

export const DEFAULT_REVISION_POLICY: RevisionPolicy = { freeWindowDays: 14, paidShareBp: 5_000, minTurnaroundHours: 24 };

/** The policy of a website whose paid-revision share is `paidSharePercent` (the website setting). */
export function revisionPolicyFor(paidSharePercent: number, base: RevisionPolicy = DEFAULT_REVISION_POLICY): RevisionPolicy {
  return { ...base, paidShareBp: paidSharePercent * 100 };
}

/**
 * The price a paid revision is a share of: what the work cost the client (its total, with any paid
 * deadline shortening) without the paid revisions already added to it, so revisions never compound.
 */
export function revisionOriginalPrice(orderTotalCents: Cents, earlierRevisionChargesCents: Cents): Cents {
  return Math.max(0, orderTotalCents - earlierRevisionChargesCents);
}

/** What a paid revision costs: its share of the original price, rounded half up to a cent. */
export function paidRevisionPrice(originalPriceCents: Cents, shareBp: BasisPoints): Cents {
  return applyBasisPoints(originalPriceCents, shareBp);
}

export type RevisionTerms =
  | { allowed: true; paid: false; priceCents: 0; reason: string }
  | { allowed: true; paid: true; priceCents: Cents; reason: string }
  | { allowed: false; reason: string };

/**
 * Free within the window after delivery and within the original instructions; otherwise paid at
 * a share of the original price. One pending revision at a time; the writer gets a minimum turnaround.
 */
export function revisionTerms(input: {
  deliveredAt: Date;
  now: Date;
  requestedDeadline: Date;
  instructionsChanged: boolean;
  revisionPending: boolean;
  originalPriceCents: Cents;
  policy?: RevisionPolicy;
}): RevisionTerms {
  const policy = input.policy ?? DEFAULT_REVISION_POLICY;
  if (input.revisionPending) return { allowed: false, reason: 'A revision is already pending on this order' };
  const turnaroundHours = (input.requestedDeadline.getTime() - input.now.getTime()) / 3_600_000;
  if (turnaroundHours < policy.minTurnaroundHours) {
    return { allowed: false, reason: `A revision needs at least ${policy.minTurnaroundHours} hours for the writer` };
  }
  const withinWindow = input.now.getTime() - input.deliveredAt.getTime() <= policy.freeWindowDays * 86_400_000;
  if (withinWindow && !input.instructionsChanged) return { allowed: true, paid: false, priceCents: 0, reason: 'Free revision' };
  return {
    allowed: true,
    paid: true,
    priceCents: paidRevisionPrice(input.originalPriceCents, policy.paidShareBp),
    reason: input.instructionsChanged
      ? 'Changed instructions make the revision paid'
      : `More than ${policy.freeWindowDays} days after delivery`,
  };
}

export type RevisionStart = { ok: true } | { ok: false; reason: string };

/**
 * Whether a revision that waited for its payment can still start now: the order must still be
 * delivered (not approved, disputed or on hold meanwhile) and the writer must still get the
 * minimum turnaround before the deadline the client asked for.
 */
export function revisionCanStart(input: { orderStatus: OrderStatus; deadline: Date; now: Date; policy?: RevisionPolicy }): RevisionStart {
  const policy = input.policy ?? DEFAULT_REVISION_POLICY;
  if (input.orderStatus !== 'submitted') return { ok: false, reason: `the order is ${input.orderStatus.replace(/_/g, ' ')}` };
  const turnaroundHours = (input.deadline.getTime() - input.now.getTime()) / 3_600_000;
  if (turnaroundHours < policy.minTurnaroundHours) {
    return {
      ok: false,
      reason: `its deadline leaves the writer less than ${policy.minTurnaroundHours} hours now; withdraw it and ask again`,
    };
  }
  return { ok: true };
}
