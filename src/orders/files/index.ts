/** The orders/files sub-area's public module: code outside src/orders/files/ imports from here only (docs/ARCHITECTURE.md). */
export { initOrderFileModels, OrderFile } from './models.js';
export { purgeDeletedFiles } from './purge.js';
export { orderFilesRouter } from './routes.js';
export { registerStoredObjectHolder, uploadLimitOf, uploadOrderFile } from './service.js';
export { createFileDownloadUrl, listOrderFiles } from './service.js';
export type { OrderFileView } from './serializers.js';
