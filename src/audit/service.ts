import { currentTransaction } from '../platform/database.js';
import type { Actor } from '../identity/actor.js';
import { AuditLog, type AuditChanges } from './models.js';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | number | null;
  /** Website the target belongs to; defaults to the actor's. */
  websiteId?: number | null;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  reason?: string;
}

const REDACTED_FIELDS = new Set(['passwordHash', 'password', 'tokenHash', 'token', 'refreshToken']);

/** Keeps only the fields that changed between before and after, with secrets redacted. */
export function diffChanges(before: Record<string, unknown> = {}, after: Record<string, unknown> = {}): AuditChanges {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changedBefore: Record<string, unknown> = {};
  const changedAfter: Record<string, unknown> = {};
  for (const key of keys) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    const redact = REDACTED_FIELDS.has(key);
    if (key in before) changedBefore[key] = redact ? '[redacted]' : before[key];
    if (key in after) changedAfter[key] = redact ? '[redacted]' : after[key];
  }
  return { before: changedBefore, after: changedAfter };
}

/**
 * Writes one audit row. Must be called inside the use case's transaction, so the row exists
 * exactly when the change does.
 */
export async function recordAudit(actor: Actor, entry: AuditEntry): Promise<AuditLog> {
  if (!currentTransaction()) throw new Error(`recordAudit(${entry.action}) called outside a transaction`);
  const changes = diffChanges(entry.before, entry.after);
  if (entry.reason) changes.reason = entry.reason;
  const hasChanges = Object.keys(changes.before ?? {}).length + Object.keys(changes.after ?? {}).length > 0 || entry.reason;
  return AuditLog.create({
    websiteId: entry.websiteId !== undefined ? entry.websiteId : actor.websiteId,
    actorUserId: actor.userId,
    actorRole: actor.role,
    impersonatorId: actor.impersonatorId ?? null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
    changes: hasChanges ? changes : null,
    ip: actor.ip ?? null,
    requestId: actor.requestId ?? null,
  });
}
