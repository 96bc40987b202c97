import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REVISION_POLICY,
  paidRevisionPrice,
  revisionCanStart,
  revisionOriginalPrice,
  revisionPolicyFor,
  revisionTerms,
} from '../../src/orders/rules.js';
import { websiteSettingsSchema } from '../../src/tenancy/rules.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('paid revision pricing', () => {
  it('is the share of the original price, rounded half up to a cent', () => {
    expect(paidRevisionPrice(10_000, 5_000)).toBe(5_000);
    expect(paidRevisionPrice(5_001, 5_000)).toBe(2_501);
    expect(paidRevisionPrice(5_003, 3_000)).toBe(1_501);
    expect(paidRevisionPrice(1, 5_000)).toBe(1);
    expect(paidRevisionPrice(10_000, 0)).toBe(0);
  });

  it('prices on the original price: paid revisions already added to the total do not compound', () => {
    expect(revisionOriginalPrice(15_000, 5_000)).toBe(10_000);
    expect(revisionOriginalPrice(10_000, 0)).toBe(10_000);
    expect(revisionOriginalPrice(100, 500)).toBe(0);
  });

  it("takes the website's percentage, 50 % by default (RULES.md)", () => {
    expect(websiteSettingsSchema.parse({}).revisionPaidSharePercent).toBe(50);
    expect(revisionPolicyFor(50)).toEqual(DEFAULT_REVISION_POLICY);
    expect(revisionPolicyFor(30)).toEqual({ ...DEFAULT_REVISION_POLICY, paidShareBp: 3_000 });
    expect(websiteSettingsSchema.safeParse({ revisionPaidSharePercent: 101 }).success).toBe(false);
    expect(websiteSettingsSchema.safeParse({ revisionPaidSharePercent: 12.5 }).success).toBe(false);
    const deliveredAt = new Date('2026-11-01T00:00:00Z');
    const now = new Date(deliveredAt.getTime() + 20 * DAY);
    const terms = revisionTerms({
      deliveredAt,
      now,
      requestedDeadline: new Date(now.getTime() + 2 * DAY),
      instructionsChanged: false,
      revisionPending: false,
      originalPriceCents: 9_999,
      policy: revisionPolicyFor(30),
    });
    expect(terms).toMatchObject({ allowed: true, paid: true, priceCents: 3_000 });
  });
});

describe('a paid revision starting once paid', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  it('starts on a delivered order while the writer still gets the minimum turnaround', () => {
    expect(revisionCanStart({ orderStatus: 'submitted', deadline: new Date(now.getTime() + 24 * HOUR), now })).toEqual({ ok: true });
  });
  it('does not start once the order moved on, or when too little time is left', () => {
    expect(revisionCanStart({ orderStatus: 'completed', deadline: new Date(now.getTime() + 3 * DAY), now })).toEqual({
      ok: false,
      reason: 'the order is completed',
    });
    expect(revisionCanStart({ orderStatus: 'on_hold', deadline: new Date(now.getTime() + 3 * DAY), now })).toMatchObject({
      ok: false,
      reason: 'the order is on hold',
    });
    expect(revisionCanStart({ orderStatus: 'submitted', deadline: new Date(now.getTime() + 23 * HOUR), now })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('less than 24 hours'),
    });
  });
});
