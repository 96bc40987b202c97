import { z } from 'zod';
import { settingsSection } from '../tenancy/index.js';
import { DEFAULT_FIRST_RESPONSE_MINUTES, DEFAULT_MAX_ACTIVE_PER_AGENT, DEFAULT_SLA_ALERT_PERCENT } from './rules.js';

const minutes = (fallback: number) =>
  z
    .number()
    .int()
    .min(5)
    .max(30 * 24 * 60)
    .default(fallback);

/** The support area's section of the website settings (registered in src/wiring.ts); RULES.md "Support" defaults. */
export const supportSettings = settingsSection('support', {
  /** First-response target of a low-priority ticket, in minutes (RULES.md: 24 h). */
  firstResponseLowMinutes: minutes(DEFAULT_FIRST_RESPONSE_MINUTES.low),
  /** … normal (8 h). */
  firstResponseNormalMinutes: minutes(DEFAULT_FIRST_RESPONSE_MINUTES.normal),
  /** … high (2 h). */
  firstResponseHighMinutes: minutes(DEFAULT_FIRST_RESPONSE_MINUTES.high),
  /** … urgent (30 min). */
  firstResponseUrgentMinutes: minutes(DEFAULT_FIRST_RESPONSE_MINUTES.urgent),
  /** The SLA job alerts at this share of the target (RULES.md: 80 %). */
  slaAlertPercent: z.number().int().min(1).max(99).default(DEFAULT_SLA_ALERT_PERCENT),
  /** Active tickets an agent holds before rebalancing moves unanswered ones off them. */
  maxActiveTicketsPerAgent: z.number().int().min(1).max(1000).default(DEFAULT_MAX_ACTIVE_PER_AGENT),
});
