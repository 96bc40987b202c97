/** The writers area's public API: other areas and jobs import from here only. */
export { matureEarnings, type MaturityRun, freezeRateCard, settleCompletedOrder } from './service/earnings.js';
export { listWriterEarnings } from './service/queries.js';
export { EARNING_STATUSES, type EarningStatus, type RateCard } from './rules.js';
export { initWriterModels, WriterEarning } from './models.js';
export { writerEarningsRouter } from './routes.js';
export { writerPayProvider } from './pay.js';
export { writerSettings } from './settings.js';
// Levels and standing (src/writers/levels).
export {
  canManageLevelsOn,
  canSeeStandingOn,
  awardBadges,
  evaluateLevels,
  writerProfile,
  writerProfileRouter,
  setWriterLevel,
  installDefaultLevels,
  issueWarning,
  liftEndedWarnings,
  liftWarning,
  WARNING_KINDS,
  WARNING_STATUSES,
  WriterWarning,
  installLevelsOnWebsiteCreated,
  initWriterLevelModels,
  type LevelTerms,
  updateWriterLevel,
  WriterEvaluation,
  WriterLevel,
  WriterProfile,
  writerStandingProvider,
} from './levels/index.js';
// Tips (src/writers/tips).
export { initTipModels, Tip, tipsRouter, tipWriter } from './tips/index.js';
