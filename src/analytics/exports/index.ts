/** The analytics/exports sub-area's public module: CSV exports of the back office's lists (docs/ARCHITECTURE.md). */
export { EXPORTABLE_RESOURCES, openListExport, type ListExport } from './service.js';
export { sendListExport } from './routes.js';
