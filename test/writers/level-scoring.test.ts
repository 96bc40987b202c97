import { describe, expect, it } from 'vitest';
import { DEFAULT_LEVELS, restrictionAmong } from '../../src/writers/levels/rules.js';
import { compositeScore, decideLevel, periodRates, type EvaluatedPeriod, type PeriodCounts } from '../../src/writers/levels/scoring.js';

const counts = (patch: Partial<PeriodCounts> = {}): PeriodCounts => ({
  completed: 10,
  cancelled: 0,
  delivered: 10,
  deliveredLate: 0,
  revised: 0,
  disputed: 0,
  ratingCenti: null,
  completedTotal: 12,
  ...patch,
});
const period = (patch: Partial<PeriodCounts> = {}): EvaluatedPeriod => {
  const c = counts(patch);
  const rates = periodRates(c);
  return { rates, scoreBp: compositeScore(rates, c.ratingCenti).scoreBp, ratingCenti: c.ratingCenti, completedTotal: c.completedTotal };
};

describe('period rates and the composite score (RULES.md "Writers")', () => {
  it('rates a period from what the writer closed and delivered', () => {
    expect(periodRates(counts({ completed: 8, cancelled: 2, delivered: 10, deliveredLate: 1, revised: 2, disputed: 1 }))).toEqual({
      completionBp: 8_000,
      latenessBp: 1_000,
      revisionBp: 2_500,
      disputeBp: 1_000,
      cancellationBp: 2_000,
      active: true,
    });
    expect(periodRates(counts({ completed: 0, delivered: 0, completedTotal: 0 }))).toMatchObject({ completionBp: 10_000, active: false });
  });

  it('weighs rating 0.40, completion 0.25, on-time 0.15, revisions 0.10, disputes 0.05, cancellations 0.05', () => {
    const rates = periodRates(counts({ completed: 8, cancelled: 2, delivered: 10, deliveredLate: 1, revised: 2, disputed: 1 }));
    // With a rating of 4.5 (9,000): 0.4×9000 + 0.25×8000 + 0.15×9000 + 0.1×7500 + 0.05×9000 + 0.05×8000 = 8,550.
    expect(compositeScore(rates, 450).scoreBp).toBe(8_550);
    // Without reviews the rating's 0.40 is spread: (8550 − 3600) / 0.6 = 8,250.
    const reweighted = compositeScore(rates, null);
    expect(reweighted.scoreBp).toBe(8_250);
    expect(reweighted.parts.rating).toEqual({ valueBp: null, weight: 0 });
    expect(reweighted.parts.completion.weight).toBeCloseTo(0.25 / 0.6);
  });
});

describe('the level decision: one level at a time', () => {
  it('promotes one level when every threshold of the next holds over the last two periods', () => {
    expect(decideLevel(DEFAULT_LEVELS, 0, period(), period())).toEqual({ decision: 'promote', toRank: 1 });
    // Even a record good enough for Expert moves one level.
    const stellar = period({ completed: 40, delivered: 40, completedTotal: 500 });
    expect(decideLevel(DEFAULT_LEVELS, 1, stellar, stellar)).toEqual({ decision: 'promote', toRank: 2 });
  });

  it('holds without a previous period, on an idle period, or when a threshold misses in either period', () => {
    expect(decideLevel(DEFAULT_LEVELS, 0, period(), null)).toEqual({ decision: 'hold', missed: ['previousPeriod'] });
    expect(decideLevel(DEFAULT_LEVELS, 0, period(), period({ completed: 0, delivered: 0 }))).toMatchObject({
      decision: 'hold',
      missed: expect.arrayContaining(['activity']),
    });
    expect(decideLevel(DEFAULT_LEVELS, 0, period({ completedTotal: 9 }), period())).toEqual({
      decision: 'hold',
      missed: ['completedOrders'],
    });
    expect(decideLevel(DEFAULT_LEVELS, 0, period(), period({ completed: 7, cancelled: 3 }))).toMatchObject({
      decision: 'hold',
      missed: expect.arrayContaining(['completion']),
    });
    expect(decideLevel(DEFAULT_LEVELS, 0, period({ ratingCenti: 390 }), period())).toEqual({ decision: 'hold', missed: ['rating'] });
    expect(decideLevel(DEFAULT_LEVELS, 3, period(), period())).toEqual({ decision: 'hold', missed: [] });
  });

  it('demotes one level when the latest period breaches a maximum of the current level; the lowest level stays', () => {
    const late = period({ delivered: 10, deliveredLate: 3 }); // 30 % late: Standard allows 20 %
    expect(decideLevel(DEFAULT_LEVELS, 1, late, period())).toEqual({ decision: 'demote', toRank: 0, breached: ['lateness'] });
    expect(decideLevel(DEFAULT_LEVELS, 3, period({ disputed: 1, cancelled: 1 }), null)).toEqual({
      decision: 'demote',
      toRank: 2,
      breached: ['dispute', 'cancellation'],
    });
    expect(decideLevel(DEFAULT_LEVELS, 0, late, null)).toEqual({ decision: 'hold', missed: ['previousPeriod'] });
  });
});

describe('the restriction in force', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const at = (days: number) => new Date(now.getTime() + days * 86_400_000);
  it('is a live suspension before a probation; a warning or an ended one restricts nothing', () => {
    expect(restrictionAmong([{ kind: 'warning', endsAt: at(5) }], now)).toBeNull();
    expect(restrictionAmong([{ kind: 'probation', endsAt: at(-1) }], now)).toBeNull();
    expect(
      restrictionAmong(
        [
          { kind: 'probation', endsAt: at(9) },
          { kind: 'suspension', endsAt: at(2) },
        ],
        now,
      ),
    ).toEqual({ kind: 'suspension', endsAt: at(2) });
  });
});
