import { z } from 'zod';
import { settingsSection } from '../tenancy/index.js';

/**
 * A website's automatic discounts and stacking policy (RULES.md "Discounts"), kept in the website's
 * settings under `discounts` with these defaults. Percentages are basis points (1500 = 15 %).
 */
const bp = z.number().int().min(0).max(10_000);

export const DEFAULT_LIFETIME_SPEND_TIERS = [
  { minSpendCents: 10_000, percentBp: 300 },
  { minSpendCents: 25_000, percentBp: 500 },
  { minSpendCents: 50_000, percentBp: 700 },
  { minSpendCents: 100_000, percentBp: 1_000 },
  { minSpendCents: 200_000, percentBp: 1_200 },
  { minSpendCents: 350_000, percentBp: 1_500 },
  { minSpendCents: 500_000, percentBp: 1_800 },
];

/** RULES.md "Clients": Bronze 0 %, Silver 3 %, Gold 7 %, Platinum 12 %. */
export const DEFAULT_LOYALTY_TIER_BP: Record<string, number> = { bronze: 0, silver: 300, gold: 700, platinum: 1_200 };

export const discountSettingsSchema = z
  .object({
    firstOrderBp: bp.default(1_500),
    loyaltyTierBp: z.record(z.string().min(1).max(30), bp).default(DEFAULT_LOYALTY_TIER_BP),
    lifetimeSpendTiers: z
      .array(z.object({ minSpendCents: z.number().int().min(0), percentBp: bp }).strict())
      .max(20)
      .default(DEFAULT_LIFETIME_SPEND_TIERS),
    stacking: z
      .object({
        policy: z.enum(['best_only', 'stack']).default('best_only'),
        maxSources: z.number().int().min(1).max(4).default(2),
        capBp: bp.default(3_000),
      })
      .strict()
      .default({ policy: 'best_only', maxSources: 2, capBp: 3_000 }),
  })
  .strict();

export type DiscountSettings = z.infer<typeof discountSettingsSchema>;

export const DEFAULT_DISCOUNT_SETTINGS: DiscountSettings = discountSettingsSchema.parse({});

/** The discounts area's section of the website settings (registered in src/wiring.ts). */
export const discountSettings = settingsSection('discounts', {
  /** Discounts: automatic sources and the stacking policy. */
  discounts: discountSettingsSchema.default(DEFAULT_DISCOUNT_SETTINGS),
});
