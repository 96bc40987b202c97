import { describe, expect, it } from 'vitest';
import {
  campaignDateProblem,
  campaignRoi,
  CODE_ALPHABET,
  decideCampaignTransition,
  generatedCode,
} from '../../src/discounts/campaign-rules.js';
import {
  applyStackingPolicy,
  automaticSources,
  discountAmount,
  evaluateCode,
  lifetimeSpendTierBp,
  normaliseCode,
  REFUSAL_MESSAGES,
  releasesOnCancellation,
  type CheckoutContext,
  type CodeTerms,
  type DiscountSource,
} from '../../src/discounts/rules.js';
import { DEFAULT_DISCOUNT_SETTINGS, discountSettingsSchema } from '../../src/discounts/settings.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const HOUR = 3_600_000;

const terms = (patch: Partial<CodeTerms> = {}): CodeTerms => ({
  id: 1,
  code: 'SPRING10',
  kind: 'percentage',
  percentBp: 1_000,
  valueCents: null,
  capCents: null,
  validFrom: null,
  validUntil: null,
  minSubtotalCents: 0,
  minLifetimeSpendCents: 0,
  usageLimitTotal: null,
  usageLimitPerClient: null,
  eligibleClientIds: [],
  firstOrderOnly: false,
  active: true,
  usesCount: 0,
  campaign: null,
  ...patch,
});

const checkout = (patch: Partial<CheckoutContext> = {}): CheckoutContext => ({
  subtotalCents: 10_000,
  now: NOW,
  clientId: 7,
  lifetimeSpendCents: 0,
  priorOrders: 0,
  clientUsesOfCode: 0,
  ...patch,
});

describe('evaluateCode: one refusal reason per failing condition', () => {
  it.each<[string, CodeTerms | null, Partial<CheckoutContext>]>([
    ['unknown', null, {}],
    ['inactive', terms({ active: false }), {}],
    ['campaign_not_active', terms({ campaign: { status: 'paused', startsAt: null, endsAt: null } }), {}],
    ['campaign_not_active', terms({ campaign: { status: 'scheduled', startsAt: new Date(NOW.getTime() + HOUR), endsAt: null } }), {}],
    ['campaign_not_active', terms({ campaign: { status: 'active', startsAt: null, endsAt: new Date(NOW.getTime() - 1) } }), {}],
    ['campaign_not_active', terms({ campaign: { status: 'ended', startsAt: null, endsAt: null } }), {}],
    ['not_started', terms({ validFrom: new Date(NOW.getTime() + 1) }), {}],
    ['expired', terms({ validUntil: NOW }), {}],
    ['expired', terms({ validUntil: new Date(NOW.getTime() - HOUR) }), {}],
    ['not_eligible', terms({ eligibleClientIds: [8, 9] }), { clientId: 7 }],
    ['not_eligible', terms({ eligibleClientIds: [7] }), { clientId: null }],
    ['first_order_only', terms({ firstOrderOnly: true }), { priorOrders: 1 }],
    ['below_min_subtotal', terms({ minSubtotalCents: 10_001 }), {}],
    ['below_lifetime_spend', terms({ minLifetimeSpendCents: 50_000 }), { lifetimeSpendCents: 49_999 }],
    ['usage_limit_reached', terms({ usageLimitTotal: 5, usesCount: 5 }), {}],
    ['per_client_limit_reached', terms({ usageLimitPerClient: 1 }), { clientUsesOfCode: 1 }],
  ])('refuses with %s', (reason, code, context) => {
    expect(evaluateCode(code, checkout(context))).toEqual({
      ok: false,
      reason,
      message: REFUSAL_MESSAGES[reason as keyof typeof REFUSAL_MESSAGES],
    });
  });

  it.each<[string, Partial<CodeTerms>, Partial<CheckoutContext>, number]>([
    ['a plain 10 %', {}, {}, 1_000],
    ['exactly at the minimum subtotal', { minSubtotalCents: 10_000 }, {}, 1_000],
    ['exactly at the lifetime minimum', { minLifetimeSpendCents: 500 }, { lifetimeSpendCents: 500 }, 1_000],
    ['with one use left', { usageLimitTotal: 5, usesCount: 4 }, {}, 1_000],
    ['an eligible client', { eligibleClientIds: [7] }, {}, 1_000],
    ['a first order', { firstOrderOnly: true }, { priorOrders: 0 }, 1_000],
    ['inside its window', { validFrom: new Date(NOW.getTime() - HOUR), validUntil: new Date(NOW.getTime() + 1) }, {}, 1_000],
    ['in an active campaign', { campaign: { status: 'active', startsAt: null, endsAt: new Date(NOW.getTime() + HOUR) } }, {}, 1_000],
    ['a fixed amount', { kind: 'fixed', percentBp: null, valueCents: 2_500 }, {}, 2_500],
    ['a capped percentage', { percentBp: 5_000, capCents: 3_000 }, {}, 3_000],
    ['a fixed amount above the subtotal', { kind: 'fixed', percentBp: null, valueCents: 50_000 }, {}, 10_000],
  ])('applies %s', (_name, patch, context, amountCents) => {
    expect(evaluateCode(terms(patch), checkout(context))).toEqual({ ok: true, amountCents });
  });
});

describe('discountAmount', () => {
  it.each([
    [{ kind: 'percentage', percentBp: 1_250, valueCents: null, capCents: null }, 999, 125], // 124.875 -> 125 (half-up)
    [{ kind: 'percentage', percentBp: 1_500, valueCents: null, capCents: null }, 5_290, 794], // 793.5 -> 794
    [{ kind: 'percentage', percentBp: 1_500, valueCents: null, capCents: 500 }, 5_290, 500],
    [{ kind: 'percentage', percentBp: 10_000, valueCents: null, capCents: null }, 4_321, 4_321],
    [{ kind: 'fixed', percentBp: null, valueCents: 1_000, capCents: 700 }, 5_000, 700],
    [{ kind: 'fixed', percentBp: null, valueCents: 1_000, capCents: null }, 600, 600],
    [{ kind: 'fixed', percentBp: null, valueCents: 1_000, capCents: null }, 0, 0],
  ] as const)('%j on %i cents -> %i', (code, subtotal, amount) => {
    expect(discountAmount(code, subtotal)).toBe(amount);
  });
});

describe('automatic sources', () => {
  const auto = (patch: Partial<CheckoutContext> & { loyaltyTier?: string } = {}) =>
    automaticSources(DEFAULT_DISCOUNT_SETTINGS, { ...checkout(patch), loyaltyTier: patch.loyaltyTier ?? 'bronze' });

  it('gives a first order 15 % by default, and nothing to a returning bronze client with little spend', () => {
    expect(auto()).toEqual([{ source: 'first_order', amountCents: 1_500, label: 'First order 15 %' }]);
    expect(auto({ priorOrders: 2, lifetimeSpendCents: 9_999 })).toEqual([]);
  });

  it.each([
    [9_999, 0],
    [10_000, 300],
    [24_999, 300],
    [25_000, 500],
    [50_000, 700],
    [100_000, 1_000],
    [200_000, 1_200],
    [350_000, 1_500],
    [499_999, 1_500],
    [500_000, 1_800],
    [5_000_000, 1_800],
  ])('lifetime spend %i cents -> %i bp (RULES.md tiers)', (spend, bp) => {
    expect(lifetimeSpendTierBp(DEFAULT_DISCOUNT_SETTINGS.lifetimeSpendTiers, spend)).toBe(bp);
  });

  it('adds the loyalty tier and the lifetime-spend tier as separate sources', () => {
    expect(auto({ priorOrders: 3, lifetimeSpendCents: 30_000, loyaltyTier: 'Gold' })).toEqual([
      { source: 'loyalty', amountCents: 700, label: 'Loyalty (gold) 7 %' },
      { source: 'lifetime_spend', amountCents: 500, label: 'Lifetime spend 5 %' },
    ]);
  });

  it('reads the website settings with the RULES.md defaults and refuses nonsense', () => {
    expect(DEFAULT_DISCOUNT_SETTINGS).toMatchObject({
      firstOrderBp: 1_500,
      stacking: { policy: 'best_only', maxSources: 2, capBp: 3_000 },
    });
    expect(DEFAULT_DISCOUNT_SETTINGS.loyaltyTierBp).toEqual({ bronze: 0, silver: 300, gold: 700, platinum: 1_200 });
    expect(discountSettingsSchema.safeParse({ firstOrderBp: 20_000 }).success).toBe(false);
    expect(discountSettingsSchema.safeParse({ stacking: { policy: 'all' } }).success).toBe(false);
  });
});

describe('the stacking policy', () => {
  const src = (source: DiscountSource['source'], amountCents: number): DiscountSource => ({
    source,
    amountCents,
    label: source,
    ...(source === 'code' ? { code: 'X' } : {}),
  });
  const best = { policy: 'best_only', maxSources: 2, capBp: 3_000 } as const;
  const stack = (maxSources = 2, capBp = 3_000) => ({ policy: 'stack', maxSources, capBp }) as const;

  it('best_only: the largest single source wins', () => {
    const result = applyStackingPolicy([src('first_order', 1_500), src('code', 1_000), src('lifetime_spend', 300)], 10_000, best);
    expect(result).toEqual({ policy: 'best_only', sources: [src('first_order', 1_500)], totalDiscountCents: 1_500 });
  });

  it('best_only: a tie goes to the code the client typed, whatever the order given', () => {
    expect(applyStackingPolicy([src('first_order', 1_500), src('code', 1_500)], 10_000, best).sources).toEqual([src('code', 1_500)]);
    expect(applyStackingPolicy([src('code', 1_500), src('first_order', 1_500)], 10_000, best).sources).toEqual([src('code', 1_500)]);
  });

  it('best_only: nothing to apply gives nothing', () => {
    expect(applyStackingPolicy([], 10_000, best)).toEqual({ policy: 'best_only', sources: [], totalDiscountCents: 0 });
    expect(applyStackingPolicy([src('code', 0)], 10_000, best).sources).toEqual([]);
  });

  it('stack: at most N sources, largest first', () => {
    const result = applyStackingPolicy([src('lifetime_spend', 300), src('first_order', 1_500), src('code', 1_000)], 10_000, stack(2));
    expect(result.sources).toEqual([src('first_order', 1_500), src('code', 1_000)]);
    expect(result.totalDiscountCents).toBe(2_500);
    expect(
      applyStackingPolicy([src('lifetime_spend', 300), src('first_order', 1_500), src('code', 1_000)], 10_000, stack(3)).totalDiscountCents,
    ).toBe(2_800);
    expect(applyStackingPolicy([src('lifetime_spend', 300), src('first_order', 1_500)], 10_000, stack(1)).sources).toEqual([
      src('first_order', 1_500),
    ]);
  });

  it('stack: the total is capped at the share of the subtotal; the last source is cut to fit', () => {
    const result = applyStackingPolicy([src('first_order', 1_500), src('code', 2_000)], 10_000, stack(2, 3_000));
    expect(result.totalDiscountCents).toBe(3_000);
    expect(result.sources).toEqual([src('code', 2_000), { ...src('first_order', 1_000), label: 'first_order (capped)' }]);
    const single = applyStackingPolicy([src('code', 5_000)], 10_000, stack(2, 3_000));
    expect(single.sources).toEqual([{ ...src('code', 3_000), label: 'code (capped)' }]);
  });

  it('stack: a tie orders the code first, so the cap cuts the automatic source', () => {
    const result = applyStackingPolicy([src('first_order', 2_000), src('code', 2_000)], 10_000, stack(2, 3_000));
    expect(result.sources.map((s) => [s.source, s.amountCents])).toEqual([
      ['code', 2_000],
      ['first_order', 1_000],
    ]);
  });

  it('never gives more than the subtotal', () => {
    expect(applyStackingPolicy([src('code', 900)], 500, best).totalDiscountCents).toBe(500);
    expect(applyStackingPolicy([src('code', 400), src('first_order', 400)], 500, stack(2, 10_000)).totalDiscountCents).toBe(500);
  });
});

describe('codes, cancellations and campaigns', () => {
  it('normalises what a client types and refuses what cannot be a code', () => {
    expect(normaliseCode('  spring10 ')).toBe('SPRING10');
    expect(normaliseCode('ab')).toBeNull();
    expect(normaliseCode("x' OR 1=1 --")).toBeNull();
    expect(normaliseCode('a'.repeat(41))).toBeNull();
  });

  it.each([
    ['draft', null, true],
    ['pending_payment', null, true],
    ['ready_for_staffing', null, true],
    ['pending_writer_acceptance', null, true],
    ['pending_cancellation', 'ready_for_staffing', true],
    ['pending_cancellation', 'in_progress', false],
    ['disputed', null, false],
    ['in_progress', null, false],
  ])('cancelled from %s (was %s) gives the code back: %s', (from, previous, expected) => {
    expect(releasesOnCancellation(from, previous)).toBe(expected);
  });

  it.each([
    ['schedule', 'draft', 'admin', 'scheduled'],
    ['activate', 'scheduled', 'system', 'active'],
    ['activate', 'draft', 'admin', 'active'],
    ['pause', 'active', 'admin', 'paused'],
    ['resume', 'paused', 'admin', 'active'],
    ['end', 'paused', 'system', 'ended'],
    ['end', 'active', 'admin', 'ended'],
  ] as const)('campaign %s from %s by %s -> %s', (action, from, role, to) => {
    expect(decideCampaignTransition(action, from, role)).toEqual({ ok: true, to });
  });

  it.each([
    ['pause', 'draft', 'admin', 'illegal_from_status'],
    ['resume', 'active', 'admin', 'illegal_from_status'],
    ['activate', 'ended', 'admin', 'illegal_from_status'],
    ['end', 'ended', 'admin', 'illegal_from_status'],
    ['pause', 'active', 'system', 'not_allowed_for_role'],
    ['schedule', 'draft', 'system', 'not_allowed_for_role'],
  ] as const)('campaign %s from %s by %s is refused (%s)', (action, from, role, reason) => {
    expect(decideCampaignTransition(action, from, role)).toMatchObject({ ok: false, reason });
  });

  it('checks the dates an action needs', () => {
    expect(campaignDateProblem('schedule', { startsAt: null, endsAt: null }, NOW)).toMatch(/start date/);
    expect(campaignDateProblem('schedule', { startsAt: NOW, endsAt: null }, NOW)).toMatch(/activate/);
    expect(campaignDateProblem('schedule', { startsAt: new Date(NOW.getTime() + HOUR), endsAt: null }, NOW)).toBeNull();
    expect(campaignDateProblem('resume', { startsAt: null, endsAt: NOW }, NOW)).toMatch(/end date/);
    expect(campaignDateProblem('pause', { startsAt: null, endsAt: NOW }, NOW)).toBeNull();
  });

  it('ROI = (revenue − discount − cost) / (discount + cost)', () => {
    expect(campaignRoi({ revenueCents: 100_000, discountCents: 10_000, costCents: 10_000 })).toBe(4);
    expect(campaignRoi({ revenueCents: 5_000, discountCents: 5_000, costCents: 5_000 })).toBe(-0.5);
    expect(campaignRoi({ revenueCents: 1_000, discountCents: 0, costCents: 0 })).toBeNull();
  });

  it('generates PREFIX-XXXXXXXX from the unambiguous alphabet', () => {
    let i = 0;
    const code = generatedCode('SPRING', (n) => i++ % n);
    expect(code).toBe(`SPRING-${CODE_ALPHABET.slice(0, 8)}`);
    expect(CODE_ALPHABET).not.toMatch(/[01ILO]/);
    expect(normaliseCode(code)).toBe(code);
  });
});
