/** The orders/deadlines sub-area's public module: code outside src/orders/deadlines/ imports from here only (docs/ARCHITECTURE.md). */
export { initDeadlineChangeModels, OrderDeadlineChange } from './models.js';
export { orderDeadlinesRouter } from './routes.js';
export { serializeDeadlineChange } from './serializers.js';
export { DEADLINE_CHANGEABLE, settleDeadlineChange } from './service.js';
export { deadlineChangeView } from './schemas.js';
