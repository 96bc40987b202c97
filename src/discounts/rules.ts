import { applyBasisPoints, type BasisPoints, type Cents } from '../platform/money.js';
import type { CampaignStatus } from './campaign-rules.js';
import type { DiscountSettings } from './settings.js';

/**
 * Pure discount rules (RULES.md "Discounts"): whether one code applies to a checkout and for how
 * much, the automatic sources, and THE stacking policy. No I/O: the service loads the facts.
 */
export const DISCOUNT_KINDS = ['percentage', 'fixed'] as const;
export type DiscountKind = (typeof DISCOUNT_KINDS)[number];

export const SOURCE_KINDS = ['code', 'first_order', 'loyalty', 'lifetime_spend'] as const;
export type DiscountSourceKind = (typeof SOURCE_KINDS)[number];

export const REFUSAL_REASONS = [
  'unknown',
  'inactive',
  'campaign_not_active',
  'not_started',
  'expired',
  'not_eligible',
  'first_order_only',
  'below_min_subtotal',
  'below_lifetime_spend',
  'usage_limit_reached',
  'per_client_limit_reached',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** One message per reason; the Record makes the type checker flag a reason without one. */
export const REFUSAL_MESSAGES: Record<RefusalReason, string> = {
  // An unknown code and another website's code read the same: nothing tells them apart.
  unknown: 'This code does not exist',
  inactive: 'This code is no longer active',
  campaign_not_active: 'The promotion of this code is not running',
  not_started: 'This code is not valid yet',
  expired: 'This code has expired',
  not_eligible: 'This code is not available to your account',
  first_order_only: 'This code is for a first order only',
  below_min_subtotal: 'The order is below the minimum amount for this code',
  below_lifetime_spend: 'This code needs a higher spend with us',
  usage_limit_reached: 'This code has been used up',
  per_client_limit_reached: 'You have already used this code',
};

/** The facts of one code that the rules need (a row of discount_codes with its campaign). */
export interface CodeTerms {
  id: number;
  code: string;
  kind: DiscountKind;
  percentBp: BasisPoints | null;
  valueCents: Cents | null;
  capCents: Cents | null;
  validFrom: Date | null;
  validUntil: Date | null;
  minSubtotalCents: Cents;
  minLifetimeSpendCents: Cents;
  usageLimitTotal: number | null;
  usageLimitPerClient: number | null;
  eligibleClientIds: readonly number[];
  firstOrderOnly: boolean;
  active: boolean;
  usesCount: number;
  campaign: { status: CampaignStatus; startsAt: Date | null; endsAt: Date | null } | null;
}

/** Who is checking out and what they have done before (an anonymous visitor: null client, no history). */
export interface CheckoutContext {
  subtotalCents: Cents;
  now: Date;
  clientId: number | null;
  /** What the client has paid on orders not cancelled (until the ledger: orders.paid_cents). */
  lifetimeSpendCents: Cents;
  /** The client's other orders placed and not cancelled: 0 means this is their first order. */
  priorOrders: number;
  /** Reserved or used usages of this code by this client. */
  clientUsesOfCode: number;
}

export type CodeVerdict = { ok: true; amountCents: Cents } | { ok: false; reason: RefusalReason; message: string };

const refuse = (reason: RefusalReason): CodeVerdict => ({ ok: false, reason, message: REFUSAL_MESSAGES[reason] });

/** A percentage of the subtotal (half-up) or a fixed amount; never above the cap nor the subtotal. */
export function discountAmount(terms: Pick<CodeTerms, 'kind' | 'percentBp' | 'valueCents' | 'capCents'>, subtotalCents: Cents): Cents {
  const raw = terms.kind === 'percentage' ? applyBasisPoints(subtotalCents, terms.percentBp ?? 0) : (terms.valueCents ?? 0);
  return Math.max(0, Math.min(raw, terms.capCents ?? Number.POSITIVE_INFINITY, subtotalCents));
}

/** Decides whether a code applies; the first failing condition is the reason given. */
export function evaluateCode(terms: CodeTerms | null, context: CheckoutContext): CodeVerdict {
  if (!terms) return refuse('unknown');
  const now = context.now.getTime();
  if (!terms.active) return refuse('inactive');
  const campaign = terms.campaign;
  if (campaign && (campaign.status !== 'active' || (campaign.endsAt && campaign.endsAt.getTime() <= now)))
    return refuse('campaign_not_active');
  if (terms.validFrom && terms.validFrom.getTime() > now) return refuse('not_started');
  if (terms.validUntil && terms.validUntil.getTime() <= now) return refuse('expired');
  if (terms.eligibleClientIds.length && (context.clientId === null || !terms.eligibleClientIds.includes(context.clientId)))
    return refuse('not_eligible');
  if (terms.firstOrderOnly && context.priorOrders > 0) return refuse('first_order_only');
  if (context.subtotalCents < terms.minSubtotalCents) return refuse('below_min_subtotal');
  if (context.lifetimeSpendCents < terms.minLifetimeSpendCents) return refuse('below_lifetime_spend');
  if (terms.usageLimitTotal !== null && terms.usesCount >= terms.usageLimitTotal) return refuse('usage_limit_reached');
  if (terms.usageLimitPerClient !== null && context.clientUsesOfCode >= terms.usageLimitPerClient)
    return refuse('per_client_limit_reached');
  return { ok: true, amountCents: discountAmount(terms, context.subtotalCents) };
}

/** One discount the order gets, as the breakdown shows it. */
export interface DiscountSource {
  source: DiscountSourceKind;
  code?: string;
  /** The code's id (code sources only), for the usage record; not shown to clients. */
  codeId?: number;
  amountCents: Cents;
  label: string;
}

const percentLabel = (bp: BasisPoints) => `${(bp / 100).toFixed(bp % 100 ? 2 : 0)} %`;

/** The percentage of the highest lifetime-spend tier reached (0 below the first). */
export function lifetimeSpendTierBp(tiers: DiscountSettings['lifetimeSpendTiers'], spendCents: Cents): BasisPoints {
  return tiers.filter((t) => spendCents >= t.minSpendCents).reduce((best, t) => Math.max(best, t.percentBp), 0);
}

/** The discounts a checkout gets without a code: first order, loyalty tier, lifetime spend. */
export function automaticSources(settings: DiscountSettings, context: CheckoutContext & { loyaltyTier: string }): DiscountSource[] {
  const sources: DiscountSource[] = [];
  const add = (source: DiscountSourceKind, bp: BasisPoints, label: string) => {
    const amountCents = applyBasisPoints(context.subtotalCents, bp);
    if (bp > 0 && amountCents > 0)
      sources.push({ source, amountCents: Math.min(amountCents, context.subtotalCents), label: `${label} ${percentLabel(bp)}` });
  };
  if (context.priorOrders === 0) add('first_order', settings.firstOrderBp, 'First order');
  const tier = context.loyaltyTier.toLowerCase();
  add('loyalty', settings.loyaltyTierBp[tier] ?? 0, `Loyalty (${tier})`);
  add('lifetime_spend', lifetimeSpendTierBp(settings.lifetimeSpendTiers, context.lifetimeSpendCents), 'Lifetime spend');
  return sources;
}

export interface StackingPolicy {
  policy: 'best_only' | 'stack';
  maxSources: number;
  capBp: BasisPoints;
}

export interface AppliedDiscounts {
  policy: StackingPolicy['policy'];
  sources: DiscountSource[];
  totalDiscountCents: Cents;
}

/** Largest first; on a tie the code the client typed goes first (RULES.md: "a tie goes to the code"). */
const byValue = (a: DiscountSource, b: DiscountSource) =>
  b.amountCents - a.amountCents || Number(b.source === 'code') - Number(a.source === 'code');

/**
 * THE stacking policy, the one place it is decided. `best_only`: the largest single source.
 * `stack`: at most N sources, largest first, their total capped at a share of the subtotal (the
 * last source taken is cut down to fit the cap). Never more than the subtotal.
 */
export function applyStackingPolicy(candidates: readonly DiscountSource[], subtotalCents: Cents, policy: StackingPolicy): AppliedDiscounts {
  const sorted = candidates.filter((c) => c.amountCents > 0).sort(byValue);
  if (policy.policy === 'best_only') {
    const best = sorted.slice(0, 1).map((s) => ({ ...s, amountCents: Math.min(s.amountCents, subtotalCents) }));
    return { policy: 'best_only', sources: best, totalDiscountCents: best[0]?.amountCents ?? 0 };
  }
  const cap = Math.min(applyBasisPoints(subtotalCents, policy.capBp), subtotalCents);
  const sources: DiscountSource[] = [];
  let total = 0;
  for (const candidate of sorted.slice(0, Math.max(policy.maxSources, 0))) {
    const amountCents = Math.min(candidate.amountCents, cap - total);
    if (amountCents <= 0) break;
    sources.push(amountCents === candidate.amountCents ? candidate : { ...candidate, amountCents, label: `${candidate.label} (capped)` });
    total += amountCents;
  }
  return { policy: 'stack', sources, totalDiscountCents: total };
}

/** What an order's breakdown and a quote record about discounts (codeId stripped for clients). */
export interface DiscountSummary {
  policy: StackingPolicy['policy'];
  sources: Array<Omit<DiscountSource, 'codeId'>>;
  totalDiscountCents: Cents;
  totalAfterDiscountsCents: Cents;
}

export function summarise(applied: AppliedDiscounts, subtotalCents: Cents): DiscountSummary {
  return {
    policy: applied.policy,
    sources: applied.sources.map(({ codeId: _id, ...rest }) => rest),
    totalDiscountCents: applied.totalDiscountCents,
    totalAfterDiscountsCents: subtotalCents - applied.totalDiscountCents,
  };
}

/** What a client types -> what is stored: trimmed, upper-case. Null when it cannot be a code at all. */
export function normaliseCode(typed: string): string | null {
  const code = typed.trim().toUpperCase();
  return /^[A-Z0-9][A-Z0-9_-]{2,39}$/.test(code) ? code : null;
}

/**
 * Whether cancelling an order gives its code back: only when no work had started (never assigned
 * to a writer). `from` is the status it was cancelled from; a cancellation request remembers where
 * the order was in `previous`.
 */
const BEFORE_WORK = new Set(['draft', 'pending_payment', 'ready_for_staffing', 'pending_writer_acceptance']);
export function releasesOnCancellation(from: string, previous: string | null): boolean {
  if (from === 'pending_cancellation' || from === 'on_hold') return previous !== null && BEFORE_WORK.has(previous);
  return BEFORE_WORK.has(from);
}
