import { z } from 'zod';
import type { RateCard } from '../rules.js';

/**
 * Pure rules of writer levels (RULES.md "Writers"): a level's terms (rate card, capacity, urgency,
 * tip share) and the thresholds that promote a writer to it or demote them from it. No I/O.
 * Rates and shares in basis points (10_000 = 100 %), ratings in hundredths of a star.
 */
export const levelTermsSchema = z
  .object({
    name: z.string().trim().min(1).max(40),
    rank: z.number().int().min(0).max(100),
    pageCents: z.number().int().min(0).max(100_000),
    slideCents: z.number().int().min(0).max(100_000),
    chartCents: z.number().int().min(0).max(100_000),
    maxActiveOrders: z.number().int().min(0).max(1_000),
    urgentWithinHours: z.number().int().min(0).max(720),
    urgentPageCents: z.number().int().min(0).max(100_000),
    urgentMultiplierBp: z.number().int().min(10_000).max(30_000),
    tipShareBp: z.number().int().min(0).max(10_000),
    minCompletedOrders: z.number().int().min(0).max(1_000_000),
    minCompositeBp: z.number().int().min(0).max(10_000),
    minRatingCenti: z.number().int().min(0).max(500),
    minCompletionBp: z.number().int().min(0).max(10_000),
    maxRevisionBp: z.number().int().min(0).max(10_000),
    maxLatenessBp: z.number().int().min(0).max(10_000),
    maxDisputeBp: z.number().int().min(0).max(10_000),
    maxCancellationBp: z.number().int().min(0).max(10_000),
  })
  .strict();
export type LevelTerms = z.infer<typeof levelTermsSchema>;

const level = (
  name: string,
  rank: number,
  pageCents: number,
  maxActiveOrders: number,
  urgentWithinHours: number,
  urgentPageCents: number,
  urgentMultiplierBp: number,
  tipShareBp: number,
  minCompletedOrders: number,
  thresholds: Pick<
    LevelTerms,
    'minCompositeBp' | 'minRatingCenti' | 'minCompletionBp' | 'maxRevisionBp' | 'maxLatenessBp' | 'maxDisputeBp' | 'maxCancellationBp'
  >,
): LevelTerms => ({
  name,
  rank,
  pageCents,
  // RULES.md gives no slide or chart rate a level: $1.00 each, as the earnings' default card.
  slideCents: 100,
  chartCents: 100,
  maxActiveOrders,
  urgentWithinHours,
  urgentPageCents,
  urgentMultiplierBp,
  tipShareBp,
  minCompletedOrders,
  ...thresholds,
});

/**
 * RULES.md's levels table. It names the minimum completed orders only; the other thresholds are
 * our defaults (editable per website): each level asks more and tolerates less than the one below.
 * The lowest level has no thresholds (nobody is promoted to it, nobody demoted from it).
 * Keep in step with migrations/20261207000300-writer-levels.ts, which seeds existing websites.
 */
export const DEFAULT_LEVELS: readonly LevelTerms[] = [
  level('Entry', 0, 200, 3, 6, 100, 11_000, 9_000, 0, {
    minCompositeBp: 0,
    minRatingCenti: 0,
    minCompletionBp: 0,
    maxRevisionBp: 10_000,
    maxLatenessBp: 10_000,
    maxDisputeBp: 10_000,
    maxCancellationBp: 10_000,
  }),
  level('Standard', 1, 350, 6, 6, 200, 11_500, 9_000, 10, {
    minCompositeBp: 7_000,
    minRatingCenti: 400,
    minCompletionBp: 8_000,
    maxRevisionBp: 3_000,
    maxLatenessBp: 2_000,
    maxDisputeBp: 1_000,
    maxCancellationBp: 1_500,
  }),
  level('Senior', 2, 500, 10, 4, 300, 12_000, 9_200, 50, {
    minCompositeBp: 8_000,
    minRatingCenti: 430,
    minCompletionBp: 9_000,
    maxRevisionBp: 2_500,
    maxLatenessBp: 1_500,
    maxDisputeBp: 800,
    maxCancellationBp: 1_000,
  }),
  level('Expert', 3, 700, 15, 3, 500, 12_500, 9_500, 150, {
    minCompositeBp: 8_800,
    minRatingCenti: 460,
    minCompletionBp: 9_500,
    maxRevisionBp: 2_000,
    maxLatenessBp: 1_000,
    maxDisputeBp: 500,
    maxCancellationBp: 800,
  }),
];

/** The rate card a writer of this level is paid by (frozen on an order at assignment). */
export function rateCardOfLevel(terms: LevelTerms): RateCard {
  return {
    level: terms.name,
    pageCents: terms.pageCents,
    slideCents: terms.slideCents,
    chartCents: terms.chartCents,
    urgentWithinHours: terms.urgentWithinHours,
    urgentPageCents: terms.urgentPageCents,
    urgentMultiplierBp: terms.urgentMultiplierBp,
  };
}

/** The lowest-ranked level: every writer's level until an evaluation says otherwise. */
export function lowestLevel<L extends Pick<LevelTerms, 'rank'>>(levels: readonly L[]): L | undefined {
  return [...levels].sort((a, b) => a.rank - b.rank)[0];
}

/** The restriction in force among a writer's active warnings: suspension over probation; a plain warning restricts nothing. */
export function restrictionAmong<W extends { kind: 'warning' | 'probation' | 'suspension'; endsAt: Date }>(
  warnings: readonly W[],
  now: Date,
): (W & { kind: 'probation' | 'suspension' }) | null {
  const live = warnings.filter((w) => w.endsAt.getTime() > now.getTime());
  const pick = (kind: 'probation' | 'suspension') =>
    live.filter((w) => w.kind === kind).sort((a, b) => b.endsAt.getTime() - a.endsAt.getTime())[0] as
      (W & { kind: 'probation' | 'suspension' }) | undefined;
  return pick('suspension') ?? pick('probation') ?? null;
}
