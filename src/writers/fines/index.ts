/** The writers/fines sub-area's public module: code outside src/writers/fines/ imports from here only (docs/ARCHITECTURE.md). */
export { Fine, FineType, initFineModels } from './models.js';
export { APPEAL_QUEUE_STATUSES, FINE_STATUSES, FINE_TYPE_CODES, fineStatusesFor } from './rules.js';
export type { FineStatus, FineTypeCode } from './rules.js';
export { writerFinesRouter } from './routes.js';
export { installDefaultFineTypes } from './service/common.js';
export { issueFine, previewFines, type FinePreview } from './service/issue.js';
export { applyLatenessFines, type LatenessRun } from './service/lateness.js';
export { APPEAL_DECISIONS, appealFine, decideAppeal, escalateFine, voidFine, waiveFine } from './service/lifecycle.js';
export { installFineTypesOnWebsiteCreated, updateFineType } from './service/types.js';
export { FINE_APPEAL_DECIDED_EVENT, FINE_APPEALED_EVENT, FINE_ISSUED_EVENT, type FineEventPayload } from './service/events.js';
