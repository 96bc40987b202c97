/**
 * Pure rules of writers' payouts (RULES.md "Writers"): batch and request statuses and their
 * transitions, payment methods, schedules and their periods, the advance cap, the kind of a payout
 * line, ledger idempotency keys. No I/O.
 */

export const PAYOUT_STATUSES = ['pending', 'paid', 'reversed', 'cancelled'] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

/**
 * A paid batch is never changed: only reversed (by an admin, with a reason), which re-owes its
 * total. A pending batch may be cancelled (an admin with a reason, or merged into an early payout
 * or an advance): its lines are given back and wait for the next batch.
 */
export const PAYOUT_TRANSITIONS: Record<PayoutStatus, readonly PayoutStatus[]> = {
  pending: ['paid', 'cancelled'],
  paid: ['reversed'],
  reversed: [],
  cancelled: [],
};
export const canMovePayout = (from: PayoutStatus, to: PayoutStatus): boolean => PAYOUT_TRANSITIONS[from].includes(to);

/** Why a batch was built: the schedule, an approved early payout, an approved advance. */
export const PAYOUT_TRIGGERS = ['scheduled', 'early', 'advance'] as const;
export type PayoutTrigger = (typeof PAYOUT_TRIGGERS)[number];

export const PAYOUT_METHODS = ['bank_transfer', 'paypal', 'mobile_money', 'other'] as const;
export type PayoutMethod = (typeof PAYOUT_METHODS)[number];

export const PAYOUT_SCHEDULES = ['fortnightly', 'monthly'] as const;
export type PayoutSchedule = (typeof PAYOUT_SCHEDULES)[number];

export const PAYOUT_REQUEST_KINDS = ['early', 'advance'] as const;
export type PayoutRequestKind = (typeof PAYOUT_REQUEST_KINDS)[number];

export const PAYOUT_REQUEST_STATUSES = ['pending', 'approved', 'refused'] as const;
export type PayoutRequestStatus = (typeof PAYOUT_REQUEST_STATUSES)[number];

export const PAYOUT_REQUEST_TRANSITIONS: Record<PayoutRequestStatus, readonly PayoutRequestStatus[]> = {
  pending: ['approved', 'refused'],
  approved: [],
  refused: [],
};

/** RULES.md: an early payout above $50 (website setting). */
export const DEFAULT_EARLY_PAYOUT_THRESHOLD_CENTS = 5_000;
/** RULES.md: advances capped at 30 % of total earned minus outstanding advances (website setting). */
export const DEFAULT_ADVANCE_CAP_BP = 3_000;
export const DEFAULT_PAYOUT_SCHEDULE: PayoutSchedule = 'fortnightly';

const DAY_MS = 86_400_000;
/**
 * Fortnights are counted from this Monday (UTC), so every website and every worker agrees on
 * where a fortnight starts. Periods are in UTC.
 */
export const FORTNIGHT_ANCHOR = new Date('2024-01-01T00:00:00.000Z');

export interface Period {
  start: Date;
  /** Exclusive: entries posted before it belong to the period. */
  end: Date;
}

/** The period of a schedule that contains `at`. */
export function periodAt(schedule: PayoutSchedule, at: Date): Period {
  if (schedule === 'monthly') {
    const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
    return { start, end: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1)) };
  }
  const size = 14 * DAY_MS;
  const index = Math.floor((at.getTime() - FORTNIGHT_ANCHOR.getTime()) / size);
  const start = new Date(FORTNIGHT_ANCHOR.getTime() + index * size);
  return { start, end: new Date(start.getTime() + size) };
}

/** The latest period that has ended at `now`: the one whose batch is due. */
export function duePeriod(schedule: PayoutSchedule, now: Date): Period {
  const current = periodAt(schedule, now);
  return periodAt(schedule, new Date(current.start.getTime() - 1));
}

/** When the next scheduled batch is built: the end of the period running now. */
export const nextPayoutDate = (schedule: PayoutSchedule, now: Date): Date => periodAt(schedule, now).end;

/** What a writer may still take as an advance: cap × total earned − outstanding advances (never below 0). */
export function advanceAvailable(totalEarnedCents: number, outstandingAdvancesCents: number, capBp: number): number {
  return Math.max(0, Math.floor((totalEarnedCents * capBp) / 10_000) - outstandingAdvancesCents);
}

/**
 * The kind of a payout line, from the ledger transaction behind its entry (SQL over
 * ledger_transactions `t`, the reversed transaction `o` and the entry `e`). An advance is repaid by
 * a posting of kind 'advance' the other way (writer_payable -> payouts_clearing): the sign tells
 * them apart, as it does a fine from its refund. Kinds added later (bonus…) show as themselves.
 */
export const LINE_KIND_SQL = `CASE
    WHEN t.kind = 'order_completion' THEN 'earning'
    WHEN t.kind = 'advance' THEN CASE WHEN e.amount_cents > 0 THEN 'advance' ELSE 'advance_repayment' END
    WHEN t.kind = 'fine' THEN CASE WHEN e.amount_cents < 0 THEN 'fine' ELSE 'fine_refund' END
    WHEN t.kind = 'reversal' THEN CASE o.kind
      WHEN 'fine' THEN 'fine_refund' WHEN 'payout' THEN 'payout_reversal' WHEN 'advance' THEN 'advance_reversal'
      WHEN 'order_completion' THEN 'earning_reversal' WHEN 'tip' THEN 'tip_reversal' ELSE 'reversal' END
    ELSE t.kind END`;

/** Ledger transaction kinds that are never a line: the payout posting itself. */
export const PAYOUT_LEDGER_KIND = 'payout' as const;

export const payoutPaidKey = (payoutId: number) => `payout-paid:${payoutId}`;
export const payoutReversalKey = (payoutId: number) => `payout-reversed:${payoutId}`;
export const advanceKey = (requestId: number) => `advance:${requestId}`;
export const advanceRepaymentKey = (requestId: number) => `advance-repayment:${requestId}`;

/** The batch's reference and method as a bank statement would show them. */
export const PAYOUT_REFERENCE_MAX = 200;
