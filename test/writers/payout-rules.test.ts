import { describe, expect, it } from 'vitest';
import { advanceAvailable, canMovePayout, duePeriod, FORTNIGHT_ANCHOR, nextPayoutDate, periodAt } from '../../src/writers/payouts/rules.js';

const at = (iso: string) => new Date(iso);

describe('payout periods (UTC)', () => {
  it('a monthly period is the calendar month; the due one is the month before', () => {
    expect(periodAt('monthly', at('2026-03-15T10:00:00Z'))).toEqual({ start: at('2026-03-01T00:00:00Z'), end: at('2026-04-01T00:00:00Z') });
    expect(duePeriod('monthly', at('2026-03-01T00:00:00Z'))).toEqual({
      start: at('2026-02-01T00:00:00Z'),
      end: at('2026-03-01T00:00:00Z'),
    });
    expect(duePeriod('monthly', at('2026-01-10T00:00:00Z'))).toEqual({
      start: at('2025-12-01T00:00:00Z'),
      end: at('2026-01-01T00:00:00Z'),
    });
    expect(nextPayoutDate('monthly', at('2026-12-31T23:59:59Z'))).toEqual(at('2027-01-01T00:00:00Z'));
  });

  it('fortnights are counted from the anchor Monday, each 14 days, before it too', () => {
    expect(periodAt('fortnightly', FORTNIGHT_ANCHOR)).toEqual({ start: FORTNIGHT_ANCHOR, end: at('2024-01-15T00:00:00Z') });
    expect(periodAt('fortnightly', at('2024-01-14T23:59:59.999Z')).start).toEqual(FORTNIGHT_ANCHOR);
    expect(periodAt('fortnightly', at('2024-01-15T00:00:00Z')).start).toEqual(at('2024-01-15T00:00:00Z'));
    expect(periodAt('fortnightly', at('2023-12-31T00:00:00Z'))).toEqual({ start: at('2023-12-18T00:00:00Z'), end: FORTNIGHT_ANCHOR });
    expect(duePeriod('fortnightly', at('2024-01-20T00:00:00Z'))).toEqual({ start: FORTNIGHT_ANCHOR, end: at('2024-01-15T00:00:00Z') });
  });
});

describe('advance cap and batch transitions', () => {
  it('caps an advance at the share of total earned minus outstanding advances, never below 0', () => {
    expect(advanceAvailable(10_000, 0, 3_000)).toBe(3_000);
    expect(advanceAvailable(10_000, 1_000, 3_000)).toBe(2_000);
    expect(advanceAvailable(10_000, 5_000, 3_000)).toBe(0);
    expect(advanceAvailable(999, 0, 3_000)).toBe(299);
  });

  it('pays a pending batch once, reverses only a paid one, never changes a reversed one', () => {
    expect(canMovePayout('pending', 'paid')).toBe(true);
    expect(canMovePayout('paid', 'paid')).toBe(false);
    expect(canMovePayout('pending', 'reversed')).toBe(false);
    expect(canMovePayout('paid', 'reversed')).toBe(true);
    expect(canMovePayout('reversed', 'paid')).toBe(false);
  });
});
