/** Writer levels and standing (src/writers/levels): the levels table, each writer's level, the standing orders asks for. */
export { initWriterLevelModels, WriterEvaluation, WriterLevel, WriterProfile } from './models.js';
export {
  installDefaultLevels,
  installLevelsOnWebsiteCreated,
  levelOfWriter,
  levelsOf,
  termsOf,
  updateWriterLevel,
} from './service/levels.js';
export { writerStandingProvider } from './service/standing.js';
export { DEFAULT_LEVELS, levelTermsSchema, rateCardOfLevel, type LevelTerms } from './rules.js';
export { canSeeStandingOn, canManageLevelsOn } from './policy.js';
export { issueWarning, liftEndedWarnings, liftWarning, restrictionsOf, type WarningInput } from './service/warnings.js';
export { WARNING_KINDS, WARNING_STATUSES, WriterWarning, type WarningKind, type WarningStatus } from './models.js';
export { evaluateLevels, evaluationPeriod, type EvaluationRun } from './service/evaluate.js';
export { writerProfile, type WriterProfileView } from './service/profile.js';
export { setWriterLevel, type SetLevelInput } from './service/set-level.js';
export { awardBadges, BADGE_RULES } from './service/badges.js';
export { writerProfileRouter } from './routes.js';
export { WriterBadge } from './models.js';
export { LEVEL_CHANGED_EVENT, type LevelChangedPayload } from './service/events.js';
