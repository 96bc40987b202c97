import { describe, expect, it } from 'vitest';
import { websiteSettingsSchema } from '../../src/tenancy/rules.js';
import { registerSettingsSection } from '../../src/tenancy/settings.js';
import { writerSettings } from '../../src/writers/settings.js';
import {
  canMoveEarning,
  completionSplit,
  computeEarning,
  DEFAULT_RATE_CARD,
  isUrgentForWriter,
  maturesAt,
  maturitySplit,
  type RateCard,
} from '../../src/writers/rules.js';
import { DEFAULT_LEVELS, levelTermsSchema, rateCardOfLevel } from '../../src/writers/levels/rules.js';

const HOUR = 3_600_000;
const assignedAt = new Date('2026-11-01T00:00:00Z');
const work = (hours: number | null, patch: Partial<{ pages: number; slides: number; charts: number }> = {}) => ({
  pages: 3,
  slides: 0,
  charts: 0,
  ...patch,
  assignedAt,
  deadline: hours === null ? null : new Date(assignedAt.getTime() + hours * HOUR),
});

describe('an order\'s earning (RULES.md "Writers")', () => {
  it('is pages × rate + slides × slide rate + charts × chart rate when not urgent', () => {
    expect(computeEarning(work(72, { slides: 2, charts: 1 }), DEFAULT_RATE_CARD)).toEqual({
      rateCard: DEFAULT_RATE_CARD,
      baseCents: 3 * 200 + 2 * 100 + 100,
      urgent: false,
      urgentCents: 0,
      totalCents: 900,
    });
  });

  it('adds pages × surcharge + base × (multiplier − 1) when the writer had at most the threshold', () => {
    // Entry: within 6 h, +$1 a page and ×1.10: 600 + (300 + 60).
    expect(computeEarning(work(6), DEFAULT_RATE_CARD)).toMatchObject({ baseCents: 600, urgent: true, urgentCents: 360, totalCents: 960 });
    expect(computeEarning(work(6 + 1 / 3_600_000), DEFAULT_RATE_CARD)).toMatchObject({ urgent: false, totalCents: 600 });
  });

  it("rounds the multiplier's share half-up to the cent", () => {
    const card: RateCard = { ...DEFAULT_RATE_CARD, pageCents: 205, urgentPageCents: 0 };
    expect(computeEarning(work(1, { pages: 1 }), card)).toMatchObject({ baseCents: 205, urgentCents: 21, totalCents: 226 }); // 20.5 -> 21
  });

  it('is never urgent without a deadline or an assignment', () => {
    expect(isUrgentForWriter({ deadline: null, assignedAt }, DEFAULT_RATE_CARD)).toBe(false);
    expect(isUrgentForWriter({ deadline: new Date(), assignedAt: null }, DEFAULT_RATE_CARD)).toBe(false);
  });
});

describe('settling a completed order', () => {
  it('gives the platform the escrow beyond the earning at approval and holds the earning', () => {
    expect(completionSplit(10_000, 900)).toEqual({ revenueCents: 9_100, heldCents: 900 });
    expect(completionSplit(500, 900)).toEqual({ revenueCents: 0, heldCents: 500 });
    expect(completionSplit(0, 900)).toEqual({ revenueCents: 0, heldCents: 0 });
    expect(completionSplit(10_000, 0)).toEqual({ revenueCents: 10_000, heldCents: 0 });
  });

  it('pays a matured earning from the escrow first, the rest from revenue', () => {
    expect(maturitySplit(900, 900)).toEqual({ fromEscrowCents: 900, fromRevenueCents: 0 });
    expect(maturitySplit(900, 500)).toEqual({ fromEscrowCents: 500, fromRevenueCents: 400 });
    expect(maturitySplit(900, 0)).toEqual({ fromEscrowCents: 0, fromRevenueCents: 900 });
  });

  it('matures after the hold, and moves only forward', () => {
    expect(maturesAt(assignedAt, 14)).toEqual(new Date('2026-11-15T00:00:00Z'));
    expect(canMoveEarning('pending', 'matured')).toBe(true);
    expect(canMoveEarning('matured', 'pending')).toBe(false);
    expect(canMoveEarning('paid', 'matured')).toBe(false);
  });
});

describe('the rate card comes from the writer level (no longer from website settings)', () => {
  // The writers' section, as src/wiring.ts registers it at boot.
  registerSettingsSection(writerSettings);

  it("the Entry level's card is RULES.md's Entry card; a level refuses a multiplier under 1 naming the field", () => {
    expect(rateCardOfLevel(DEFAULT_LEVELS[0]!)).toEqual(DEFAULT_RATE_CARD);
    expect(websiteSettingsSchema.parse({})).toMatchObject({ earningHoldDays: 14 });
    expect(websiteSettingsSchema.safeParse({ writerRateCard: DEFAULT_RATE_CARD }).success).toBe(false);
    const refused = levelTermsSchema.safeParse({ ...DEFAULT_LEVELS[0], urgentMultiplierBp: 9_000 });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['urgentMultiplierBp']);
  });
});
