import { evaluateDiscountsAtHand } from '../../discounts/index.js';
import type { Actor } from '../../platform/actor.js';
import type { Website } from '../../tenancy/index.js';
import { cachedActivePriceList } from './active-price-list.js';
import { discountInput, quoteFrom, withDiscounts, type QuoteAnswer, type QuoteWithCodeRequest } from '../service/quote.js';

/**
 * quoteWithDiscounts without I/O when all it needs is at hand — the price list cached, and
 * discounts that need no query (a visitor without a code) — else undefined: ask
 * quoteWithDiscounts. The public quote is the API's hottest route, and a visitor's quote answered
 * without a promise showed in its benchmark. Same pricing and discount functions as
 * quoteWithDiscounts; only the awaits are left out (docs/read-models.md: an at-hand twin).
 */
export function quoteWithDiscountsAtHand(actor: Actor, website: Website, request: QuoteWithCodeRequest): QuoteAnswer | undefined {
  const entry = cachedActivePriceList(website.id);
  if (!entry) return undefined;
  const quote = quoteFrom(entry, request);
  if (quote.kind !== 'exact') return quote;
  const evaluation = evaluateDiscountsAtHand(actor, discountInput(actor, website, quote.totalCents, request.discountCode));
  return evaluation && withDiscounts(quote, evaluation);
}
