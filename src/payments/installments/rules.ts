/**
 * Pure rules of installment plans: the statuses and their transitions, how a sum is split
 * (RULES.md "Special orders and classes": equal installments put the rounding remainder on the
 * last; the default template is a 50 % deposit and the rest), what makes a schedule valid, which
 * installment is paid next and when one is overdue. No I/O.
 */

export const PLAN_STATUSES = ['active', 'completed', 'canceled'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const INSTALLMENT_STATUSES = ['pending', 'paid', 'overdue', 'canceled'] as const;
export type InstallmentStatus = (typeof INSTALLMENT_STATUSES)[number];

export type InstallmentTransitionName = 'pay' | 'mark_overdue' | 'cancel';

/** The one transitions table of installments (DESIGN.md "State machines"); only the system moves them. */
export const INSTALLMENT_TRANSITIONS: Record<InstallmentTransitionName, { from: readonly InstallmentStatus[]; to: InstallmentStatus }> = {
  // An overdue installment can still be paid: it is late, not void.
  pay: { from: ['pending', 'overdue'], to: 'paid' },
  mark_overdue: { from: ['pending'], to: 'overdue' },
  // Canceling a plan (or closing it because the order left pending_payment) cancels what is unpaid.
  cancel: { from: ['pending', 'overdue'], to: 'canceled' },
};

export type PlanTransitionName = 'complete' | 'cancel';
export type PlanRole = 'staff' | 'system';

export const PLAN_TRANSITIONS: Record<PlanTransitionName, { from: readonly PlanStatus[]; to: PlanStatus; roles: readonly PlanRole[] }> = {
  complete: { from: ['active'], to: 'completed', roles: ['system'] },
  cancel: { from: ['active'], to: 'canceled', roles: ['staff', 'system'] },
};

export type Decision<S> = { ok: true; to: S } | { ok: false; reason: 'wrong_status' | 'not_allowed_for_role'; message: string };

export function decideInstallmentTransition(transition: InstallmentTransitionName, from: InstallmentStatus): Decision<InstallmentStatus> {
  const rule = INSTALLMENT_TRANSITIONS[transition];
  if (!rule.from.includes(from))
    return { ok: false, reason: 'wrong_status', message: `A ${from} installment cannot ${transition.replace('_', ' ')}` };
  return { ok: true, to: rule.to };
}

export function decidePlanTransition(transition: PlanTransitionName, from: PlanStatus, role: PlanRole): Decision<PlanStatus> {
  const rule = PLAN_TRANSITIONS[transition];
  if (!rule.roles.includes(role))
    return { ok: false, reason: 'not_allowed_for_role', message: `Your role may not ${transition} an installment plan` };
  if (!rule.from.includes(from))
    return { ok: false, reason: 'wrong_status', message: `Only an active plan can ${transition}; this one is ${from}` };
  return { ok: true, to: rule.to };
}

/** Defaults (RULES.md where it says so; otherwise ours, to become website settings). */
export const MIN_INSTALLMENTS = 2;
export const MAX_INSTALLMENTS = 12;
export const MAX_INTERVAL_DAYS = 90;
export const DEFAULT_INTERVAL_DAYS = 7;
/** RULES.md "Special orders": the default plan is a 50 % deposit, then the rest. */
export const DEFAULT_PERCENT_TEMPLATE: readonly number[] = [50, 50];

const DAY_MS = 86_400_000;

export type SplitResult = { ok: true; amounts: number[] } | { ok: false; field: string; message: string };

/** N equal parts; the rounding remainder goes on the last (RULES.md "Classes"). */
export function splitEqually(totalCents: number, count: number): SplitResult {
  if (!Number.isSafeInteger(count) || count < MIN_INSTALLMENTS || count > MAX_INSTALLMENTS) {
    return { ok: false, field: 'count', message: `must be between ${MIN_INSTALLMENTS} and ${MAX_INSTALLMENTS}` };
  }
  const base = Math.floor(totalCents / count);
  if (base <= 0) return { ok: false, field: 'count', message: `is too many parts for ${totalCents} cents` };
  return { ok: true, amounts: [...Array<number>(count - 1).fill(base), totalCents - base * (count - 1)] };
}

/** Parts by whole percentages summing to 100 (e.g. a 50 % deposit and the rest); the remainder goes on the last. */
export function splitByPercent(totalCents: number, percents: readonly number[]): SplitResult {
  if (percents.length < MIN_INSTALLMENTS || percents.length > MAX_INSTALLMENTS) {
    return { ok: false, field: 'percents', message: `must have between ${MIN_INSTALLMENTS} and ${MAX_INSTALLMENTS} parts` };
  }
  if (percents.some((p) => !Number.isInteger(p) || p <= 0 || p >= 100))
    return { ok: false, field: 'percents', message: 'must be whole percentages between 1 and 99' };
  if (percents.reduce((a, b) => a + b, 0) !== 100) return { ok: false, field: 'percents', message: 'must add up to 100' };
  const head = percents.slice(0, -1).map((p) => Math.floor((totalCents * p) / 100));
  const amounts = [...head, totalCents - head.reduce((a, b) => a + b, 0)];
  if (amounts.some((a) => a <= 0)) return { ok: false, field: 'percents', message: `leave a part of 0 cents on ${totalCents} cents` };
  return { ok: true, amounts };
}

/** Due dates: the first, then one every `intervalDays`. */
export function spacedDueDates(first: Date, count: number, intervalDays: number): Date[] {
  return Array.from({ length: count }, (_, i) => new Date(first.getTime() + i * intervalDays * DAY_MS));
}

export interface ScheduleLine {
  amountCents: number;
  dueAt: Date;
}

export type Proposal =
  | { split: 'equal'; count: number; intervalDays?: number; firstDueAt?: Date }
  | { split: 'percent'; percents?: readonly number[]; intervalDays?: number; firstDueAt?: Date };

export type ScheduleResult = { ok: true; lines: ScheduleLine[] } | { ok: false; fields: Record<string, string> };

/** A schedule proposed by rule: the split, due dates spaced by the interval, the first a day from now unless given. */
export function proposeSchedule(totalCents: number, proposal: Proposal, now: Date): ScheduleResult {
  const intervalDays = proposal.intervalDays ?? DEFAULT_INTERVAL_DAYS;
  if (!Number.isInteger(intervalDays) || intervalDays < 1 || intervalDays > MAX_INTERVAL_DAYS) {
    return { ok: false, fields: { intervalDays: `must be a whole number of days between 1 and ${MAX_INTERVAL_DAYS}` } };
  }
  const split =
    proposal.split === 'equal'
      ? splitEqually(totalCents, proposal.count)
      : splitByPercent(totalCents, proposal.percents ?? DEFAULT_PERCENT_TEMPLATE);
  if (!split.ok) return { ok: false, fields: { [split.field]: split.message } };
  const first = proposal.firstDueAt ?? new Date(now.getTime() + DAY_MS);
  const dates = spacedDueDates(first, split.amounts.length, intervalDays);
  return { ok: true, lines: split.amounts.map((amountCents, i) => ({ amountCents, dueAt: dates[i]! })) };
}

export interface ScheduleLimits {
  /** What the installments must add up to exactly: what the order still owes (its total when nothing is paid yet). */
  totalCents: number;
  now: Date;
  /** The first installment is due no later than this (the unpaid-order expiry), when given. */
  firstDueBy?: Date | null;
  /** No installment is due after this (the order's deadline), when given. */
  lastDueBy?: Date | null;
}

const isDate = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime());
const day = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');

/** Whether a schedule may become a plan; field errors name the line (`installments.2.dueAt`). */
export function validateSchedule(lines: readonly ScheduleLine[], limits: ScheduleLimits): ScheduleResult {
  if (lines.length < MIN_INSTALLMENTS || lines.length > MAX_INSTALLMENTS) {
    return { ok: false, fields: { installments: `must have between ${MIN_INSTALLMENTS} and ${MAX_INSTALLMENTS} installments` } };
  }
  const fields: Record<string, string> = {};
  lines.forEach((line, i) => {
    if (!Number.isSafeInteger(line.amountCents) || line.amountCents <= 0)
      fields[`installments.${i}.amountCents`] = 'must be a positive whole number of cents';
    if (!isDate(line.dueAt)) fields[`installments.${i}.dueAt`] = 'must be a date';
    else if (i === 0 && line.dueAt.getTime() < limits.now.getTime()) fields[`installments.${i}.dueAt`] = 'must not be in the past';
    else if (i > 0 && isDate(lines[i - 1]!.dueAt) && line.dueAt.getTime() <= lines[i - 1]!.dueAt.getTime()) {
      fields[`installments.${i}.dueAt`] = 'must be after the previous installment';
    }
  });
  if (Object.keys(fields).length) return { ok: false, fields };
  const sum = lines.reduce((a, l) => a + l.amountCents, 0);
  if (sum !== limits.totalCents) return { ok: false, fields: { installments: `must add up to ${limits.totalCents} cents, not ${sum}` } };
  if (limits.firstDueBy && lines[0]!.dueAt.getTime() > limits.firstDueBy.getTime()) {
    return {
      ok: false,
      fields: { 'installments.0.dueAt': `must be at the latest ${day(limits.firstDueBy)} UTC, when an unpaid order expires` },
    };
  }
  const last = lines.length - 1;
  if (limits.lastDueBy && lines[last]!.dueAt.getTime() > limits.lastDueBy.getTime()) {
    return {
      ok: false,
      fields: { [`installments.${last}.dueAt`]: `must be at the latest the order's deadline, ${day(limits.lastDueBy)} UTC` },
    };
  }
  return { ok: true, lines: [...lines] };
}

export interface InstallmentState {
  id: number;
  sequence: number;
  status: InstallmentStatus;
}

export type NextDecision<T> =
  { ok: true; installment: T } | { ok: false; reason: 'nothing_left' | 'not_next' | 'already_paid'; message: string };

/**
 * Installments are paid in order: the next is the lowest sequence not yet paid. `wanted` (an id
 * the client named) must be that one, so a double click never pays two.
 */
export function nextToPay<T extends InstallmentState>(installments: readonly T[], wanted?: number): NextDecision<T> {
  const open = [...installments].sort((a, b) => a.sequence - b.sequence).filter((i) => i.status === 'pending' || i.status === 'overdue');
  const next = open[0];
  const named = wanted === undefined ? undefined : installments.find((i) => i.id === wanted);
  if (named && named.status === 'paid')
    return { ok: false, reason: 'already_paid', message: `Installment ${named.sequence} is already paid` };
  if (!next) return { ok: false, reason: 'nothing_left', message: 'Nothing is left to pay in this plan' };
  if (wanted !== undefined && wanted !== next.id) {
    return { ok: false, reason: 'not_next', message: `Installments are paid in order: installment ${next.sequence} comes next` };
  }
  return { ok: true, installment: next };
}

/** Overdue: still pending once its due time has passed. */
export const isOverdue = (installment: { status: InstallmentStatus; dueAt: Date }, now: Date): boolean =>
  installment.status === 'pending' && installment.dueAt.getTime() < now.getTime();

/** What a plan still expects to be paid (every installment neither paid nor canceled). */
export const unpaidCents = (installments: readonly { status: InstallmentStatus; amountCents: number }[]): number =>
  installments.filter((i) => i.status === 'pending' || i.status === 'overdue').reduce((a, i) => a + i.amountCents, 0);

/**
 * What becomes of an active plan whose order moved on by another way: completed once the order is
 * paid in full (outside the plan too), canceled when the order was cancelled; otherwise (on hold,
 * still awaiting payment) it stays.
 */
export function closingOf(order: { status: string; totalCents: number | null; paidCents: number }): PlanTransitionName | null {
  if (order.totalCents !== null && order.paidCents >= order.totalCents) return 'complete';
  return order.status === 'cancelled' || order.status === 'archived' ? 'cancel' : null;
}
