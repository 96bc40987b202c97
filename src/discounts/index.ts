/** The discounts area's public module: code outside src/discounts/ imports from here only (docs/ARCHITECTURE.md). */
export { CAMPAIGN_TRANSITIONS } from './campaign-rules.js';
export type { CampaignAction } from './campaign-rules.js';
export { Campaign, DiscountCode, DiscountUsage, initDiscountModels } from './models.js';
export { discountsRouter } from './routes.js';
export type { DiscountSummary } from './rules.js';
export { discountSummarySchema } from './schemas.js';
export { campaignAnalytics, exportCampaignCodesCsv } from './service/analytics.js';
export { createCampaign, runCampaignSchedule, transitionCampaign, updateCampaign } from './service/campaigns.js';
export { createDiscountCode, updateDiscountCode } from './service/codes.js';
export { evaluateDiscounts } from './service/evaluate.js';
export { evaluateDiscountsAtHand } from './read-models/visitor-discounts.js';
export type { CodeOutcome, DiscountEvaluation, EvaluateInput } from './service/evaluate.js';
export { requestCodeGeneration, runCodeGeneration, setGenerationKicker } from './service/generation.js';
export { confirmDiscountUsage, releaseDiscountUsage, reserveDiscountUsage } from './service/usage.js';
export { DEFAULT_DISCOUNT_SETTINGS, discountSettingsSchema, discountSettings } from './settings.js';
export { provideDraftSubtotal } from './service/validate.js';
