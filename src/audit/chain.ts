import { createHash } from 'node:crypto';

/**
 * The audit log's hash chain, pure: each website's rows (and the rows of no website, chain 0) form
 * one chain in the order they were sealed. A row's hash covers the previous row's hash and every
 * column of the row as the database prints it, so changing any column of any sealed row, removing
 * a row, or reordering rows breaks the chain from that row on; audit:verify names the first row
 * that does not hold.
 */

/** The hash before a chain's first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** An audit row as the sealer and the verifier read it: every column as text, as PostgreSQL prints it. */
export interface ChainRow {
  id: string;
  chainKey: string;
  chainSeq: string;
  actorUserId: string | null;
  actorRole: string;
  impersonatorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  /** jsonb printed by PostgreSQL: one canonical text for one value. */
  changes: string | null;
  ip: string | null;
  requestId: string | null;
  /** Microseconds since the epoch, so the session's time zone cannot change the text. */
  createdAtMicros: string;
}

/** The SELECT list that reads a row of audit_logs (aliased `a`) as a ChainRow, `seq` standing for its place in the chain. */
export const chainRowColumns = (
  seq: string,
) => `a.id::text AS id, COALESCE(a.website_id, 0)::text AS "chainKey", ${seq}::text AS "chainSeq",
  a.actor_user_id::text AS "actorUserId", a.actor_role AS "actorRole", a.impersonator_id::text AS "impersonatorId", a.action,
  a.target_type AS "targetType", a.target_id AS "targetId", a.changes::text AS changes, a.ip, a.request_id AS "requestId",
  (EXTRACT(EPOCH FROM a.created_at) * 1000000)::bigint::text AS "createdAtMicros"`;

export function chainHash(prevHash: string, row: ChainRow): string {
  const content = JSON.stringify([
    row.id,
    row.chainKey,
    row.chainSeq,
    row.actorUserId,
    row.actorRole,
    row.impersonatorId,
    row.action,
    row.targetType,
    row.targetId,
    row.changes,
    row.ip,
    row.requestId,
    row.createdAtMicros,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

/** Why a link of the chain does not hold. */
export type ChainBreak =
  | { kind: 'content'; auditId: number; chainKey: number; message: string }
  | { kind: 'link'; auditId: number; chainKey: number; message: string }
  | { kind: 'head'; auditId: number; chainKey: number; message: string };
