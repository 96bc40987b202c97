/** The admin-auth area's public module: code outside src/admin-auth/ imports from here only (docs/ARCHITECTURE.md). */
export { authenticateStaff, revalidateStaff, staffActor } from './service.js';
export type { StaffAdmin } from './service.js';
export { auditJobMonitorAction, mayUseJobMonitor } from './job-monitor.js';
