/** The orders/revisions sub-area's public module: code outside src/orders/revisions/ imports from here only (docs/ARCHITECTURE.md). */
export { initRevisionModels, OrderRevision } from './models.js';
export { orderRevisionsRouter } from './routes.js';
export { serializeRevision } from './serializers.js';
export { lapsePendingRevision, requestRevision, revisionStartRefusal, settleRevision } from './service.js';
export { revisionView } from './schemas.js';
export { listRevisions } from './service.js';
