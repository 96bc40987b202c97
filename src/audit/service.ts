import { currentTransaction, sql } from '../platform/database.js';
import type { Actor } from '../platform/actor.js';
import type { AuditChanges } from './models.js';

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
export async function recordAudit(actor: Actor, entry: AuditEntry): Promise<void> {
  await recordAudits([{ actor, entry }]);
}

/**
 * Writes audit rows in one INSERT, inside the current transaction. Every state change writes one,
 * so it is a plain statement on the transaction's connection (platform `sql`), not a Sequelize
 * create; created_at is the database's (the transaction's start), as it was.
 */
export async function recordAudits(rows: ReadonlyArray<{ actor: Actor; entry: AuditEntry }>): Promise<void> {
  if (!rows.length) return;
  if (!currentTransaction()) throw new Error(`recordAudit(${rows[0]!.entry.action}) called outside a transaction`);
  const values: unknown[] = [];
  const tuples = rows.map(({ actor, entry }) => {
    const changes = diffChanges(entry.before, entry.after);
    if (entry.reason) changes.reason = entry.reason;
    const hasChanges = Object.keys(changes.before ?? {}).length + Object.keys(changes.after ?? {}).length > 0 || entry.reason;
    values.push(
      entry.websiteId !== undefined ? entry.websiteId : actor.websiteId,
      actor.userId,
      actor.role,
      actor.impersonatorId ?? null,
      entry.action,
      entry.targetType,
      entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
      hasChanges ? JSON.stringify(changes) : null,
      actor.ip ?? null,
      actor.requestId ?? null,
    );
    const n = values.length;
    return `($${n - 9}::bigint, $${n - 8}::bigint, $${n - 7}, $${n - 6}::bigint, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}::jsonb, $${n - 1}, $${n})`;
  });
  await sql(
    `INSERT INTO audit_logs (website_id, actor_user_id, actor_role, impersonator_id, action, target_type, target_id, changes, ip, request_id)
     VALUES ${tuples.join(', ')}`,
    values,
  );
}
