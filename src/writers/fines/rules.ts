import { applyBasisPoints, BP_ONE, type BasisPoints, type Cents } from '../../platform/money.js';

/**
 * Pure rules of writers' fines (RULES.md "Fines"): the fine types and their default amounts, the
 * lateness schedule, what a fine of a type comes to on an order, and the fine's status machine.
 * No I/O.
 */

export const FINE_TYPE_CODES = [
  'lateness',
  'quality',
  'privacy_breach',
  'excessive_revisions',
  'late_reassignment_request',
  'late_drop',
  'wrong_files',
  'plagiarism',
  'inactivity',
  'communication_breach',
] as const;
export type FineTypeCode = (typeof FINE_TYPE_CODES)[number];

/**
 * A fine type's rule: a fixed amount, or a share of the writer's earning on the order (basis
 * points), then held between the minimum and the maximum. Exactly one of amountCents / percentBp.
 */
export interface FineRule {
  amountCents: Cents | null;
  percentBp: BasisPoints | null;
  minCents: Cents;
  maxCents: Cents | null;
}

export interface FineTypeDefaults extends FineRule {
  code: FineTypeCode;
  name: string;
  /** Applied by the lateness job only: staff never issue it by hand. */
  automatic: boolean;
}

/** RULES.md "Fines": the types every website starts with (editable per website). */
export const DEFAULT_FINE_TYPES: readonly FineTypeDefaults[] = [
  // The lateness percentage comes from the schedule below; 100 % is its cap.
  { code: 'lateness', name: 'Late delivery', automatic: true, amountCents: null, percentBp: 10_000, minCents: 0, maxCents: null },
  { code: 'quality', name: 'Quality', automatic: false, amountCents: null, percentBp: 1_000, minCents: 500, maxCents: 5_000 },
  { code: 'privacy_breach', name: 'Privacy breach', automatic: false, amountCents: 5_000, percentBp: null, minCents: 0, maxCents: null },
  {
    code: 'excessive_revisions',
    name: 'Excessive revisions',
    automatic: false,
    amountCents: null,
    percentBp: 500,
    minCents: 0,
    maxCents: null,
  },
  {
    code: 'late_reassignment_request',
    name: 'Late reassignment request',
    automatic: false,
    amountCents: null,
    percentBp: 1_500,
    minCents: 0,
    maxCents: null,
  },
  {
    code: 'late_drop',
    name: 'Dropping an order late',
    automatic: false,
    amountCents: null,
    percentBp: 2_000,
    minCents: 1_000,
    maxCents: null,
  },
  { code: 'wrong_files', name: 'Wrong files', automatic: false, amountCents: 1_000, percentBp: null, minCents: 0, maxCents: null },
  { code: 'plagiarism', name: 'Plagiarism', automatic: false, amountCents: 10_000, percentBp: null, minCents: 0, maxCents: null },
  { code: 'inactivity', name: 'Inactivity', automatic: false, amountCents: null, percentBp: 2_500, minCents: 0, maxCents: null },
  {
    code: 'communication_breach',
    name: 'Communication breach',
    automatic: false,
    amountCents: 1_500,
    percentBp: null,
    minCents: 0,
    maxCents: null,
  },
];

/** What a rule comes to on an order that earned the writer `earningCents`: amount or share, then min and max. */
export function fineAmountCents(rule: FineRule, earningCents: Cents): Cents {
  const base = rule.amountCents ?? applyBasisPoints(Math.max(0, earningCents), rule.percentBp ?? 0);
  const floored = Math.max(base, rule.minCents);
  return rule.maxCents === null ? floored : Math.min(floored, rule.maxCents);
}

/** Problems of a rule as staff edit it, keyed by field; empty when valid. */
export function fineRuleProblems(rule: FineRule): Record<string, string> {
  const problems: Record<string, string> = {};
  const cents = (v: number | null) => v === null || (Number.isSafeInteger(v) && v >= 0 && v <= 100_000_000);
  if ((rule.amountCents === null) === (rule.percentBp === null))
    problems.amountCents = 'give either a fixed amount or a percentage, not both';
  if (!cents(rule.amountCents)) problems.amountCents = 'must be a whole number of cents, 0 or more';
  if (rule.percentBp !== null && (!Number.isSafeInteger(rule.percentBp) || rule.percentBp < 0 || rule.percentBp > 10_000))
    problems.percentBp = 'must be between 0 and 10000 basis points (100 %)';
  if (!cents(rule.minCents)) problems.minCents = 'must be a whole number of cents, 0 or more';
  if (!cents(rule.maxCents)) problems.maxCents = 'must be a whole number of cents, 0 or more';
  else if (rule.maxCents !== null && rule.maxCents < rule.minCents) problems.maxCents = 'must be at least the minimum';
  return problems;
}

const HOUR_MS = 3_600_000;
const DAY_HOURS = 24;

/**
 * The lateness schedule (RULES.md), cumulative, in basis points of the writer's earning, before
 * the cap: under 1 h nothing; +5 % at hour 1, +10 % at hour 2, +15 % at hour 3 (30 % by then); +5 %
 * at each of hours 4–24; +20 % at each full day after 24 h. Counted in whole hours late.
 */
export function latenessPercentBp(lateMs: number): BasisPoints {
  const hours = Math.floor(Math.max(0, lateMs) / HOUR_MS);
  if (hours < 1) return 0;
  const firstThree = [500, 1_000, 1_500].slice(0, Math.min(hours, 3)).reduce((a, b) => a + b, 0);
  const hourly = Math.max(0, Math.min(hours, DAY_HOURS) - 3) * 500;
  const daily = Math.floor(Math.max(0, hours - DAY_HOURS) / DAY_HOURS) * 2_000;
  return firstThree + hourly + daily;
}

/**
 * The lateness fine on an order: the schedule's share of the writer's earning, capped at 100 % of
 * it (or at the lower share a website set as the lateness type's percentage).
 */
export function latenessFineCents(lateMs: number, earningCents: Cents, capBp: BasisPoints = BP_ONE): Cents {
  const earning = Math.max(0, earningCents);
  return applyBasisPoints(earning, Math.min(latenessPercentBp(lateMs), capBp, BP_ONE));
}

/**
 * How late the writer is on an order, in ms (0 when on time): the writer's hand-in (or now, while
 * the work is still with them) past the writer deadline. A writer given the order after that
 * deadline had passed is not late by it (staff decide; nothing is automatic).
 */
export function latenessMs(input: { writerDeadline: Date | null; assignedAt: Date | null; handedInAt: Date | null; now: Date }): number {
  const { writerDeadline, assignedAt, handedInAt, now } = input;
  if (!writerDeadline) return 0;
  if (assignedAt && assignedAt.getTime() >= writerDeadline.getTime()) return 0;
  return Math.max(0, (handedInAt ?? now).getTime() - writerDeadline.getTime());
}

/** The job's idempotency: a lateness fine only ever grows (a redelivery on time does not lower it). */
export const latenessIncrease = (postedCents: Cents, dueCents: Cents): Cents => Math.max(0, dueCents - postedCents);

// --- The fine's life -----------------------------------------------------------------------------

export const FINE_STATUSES = ['issued', 'appealed', 'escalated', 'accepted', 'rejected', 'waived', 'voided'] as const;
export type FineStatus = (typeof FINE_STATUSES)[number];

/** Who moves a fine: the fined writer, staff (a superadmin acts as an admin) and the lateness job. */
export type FineRole = 'writer' | 'support' | 'admin' | 'system';

export type FineTransitionName = 'appeal' | 'escalate' | 'accept' | 'reject' | 'waive' | 'void';

interface FineTransition {
  from: readonly FineStatus[];
  to: FineStatus;
  roles: readonly FineRole[];
  /** Supplementary: only these roles may take it from these statuses (an escalated appeal goes to an admin). */
  onlyFrom?: Partial<Record<FineStatus, readonly FineRole[]>>;
}

/** A fine that still stands: posted against the writer and not refunded. */
export const STANDING_STATUSES = ['issued', 'appealed', 'escalated', 'rejected'] as const satisfies readonly FineStatus[];
/** Statuses in which the writer got the fine back (refunded by posting). */
export const REFUNDED_STATUSES = ['accepted', 'waived', 'voided'] as const satisfies readonly FineStatus[];
/** The appeal queue of the back office. */
export const APPEAL_QUEUE_STATUSES = ['appealed', 'escalated'] as const satisfies readonly FineStatus[];

export const isStanding = (status: FineStatus): boolean => (STANDING_STATUSES as readonly FineStatus[]).includes(status);

/**
 * The one transitions table (DESIGN.md "State machines"; RULES.md: issued -> (appealed -> escalated
 * -> accepted | rejected) | waived | voided). The writer appeals (once: only an issued fine);
 * support or an admin decides an appeal or escalates it, and an escalated one is decided by an
 * admin; an accepted appeal waives the fine. Admins waive or void a fine that still stands.
 */
export const FINE_TRANSITIONS: Record<FineTransitionName, FineTransition> = {
  appeal: { from: ['issued'], to: 'appealed', roles: ['writer'] },
  escalate: { from: ['appealed'], to: 'escalated', roles: ['support', 'admin'] },
  accept: { from: ['appealed', 'escalated'], to: 'accepted', roles: ['support', 'admin'], onlyFrom: { escalated: ['admin'] } },
  reject: { from: ['appealed', 'escalated'], to: 'rejected', roles: ['support', 'admin'], onlyFrom: { escalated: ['admin'] } },
  waive: { from: STANDING_STATUSES, to: 'waived', roles: ['admin'] },
  void: { from: STANDING_STATUSES, to: 'voided', roles: ['admin'] },
};

export type FineTransitionDecision =
  { ok: true; to: FineStatus } | { ok: false; reason: 'wrong_status' | 'not_allowed_for_role'; message: string };

export function decideFineTransition(input: { transition: FineTransitionName; from: FineStatus; role: FineRole }): FineTransitionDecision {
  const rule = FINE_TRANSITIONS[input.transition];
  if (!rule.roles.includes(input.role)) {
    return { ok: false, reason: 'not_allowed_for_role', message: `Your role may not ${input.transition} a fine` };
  }
  if (!rule.from.includes(input.from)) {
    return { ok: false, reason: 'wrong_status', message: `A fine that is ${input.from} cannot be ${TRANSITION_WORDS[input.transition]}` };
  }
  const only = rule.onlyFrom?.[input.from];
  if (only && !only.includes(input.role)) {
    return { ok: false, reason: 'not_allowed_for_role', message: `Only an admin may ${input.transition} an ${input.from} appeal` };
  }
  return { ok: true, to: rule.to };
}

const TRANSITION_WORDS: Record<FineTransitionName, string> = {
  appeal: 'appealed',
  escalate: 'escalated',
  accept: 'accepted',
  reject: 'rejected',
  waive: 'waived',
  void: 'voided',
};

/** The statuses a transition may start from for a role (the back office shows the action only there). */
export function fineStatusesFor(transition: FineTransitionName, role: FineRole): FineStatus[] {
  const rule = FINE_TRANSITIONS[transition];
  if (!rule.roles.includes(role)) return [];
  return rule.from.filter((s) => !rule.onlyFrom?.[s] || rule.onlyFrom[s]!.includes(role));
}

// --- Ledger keys ---------------------------------------------------------------------------------

/** One posting per step of a fine: keyed by the total it brings the fine to, so a step posts once. */
export const fineLedgerKey = (fineId: number, totalCents: Cents) => `fine:${fineId}:to:${totalCents}`;
/** A fine is refunded at most once (a refunded status is final). */
export const fineRefundLedgerKey = (fineId: number) => `fine:${fineId}:refund`;
