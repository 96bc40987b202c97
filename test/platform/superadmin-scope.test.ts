import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/actor.js';
import { canManagePricing, canViewPricing } from '../../src/pricing/policy.js';
import { canSeeEarningsOf } from '../../src/writers/policy.js';

/**
 * Every area answers "which website may this actor act on" with the one rule (platform/actor.ts
 * ofWebsite): a superadmin scoped to a website — as every API request scopes it, by Host — acts on
 * that website only; across websites (the back office) on every one. Pricing and writers' earnings
 * let any superadmin through before; the ledger and payments already refused (test/ledger/policy.test.ts).
 */
const superadmin = (websiteId: number | null): Actor => ({ userId: 1, role: 'superadmin', websiteId });
const writerOf = (websiteId: number) => ({ id: 9, websiteId });

describe('a superadmin acts where it is scoped, in pricing and writers too', () => {
  it('refuses another website to a superadmin scoped to one', () => {
    expect(canManagePricing(superadmin(1), 2)).toBe(false);
    expect(canViewPricing(superadmin(1), 2)).toBe(false);
    expect(canSeeEarningsOf(superadmin(1), writerOf(2))).toBe(false);
  });

  it('lets it act on its own scope, and on every website across them', () => {
    expect(canManagePricing(superadmin(1), 1)).toBe(true);
    expect(canSeeEarningsOf(superadmin(1), writerOf(1))).toBe(true);
    for (const websiteId of [1, 2]) {
      expect(canManagePricing(superadmin(null), websiteId)).toBe(true);
      expect(canSeeEarningsOf(superadmin(null), writerOf(websiteId))).toBe(true);
    }
  });

  it('keeps admins, support, writers and the system where they were', () => {
    const admin: Actor = { userId: 3, role: 'admin', websiteId: 1 };
    const support: Actor = { userId: 4, role: 'support', websiteId: 1 };
    const writer: Actor = { userId: 9, role: 'writer', websiteId: 1 };
    const system: Actor = { userId: null, role: 'system', websiteId: null };
    expect(canManagePricing(admin, 1)).toBe(true);
    expect(canManagePricing(admin, 2)).toBe(false);
    expect(canManagePricing(support, 1)).toBe(false);
    expect(canViewPricing(support, 1)).toBe(true);
    expect(canManagePricing(system, 2)).toBe(true);
    expect(canManagePricing({ ...system, websiteId: 1 }, 2)).toBe(false);
    expect(canSeeEarningsOf(writer, writerOf(1))).toBe(true);
    expect(canSeeEarningsOf({ ...writer, userId: 10 }, writerOf(1))).toBe(false);
    expect(canSeeEarningsOf(support, writerOf(1))).toBe(true);
    expect(canSeeEarningsOf(admin, writerOf(2))).toBe(false);
  });
});
