import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { currentTransaction, sql } from '../../platform/database.js';
import { NotFound } from '../../platform/errors.js';
import { assertCanEvaluateDiscounts } from '../policy.js';
import { settingsOf, Website } from '../../tenancy/index.js';
import { Campaign, DiscountCode } from '../models.js';
import {
  applyStackingPolicy,
  automaticSources,
  evaluateCode,
  normaliseCode,
  summarise,
  type AppliedDiscounts,
  type CheckoutContext,
  type CodeTerms,
  type DiscountSource,
  type DiscountSummary,
  type RefusalReason,
} from '../rules.js';
import { discountSettings, type DiscountSettings } from '../settings.js';

export interface EvaluateInput {
  websiteId: number;
  clientId: number | null;
  subtotalCents: number;
  code?: string | null;
  /** The order being priced, left out of the client's history (its own first-order status). */
  orderId?: number | null;
  /** Lock the code row (FOR UPDATE) for the rest of the caller's transaction: checkout does. */
  lock?: boolean;
  /** The request's website when the caller has it (saves a read on the quote's hot path). */
  website?: Website;
}

/** What became of the code the client typed. */
export interface CodeOutcome {
  code: string;
  status: 'applied' | 'outranked' | 'refused';
  reason?: RefusalReason;
  message: string;
  /** What the code alone is worth on this subtotal (when it is valid). */
  amountCents?: number;
}

export interface DiscountEvaluation {
  subtotalCents: number;
  /** With the code's id on code sources, for the usage record. */
  applied: AppliedDiscounts;
  summary: DiscountSummary;
  code: CodeOutcome | null;
}

const parsedSettings = new WeakMap<object, DiscountSettings>();

/** Parsed once per website row (the tenancy cache keeps the row), not once per quote. */
export function discountSettingsOf(website: Website): DiscountSettings {
  let settings = parsedSettings.get(website);
  if (!settings) parsedSettings.set(website, (settings = discountSettings.of(settingsOf(website)).discounts));
  return settings;
}

/** A visitor (no client) has no points: the lowest tier. */
export const VISITOR_LOYALTY_TIER = 'bronze';

/**
 * TODO(clients issue, not filed yet): the loyalty tier comes from the clients area (points,
 * tiers of RULES.md "Clients"). Until it exists every client is Bronze, which gives 0 %.
 */
export async function loyaltyTierOf(_websiteId: number, clientId: number | null): Promise<string> {
  if (clientId === null) return VISITOR_LOYALTY_TIER;
  return 'bronze';
}

interface ClientHistory {
  priorOrders: number;
  lifetimeSpendCents: number;
}

/**
 * The client's orders placed and not cancelled (other than this one), and what they paid on
 * orders not cancelled. TODO(ledger): lifetime spend from the client's ledger postings once they exist.
 */
async function clientHistory(websiteId: number, clientId: number, orderId: number | null): Promise<ClientHistory> {
  const [row] = await sql<ClientHistory>(
    `SELECT COUNT(*) FILTER (WHERE placed_at IS NOT NULL AND id <> $3)::int AS "priorOrders",
            COALESCE(SUM(paid_cents), 0)::bigint AS "lifetimeSpendCents"
       FROM orders
      WHERE client_id = $1 AND website_id = $2 AND status <> 'cancelled' AND cancelled_at IS NULL`,
    [clientId, websiteId, orderId ?? 0],
  );
  return row ?? { priorOrders: 0, lifetimeSpendCents: 0 };
}

async function clientUsesOf(codeId: number, clientId: number | null): Promise<number> {
  if (clientId === null) return 0;
  const [row] = await sql<{ n: number }>(
    "SELECT COUNT(*)::int AS n FROM discount_usages WHERE code_id = $1 AND client_id = $2 AND status <> 'released'",
    [codeId, clientId],
  );
  return row?.n ?? 0;
}

/** The code's terms with its campaign; locked for the caller's transaction when asked. */
export async function loadCodeTerms(websiteId: number, code: string, lock: boolean): Promise<CodeTerms | null> {
  const transaction = currentTransaction();
  if (lock && !transaction) throw new Error('Locking a discount code needs a transaction');
  const row = await DiscountCode.findOne({ where: { websiteId, code }, ...(lock ? { lock: transaction!.LOCK.UPDATE } : {}) });
  if (!row) return null;
  const campaign = row.campaignId ? await Campaign.findByPk(row.campaignId, { attributes: ['status', 'startsAt', 'endsAt'] }) : null;
  return {
    id: row.id,
    code: row.code,
    kind: row.kind,
    percentBp: row.percentBp,
    valueCents: row.valueCents,
    capCents: row.capCents,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    minSubtotalCents: row.minSubtotalCents,
    minLifetimeSpendCents: row.minLifetimeSpendCents,
    usageLimitTotal: row.usageLimitTotal,
    usageLimitPerClient: row.usageLimitPerClient,
    eligibleClientIds: row.eligibleClientIds.map(Number),
    firstOrderOnly: row.firstOrderOnly,
    active: row.active,
    usesCount: row.usesCount,
    campaign: campaign ? { status: campaign.status, startsAt: campaign.startsAt, endsAt: campaign.endsAt } : null,
  };
}

/**
 * Every discount a checkout gets, decided in one place: the automatic sources, the typed code
 * (when it applies), then the website's stacking policy. Used by the quote, the validate
 * endpoint and the order's submit (which locks the code so its limits hold under concurrency).
 */
export async function evaluateDiscounts(actor: Actor, input: EvaluateInput): Promise<DiscountEvaluation> {
  assertCanEvaluateDiscounts(actor, input);
  const website = input.website ?? (await Website.findByPk(input.websiteId));
  if (!website) throw NotFound('Website');
  // At checkout, one client's submits queue on their row: two drafts placed at once cannot both be "the first order".
  if (input.lock && input.clientId !== null) await sql('SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE', [input.clientId]);
  const history =
    input.clientId !== null
      ? await clientHistory(input.websiteId, input.clientId, input.orderId ?? null)
      : { priorOrders: 0, lifetimeSpendCents: 0 };
  const loyaltyTier = await loyaltyTierOf(input.websiteId, input.clientId);
  const context: DecisionContext = {
    subtotalCents: input.subtotalCents,
    now: clock.now(),
    clientId: input.clientId,
    ...history,
    clientUsesOfCode: 0,
    loyaltyTier,
  };

  let typed: TypedCode | null = null;
  if (input.code) {
    const normalised = normaliseCode(input.code);
    const terms = normalised ? await loadCodeTerms(input.websiteId, normalised, input.lock ?? false) : null;
    typed = { typed: input.code, terms, clientUses: terms ? await clientUsesOf(terms.id, input.clientId) : 0 };
  }
  return decide(discountSettingsOf(website), context, typed);
}

export type DecisionContext = CheckoutContext & { loyaltyTier: string };

/** The code the client typed, with what was loaded for it. */
interface TypedCode {
  typed: string;
  terms: CodeTerms | null;
  clientUses: number;
}

/** The decision itself, on facts already loaded: automatic sources, the code, the stacking policy. */
export function decide(settings: DiscountSettings, context: DecisionContext, typed: TypedCode | null): DiscountEvaluation {
  const candidates: DiscountSource[] = automaticSources(settings, context);
  let outcome: CodeOutcome | null = null;
  let codeSource: DiscountSource | null = null;
  if (typed) {
    const { terms } = typed;
    const verdict = evaluateCode(terms, { ...context, clientUsesOfCode: typed.clientUses });
    const shown = terms?.code ?? typed.typed.trim().toUpperCase().slice(0, 40);
    if (!verdict.ok) outcome = { code: shown, status: 'refused', reason: verdict.reason, message: verdict.message };
    else {
      codeSource = { source: 'code', code: terms!.code, codeId: terms!.id, amountCents: verdict.amountCents, label: `Code ${terms!.code}` };
      candidates.push(codeSource);
    }
  }

  const { subtotalCents } = context;
  const applied = applyStackingPolicy(candidates, subtotalCents, settings.stacking);
  if (codeSource) {
    const used = applied.sources.find((s) => s.source === 'code');
    outcome = used
      ? { code: codeSource.code!, status: 'applied', message: 'The code applies', amountCents: codeSource.amountCents }
      : {
          code: codeSource.code!,
          status: 'outranked',
          message: 'A larger discount applies instead of this code',
          amountCents: codeSource.amountCents,
        };
  }
  return { subtotalCents, applied, summary: summarise(applied, subtotalCents), code: outcome };
}
