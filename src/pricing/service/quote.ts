import {
  type CodeOutcome,
  type DiscountEvaluation,
  type DiscountSummary,
  evaluateDiscounts,
  type EvaluateInput,
} from '../../discounts/index.js';
import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import type { Website } from '../../tenancy/index.js';
import { ValidationFailed } from '../../platform/errors.js';
import { getActivePriceList, type ActivePriceList } from '../read-models/active-price-list.js';
import {
  checkQuoteInput,
  priceQuote,
  subjectMultiplier,
  type PriceList,
  type PricedOption,
  type Quote,
  type QuoteInput,
  type Spacing,
} from '../rules.js';

/** What a client may send: pages and a deadline are enough for an estimate range. */
export interface QuoteRequest {
  pages: number;
  deadlineHours?: number;
  deadline?: Date;
  spacing?: Spacing;
  paperType?: string;
  workType?: string;
  academicLevel?: string;
  subject?: string;
  slides?: number;
  charts?: number;
  writerLevel?: string;
  preferredWriter?: boolean;
  extraServices?: string[];
}

export type QuoteResult =
  | ({ kind: 'exact'; priceListVersion: number } & Quote)
  | {
      kind: 'estimate';
      priceListVersion: number;
      currency: string;
      minCents: number;
      maxCents: number;
      deadlineBand: Quote['deadlineBand'];
      warning: Quote['warning'];
      /** Which choices were left open and priced at their cheapest and dearest. */
      openChoices: string[];
    };

const cheapest = (options: readonly PricedOption[]) => pickBy(options, (a, b) => a.multiplierBp < b.multiplierBp);
const dearest = (options: readonly PricedOption[]) => pickBy(options, (a, b) => a.multiplierBp > b.multiplierBp);

function pickBy(options: readonly PricedOption[], better: (a: PricedOption, b: PricedOption) => boolean): string {
  const active = options.filter((o) => o.active !== false);
  return active.reduce((best, o) => (better(o, best) ? o : best), active[0]!).code;
}

function subjectBy(list: PriceList, better: (a: number, b: number) => boolean): string {
  const active = list.subjects.filter((s) => s.active !== false);
  return active.reduce((best, s) => (better(subjectMultiplier(list, s.code)!, subjectMultiplier(list, best.code)!) ? s : best), active[0]!)
    .code;
}

function hoursUntil(deadline: Date): number {
  return Math.round(((deadline.getTime() - clock.now().getTime()) / 3_600_000) * 100) / 100;
}

/** Prices a request with the website's active price list: an exact quote, or a range when choices are open. */
export async function quotePrice(websiteId: number, request: QuoteRequest): Promise<QuoteResult> {
  return quoteFrom(await getActivePriceList(websiteId), request);
}

/** quotePrice with the price list in hand: no I/O, so a cached list prices without a single await. */
export function quoteFrom({ version, list }: ActivePriceList, request: QuoteRequest): QuoteResult {
  const deadlineHours = request.deadlineHours ?? (request.deadline ? hoursUntil(request.deadline) : undefined);
  if (deadlineHours === undefined) throw ValidationFailed({ deadlineHours: 'give deadlineHours or deadline' });
  const low: QuoteInput = {
    pages: request.pages,
    deadlineHours,
    spacing: request.spacing ?? 'double',
    workType: request.workType ?? 'writing',
    slides: request.slides ?? 0,
    charts: request.charts ?? 0,
    writerLevel: request.writerLevel ?? 'standard',
    preferredWriter: request.preferredWriter ?? false,
    extraServices: request.extraServices ?? [],
    paperType: request.paperType ?? cheapest(list.paperTypes),
    academicLevel: request.academicLevel ?? cheapest(list.academicLevels),
    subject: request.subject ?? subjectBy(list, (a, b) => a < b),
  };
  const problems = checkQuoteInput(list, low);
  if (Object.keys(problems).length) throw ValidationFailed(problems as Record<string, string>, 'This order cannot be priced');
  const open = (['paperType', 'academicLevel', 'subject'] as const).filter((field) => request[field] === undefined);
  if (!open.length) return { kind: 'exact', priceListVersion: version, ...priceQuote(list, low) };

  const high: QuoteInput = {
    ...low,
    paperType: request.paperType ?? dearest(list.paperTypes),
    academicLevel: request.academicLevel ?? dearest(list.academicLevels),
    subject: request.subject ?? subjectBy(list, (a, b) => a > b),
  };
  const min = priceQuote(list, low);
  const max = priceQuote(list, high);
  return {
    kind: 'estimate',
    priceListVersion: version,
    currency: list.currency,
    minCents: min.totalCents,
    maxCents: max.totalCents,
    deadlineBand: min.deadlineBand,
    warning: min.warning,
    openChoices: open,
  };
}

/**
 * A quote with the discounts that apply (automatic sources and the typed code, under the
 * website's stacking policy) beside the pre-discount breakdown, which stays as it is. A visitor
 * who is not signed in is priced as a new client. Estimates (open choices) carry no discounts.
 */
export async function quoteWithDiscounts(actor: Actor, website: Website, request: QuoteWithCodeRequest): Promise<QuoteAnswer> {
  const quote = await quotePrice(website.id, request);
  if (quote.kind !== 'exact') return quote;
  return withDiscounts(quote, await evaluateDiscounts(actor, discountInput(actor, website, quote.totalCents, request.discountCode)));
}

export type QuoteWithCodeRequest = QuoteRequest & { discountCode?: string };
export type ExactQuote = Extract<QuoteResult, { kind: 'exact' }>;
export type QuoteAnswer = Exclude<QuoteResult, ExactQuote> | (ExactQuote & { discounts: DiscountSummary & { code: CodeOutcome | null } });

/** A visitor who is not signed in is priced as a new client. */
export function discountInput(actor: Actor, website: Website, subtotalCents: number, code: string | undefined): EvaluateInput {
  const clientId = actor.role === 'client' ? actor.userId : null;
  return { websiteId: website.id, website, clientId, subtotalCents, code: code ?? null };
}

export function withDiscounts(quote: ExactQuote, evaluation: DiscountEvaluation): QuoteAnswer {
  return { ...quote, discounts: { ...evaluation.summary, code: evaluation.code } };
}

/** What a client can choose on the website (active options only), for the order form. */
export async function pricingOptions(websiteId: number) {
  const { version, list } = await getActivePriceList(websiteId);
  const active = <T extends { active?: boolean }>(items: T[]) =>
    items.filter((i) => i.active !== false).map(({ active: _a, ...rest }) => rest);
  return {
    priceListVersion: version,
    currency: list.currency,
    basePerPageCents: list.basePerPageCents,
    minChargeCents: list.minChargeCents,
    slidePriceCents: list.slidePriceCents,
    chartPriceCents: list.chartPriceCents,
    preferredWriterFeeCents: list.preferredWriterFeeCents,
    spacings: ['double', 'single'] as Spacing[],
    paperTypes: active(list.paperTypes),
    workTypes: active(list.workTypes),
    academicLevels: active(list.academicLevels),
    subjectCategories: active(list.subjectCategories),
    subjects: active(list.subjects).map((s) => ({ ...s, multiplierBp: subjectMultiplier(list, s.code)! })),
    deadlineBands: list.deadlineBands,
    writerLevels: list.writerLevels,
    extraServices: active(list.extraServices),
    limits: list.limits,
  };
}

/**
 * Prices a complete order with the website's active list, for freezing on the order: the
 * version id travels with the breakdown so the order keeps what it was priced with.
 */
export async function priceOrder(websiteId: number, input: QuoteInput): Promise<{ priceListId: number; version: number; quote: Quote }> {
  // Fresh: an order must never be frozen with a version another process superseded a moment ago.
  const { id, version, list } = await getActivePriceList(websiteId, { fresh: true });
  const problems = checkQuoteInput(list, input);
  if (Object.keys(problems).length) throw ValidationFailed(problems as Record<string, string>, 'This order cannot be priced');
  return { priceListId: id, version, quote: priceQuote(list, input) };
}
