import type { Cents } from '../platform/money.js';

/** Pure campaign rules: the transitions table, ROI, and the shape of generated codes. No I/O. */
export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'active', 'paused', 'ended'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const CAMPAIGN_ACTIONS = ['schedule', 'activate', 'pause', 'resume', 'end'] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

export type CampaignActorRole = 'admin' | 'system';

interface CampaignTransition {
  from: readonly CampaignStatus[];
  to: CampaignStatus;
  by: readonly CampaignActorRole[];
}

/**
 * The one transitions table. The scheduler (system) starts a scheduled campaign at starts_at and
 * ends a running or paused one at ends_at; admins do the rest. Ended is final.
 */
export const CAMPAIGN_TRANSITIONS: Record<CampaignAction, CampaignTransition> = {
  schedule: { from: ['draft'], to: 'scheduled', by: ['admin'] },
  activate: { from: ['draft', 'scheduled'], to: 'active', by: ['admin', 'system'] },
  pause: { from: ['active'], to: 'paused', by: ['admin'] },
  resume: { from: ['paused'], to: 'active', by: ['admin'] },
  end: { from: ['draft', 'scheduled', 'active', 'paused'], to: 'ended', by: ['admin', 'system'] },
};

export type CampaignTransitionResult =
  { ok: true; to: CampaignStatus } | { ok: false; reason: 'not_allowed_for_role' | 'illegal_from_status'; message: string };

export function decideCampaignTransition(action: CampaignAction, from: CampaignStatus, role: CampaignActorRole): CampaignTransitionResult {
  const rule = CAMPAIGN_TRANSITIONS[action];
  if (!rule.by.includes(role)) return { ok: false, reason: 'not_allowed_for_role', message: `A ${role} may not ${action} a campaign` };
  if (!rule.from.includes(from))
    return { ok: false, reason: 'illegal_from_status', message: `Cannot ${action} a campaign that is ${from}` };
  return { ok: true, to: rule.to };
}

/** Checks the dates an action needs: a schedule needs a future start; nothing runs past its end. */
export function campaignDateProblem(
  action: CampaignAction,
  dates: { startsAt: Date | null; endsAt: Date | null },
  now: Date,
): string | null {
  if (action === 'schedule') {
    if (!dates.startsAt) return 'set a start date to schedule the campaign';
    if (dates.startsAt.getTime() <= now.getTime()) return 'the start date is past: activate the campaign instead';
  }
  if ((action === 'schedule' || action === 'activate' || action === 'resume') && dates.endsAt && dates.endsAt.getTime() <= now.getTime()) {
    return 'the end date is past';
  }
  return null;
}

/** ROI = (revenue − discount − cost) / (discount + cost); null when nothing was spent. */
export function campaignRoi(input: { revenueCents: Cents; discountCents: Cents; costCents: Cents }): number | null {
  const spent = input.discountCents + input.costCents;
  if (spent <= 0) return null;
  return Math.round(((input.revenueCents - input.discountCents - input.costCents) / spent) * 10_000) / 10_000;
}

/** Generated codes: PREFIX-XXXXXXXX from an alphabet without look-alikes (no 0/O, 1/I/L). */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const GENERATED_SUFFIX_LENGTH = 8;
export const MAX_GENERATED_CODES = 10_000;

export function generatedCode(prefix: string, pick: (alphabetLength: number) => number): string {
  let suffix = '';
  for (let i = 0; i < GENERATED_SUFFIX_LENGTH; i++) suffix += CODE_ALPHABET[pick(CODE_ALPHABET.length)];
  return prefix ? `${prefix}-${suffix}` : suffix;
}
