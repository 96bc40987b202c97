import type { LevelTerms } from './rules.js';

/**
 * Pure rules of the weekly evaluation (RULES.md "Writers"): a period's rates, the composite score,
 * and the one-level-at-a-time decision. Rates and scores in basis points (10_000 = 100 %).
 */

/** What one writer did in one evaluation period (orders closed in it), and their lifetime completed count at its end. */
export interface PeriodCounts {
  completed: number;
  cancelled: number;
  delivered: number;
  deliveredLate: number;
  /** Completed orders of the period that had at least one revision. */
  revised: number;
  /** Orders closed (completed or cancelled) in the period that were ever disputed. */
  disputed: number;
  /** Average rating in hundredths of a star, or null while there are no reviews. */
  ratingCenti: number | null;
  completedTotal: number;
}

export interface PeriodRates {
  completionBp: number;
  latenessBp: number;
  revisionBp: number;
  disputeBp: number;
  cancellationBp: number;
  /** Whether the writer closed or delivered anything in the period (an idle period proves nothing). */
  active: boolean;
}

const rate = (part: number, whole: number): number => (whole > 0 ? Math.round((part * 10_000) / whole) : 0);

export function periodRates(c: PeriodCounts): PeriodRates {
  const closed = c.completed + c.cancelled;
  return {
    completionBp: closed > 0 ? rate(c.completed, closed) : 10_000,
    latenessBp: rate(c.deliveredLate, c.delivered),
    revisionBp: rate(c.revised, c.completed),
    disputeBp: rate(c.disputed, closed),
    cancellationBp: rate(c.cancelled, closed),
    active: closed + c.delivered > 0,
  };
}

/** RULES.md's weights; the rating's share is spread over the others (by their weights) while there are no reviews. */
export const SCORE_WEIGHTS = { rating: 0.4, completion: 0.25, onTime: 0.15, lowRevisions: 0.1, lowDisputes: 0.05, lowCancellations: 0.05 };
export type ScorePart = keyof typeof SCORE_WEIGHTS;

export interface CompositeScore {
  scoreBp: number;
  /** Each part's value (bp) and the weight it counted with (reweighted without a rating). */
  parts: Record<ScorePart, { valueBp: number | null; weight: number }>;
}

export function compositeScore(rates: PeriodRates, ratingCenti: number | null): CompositeScore {
  const values: Record<ScorePart, number | null> = {
    rating: ratingCenti === null ? null : Math.round((ratingCenti * 10_000) / 500),
    completion: rates.completionBp,
    onTime: 10_000 - rates.latenessBp,
    lowRevisions: 10_000 - rates.revisionBp,
    lowDisputes: 10_000 - rates.disputeBp,
    lowCancellations: 10_000 - rates.cancellationBp,
  };
  const counted = (Object.keys(values) as ScorePart[]).filter((k) => values[k] !== null);
  const total = counted.reduce((sum, k) => sum + SCORE_WEIGHTS[k], 0);
  const parts = Object.fromEntries(
    (Object.keys(values) as ScorePart[]).map((k) => [k, { valueBp: values[k], weight: values[k] === null ? 0 : SCORE_WEIGHTS[k] / total }]),
  ) as CompositeScore['parts'];
  const scoreBp = Math.round(counted.reduce((sum, k) => sum + values[k]! * parts[k].weight, 0));
  return { scoreBp, parts };
}

/** One evaluated period, as the decision reads it. */
export interface EvaluatedPeriod {
  rates: PeriodRates;
  scoreBp: number;
  ratingCenti: number | null;
  completedTotal: number;
}

type Thresholds = Pick<
  LevelTerms,
  | 'rank'
  | 'minCompositeBp'
  | 'minRatingCenti'
  | 'minCompletionBp'
  | 'minCompletedOrders'
  | 'maxRevisionBp'
  | 'maxLatenessBp'
  | 'maxDisputeBp'
  | 'maxCancellationBp'
>;

/** Which of a level's thresholds a period misses (empty: it qualifies). The rating counts only once there are reviews. */
export function missedThresholds(period: EvaluatedPeriod, level: Thresholds): string[] {
  const missed: string[] = [];
  if (!period.rates.active) missed.push('activity');
  if (period.scoreBp < level.minCompositeBp) missed.push('composite');
  if (period.ratingCenti !== null && period.ratingCenti < level.minRatingCenti) missed.push('rating');
  if (period.rates.completionBp < level.minCompletionBp) missed.push('completion');
  if (period.completedTotal < level.minCompletedOrders) missed.push('completedOrders');
  return missed;
}

/** Which of a level's maxima a period breaches (empty: none). */
export function breachedMaxima(rates: PeriodRates, level: Thresholds): string[] {
  const breached: string[] = [];
  if (rates.revisionBp > level.maxRevisionBp) breached.push('revision');
  if (rates.latenessBp > level.maxLatenessBp) breached.push('lateness');
  if (rates.disputeBp > level.maxDisputeBp) breached.push('dispute');
  if (rates.cancellationBp > level.maxCancellationBp) breached.push('cancellation');
  return breached;
}

export type LevelDecision =
  | { decision: 'promote'; toRank: number }
  | { decision: 'demote'; toRank: number; breached: string[] }
  | { decision: 'hold'; missed: string[] };

/**
 * RULES.md: demote one level when the latest period breaches a maximum of the writer's level;
 * promote one level when every threshold of the next level holds over the last two periods;
 * otherwise hold. `levels` is the website's table; the writer is at `currentRank`.
 */
export function decideLevel(
  levels: readonly Thresholds[],
  currentRank: number,
  latest: EvaluatedPeriod,
  previous: EvaluatedPeriod | null,
): LevelDecision {
  const sorted = [...levels].sort((a, b) => a.rank - b.rank);
  const index = sorted.findIndex((l) => l.rank === currentRank);
  const current = sorted[index];
  if (!current) return { decision: 'hold', missed: ['level'] };
  const breached = breachedMaxima(latest.rates, current);
  if (index > 0 && breached.length) return { decision: 'demote', toRank: sorted[index - 1]!.rank, breached };
  const next = sorted[index + 1];
  if (!next) return { decision: 'hold', missed: [] };
  if (!previous) return { decision: 'hold', missed: ['previousPeriod'] };
  const missed = [...new Set([...missedThresholds(latest, next), ...missedThresholds(previous, next)])];
  return missed.length ? { decision: 'hold', missed } : { decision: 'promote', toRank: next.rank };
}
