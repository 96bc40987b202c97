/** The pricing area's public module: code outside src/pricing/ imports from here only (docs/ARCHITECTURE.md). */
export { getActivePriceList, loadPriceListVersion } from './read-models/active-price-list.js';
export { initPricingModels, PriceListVersion, PriceOption } from './models.js';
export { canViewPricing } from './policy.js';
export { pricingRouter, QUOTE_PATH, quoteHandlers } from './routes.js';
export { deadlineBandFor, priceQuote, SPACINGS } from './rules.js';
export type { DeadlineBand, PriceList, Quote, QuoteInput, QuoteLine, Spacing } from './rules.js';
export { createDraftOption, deleteDraftOption, updateDraftHeader, updateDraftOption } from './service/draft-edits.js';
export type { DraftHeaderPatch, DraftOptionInput } from './service/draft-edits.js';
export {
  activatePriceList,
  createDraftPriceList,
  installDefaultPriceList,
  installPriceListOnWebsiteCreated,
} from './service/price-lists.js';
export { priceOrder } from './service/quote.js';
export { deadlineBandSchema, quoteLineSchema, tightDeadlineWarningSchema } from './schemas.js';
