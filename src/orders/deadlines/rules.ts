import type { Cents } from '../../platform/money.js';
import { type DeadlineBand, deadlineBandFor, type PriceList, priceQuote, type QuoteInput } from '../../pricing/index.js';
import { writerDeadline } from '../rules.js';

/**
 * Moving a placed order's deadline (RULES.md): shortening charges the difference between the new
 * and the already-paid deadline multipliers; extending costs nothing and refunds nothing. The
 * writer's pay does not change either way.
 *
 * Why the remaining time, not the time since placing: a client who shortens late creates the
 * urgency the writer now works under, and the band prices urgency. Why "already paid": after an
 * extension the client keeps the band they paid for, so shortening back within it is free.
 */
export type DeadlineChangeTerms =
  | {
      ok: true;
      kind: 'shorten' | 'extend';
      /** What the client pays now; 0 for an extension or a shortening inside the paid band. */
      chargeCents: Cents;
      /** The band the order has paid for once this change is settled. */
      paidBand: DeadlineBand;
      writerDeadline: Date;
    }
  | { ok: false; field: 'deadline'; reason: string };

export interface DeadlineChangeInput {
  list: PriceList;
  /** The order's frozen pricing input (its deadline hours are replaced here). */
  quoteInput: Omit<QuoteInput, 'deadlineHours'>;
  now: Date;
  currentDeadline: Date;
  requestedDeadline: Date;
  /** The max hours of the band paid so far: the one priced at placing, or a later paid shortening's. */
  paidBandMaxHours: number;
}

const HOUR = 3_600_000;

export function deadlineChangeTerms(input: DeadlineChangeInput): DeadlineChangeTerms {
  const { list, now, requestedDeadline, currentDeadline } = input;
  const hoursLeft = (requestedDeadline.getTime() - now.getTime()) / HOUR;
  if (requestedDeadline.getTime() === currentDeadline.getTime()) return { ok: false, field: 'deadline', reason: 'is the current deadline' };
  if (hoursLeft < list.limits.minDeadlineHours)
    return { ok: false, field: 'deadline', reason: `must be at least ${list.limits.minDeadlineHours} hours away` };
  if (hoursLeft > list.limits.maxDeadlineHours)
    return { ok: false, field: 'deadline', reason: `must be at most ${list.limits.maxDeadlineHours} hours away` };

  const paidBand = deadlineBandFor(list.deadlineBands, input.paidBandMaxHours);
  const writer = writerDeadlineAfterChange(now, requestedDeadline);
  if (requestedDeadline.getTime() > currentDeadline.getTime()) {
    return { ok: true, kind: 'extend', chargeCents: 0, paidBand, writerDeadline: writer };
  }
  const neededBand = deadlineBandFor(list.deadlineBands, hoursLeft);
  if (neededBand.multiplierBp <= paidBand.multiplierBp) {
    return { ok: true, kind: 'shorten', chargeCents: 0, paidBand, writerDeadline: writer };
  }
  const priceAt = (band: DeadlineBand) => priceQuote(list, { ...input.quoteInput, deadlineHours: band.maxHours }).totalCents;
  return { ok: true, kind: 'shorten', chargeCents: priceAt(neededBand) - priceAt(paidBand), paidBand: neededBand, writerDeadline: writer };
}

/**
 * RULES.md gives the writer 80 % of the time from placing to the deadline; after a change the
 * same 80 % applies to the time left from now, so a late shortening never puts the writer
 * deadline in the past and the client's margin stays a fifth of what remains.
 */
export function writerDeadlineAfterChange(now: Date, clientDeadline: Date): Date {
  return writerDeadline(now, clientDeadline);
}
