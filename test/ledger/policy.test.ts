import { describe, expect, it } from 'vitest';
import { canAdjust, canNameWebsite, canPostOn, canSeeAccount, canSeeLedger } from '../../src/ledger/policy.js';
import { canSeePayment } from '../../src/payments/policy.js';
import type { Actor } from '../../src/platform/actor.js';

/**
 * The ledger's website rule is the shared one (platform/actor.ts ofWebsite). Before issue 10 the
 * ledger kept its own copy, under which a superadmin scoped to website 1 (as every API request
 * scopes it, by Host) could read and adjust website 2's ledger while payments refused it.
 */
const superadmin = (websiteId: number | null): Actor => ({ userId: 1, role: 'superadmin', websiteId });
const wallet = { kind: 'client_wallet' as const, ownerId: 7 };

describe('ledger policy: a superadmin acts where it is scoped', () => {
  it('refuses another website to a superadmin scoped to one, as payments do', () => {
    const scoped = superadmin(1);
    expect(canSeePayment(scoped, { websiteId: 2, clientId: 7 })).toBe(false);
    expect(canSeeAccount(scoped, 2, wallet)).toBe(false);
    expect(canSeeLedger(scoped, 2)).toBe(false);
    expect(canAdjust(scoped, 2)).toBe(false);
    expect(canPostOn(scoped, 2)).toBe(false);
    expect(canNameWebsite(scoped, 2)).toBe(false);
  });

  it('lets the superadmin act on its own scope, and on every website when acting across them', () => {
    for (const websiteId of [1, 2]) {
      expect(canSeeAccount(superadmin(null), websiteId, wallet)).toBe(true);
      expect(canAdjust(superadmin(null), websiteId)).toBe(true);
      expect(canNameWebsite(superadmin(null), websiteId)).toBe(true);
    }
    expect(canAdjust(superadmin(1), 1)).toBe(true);
    expect(canSeeLedger(superadmin(1), 1)).toBe(true);
  });

  it('keeps the system on any website and admins on their own', () => {
    const system: Actor = { userId: null, role: 'system', websiteId: null };
    const admin: Actor = { userId: 3, role: 'admin', websiteId: 1 };
    expect(canPostOn(system, 2)).toBe(true);
    expect(canNameWebsite(system, 2)).toBe(true);
    expect(canAdjust(admin, 1)).toBe(true);
    expect(canAdjust(admin, 2)).toBe(false);
  });
});
