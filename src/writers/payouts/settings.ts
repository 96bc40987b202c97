import { z } from 'zod';
import { settingsSection } from '../../tenancy/index.js';
import { DEFAULT_ADVANCE_CAP_BP, DEFAULT_EARLY_PAYOUT_THRESHOLD_CENTS, DEFAULT_PAYOUT_SCHEDULE, PAYOUT_SCHEDULES } from './rules.js';

/**
 * The writers' payouts keys of the website settings (a section of its own, registered in
 * src/wiring.ts beside the writers' section: the keys sit at the top of the settings all the same).
 */
export const payoutSettings = settingsSection('writer-payouts', {
  /** Payouts: the website's schedule; a writer may have their own (writer_payout_settings). */
  payoutSchedule: z.enum(PAYOUT_SCHEDULES).default(DEFAULT_PAYOUT_SCHEDULE),
  /** Payouts: a writer may ask for an early payout only above this payable balance (RULES.md: $50). */
  earlyPayoutThresholdCents: z.number().int().min(0).max(100_000_000).default(DEFAULT_EARLY_PAYOUT_THRESHOLD_CENTS),
  /** Payouts: advances capped at this share of total earned minus outstanding advances (basis points; RULES.md 30 %). */
  advanceCapBp: z.number().int().min(0).max(10_000).default(DEFAULT_ADVANCE_CAP_BP),
});
