/** The audit area's public module: code outside src/audit/ imports from here only (docs/ARCHITECTURE.md). */
export { AuditLog, initAuditModels } from './models.js';
export { recordAudit, recordAudits } from './service.js';
export type { AuditEntry } from './service.js';
export { sealAuditChain, verifyAuditChain, type ChainVerification } from './sealing.js';
export { canReadAuditTrail } from './policy.js';
export {
  auditTrail,
  AUDIT_TRAIL_DEFAULT_LIMIT,
  type AuditTarget,
  type AuditTrailPage,
  type AuditTrailQuery,
  type AuditTrailRow,
} from './trail.js';
