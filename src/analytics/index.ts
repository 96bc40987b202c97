/** The analytics area's public module: code outside src/analytics/ imports from here only (docs/ARCHITECTURE.md). */
export { dashboard, type Dashboard, type DashboardInput } from './dashboard.js';
export { QUEUES, type QueueDefinition } from './queues.js';
export { QUEUE_LIST_ROLES } from './policy.js';
