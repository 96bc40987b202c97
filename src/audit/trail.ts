import { Op, type WhereOptions } from 'sequelize';
import type { Actor } from '../platform/actor.js';
import { Forbidden } from '../platform/errors.js';
import { AuditLog } from './models.js';
import { canReadAuditOf } from './policy.js';

/**
 * An audit timeline: the rows about one subject (an order and its payments, a person), newest
 * first, a page at a time ("show more" passes the last id back). Read through the indexes on
 * (target_type, target_id) and (actor_user_id, created_at).
 */

export interface AuditTarget {
  type: string;
  ids: ReadonlyArray<string | number>;
}

export interface AuditTrailQuery {
  /** The subject's website: the rows are limited to it (and the actor must read it). */
  websiteId: number;
  /** Rows whose target is one of these. */
  targets?: readonly AuditTarget[];
  /** Rows this user did (as actor or impersonator). */
  actorUserId?: number;
  limit?: number;
  /** Older than this row id (the previous page's `nextBefore`). */
  before?: number | null;
}

export interface AuditTrailRow {
  id: number;
  at: string;
  action: string;
  targetType: string;
  targetId: string | null;
  actorUserId: number | null;
  actorRole: string;
  impersonatorId: number | null;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  reason: string | null;
}

export interface AuditTrailPage {
  items: AuditTrailRow[];
  /** Pass as `before` for the next (older) page; null when there is none. */
  nextBefore: number | null;
}

export const AUDIT_TRAIL_DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/** Admins of the subject's website (a superadmin any); support and others are refused. */
export async function auditTrail(actor: Actor, query: AuditTrailQuery): Promise<AuditTrailPage> {
  if (!canReadAuditOf(actor, query.websiteId)) throw Forbidden('Only admins of the website read its audit log');
  const limit = Math.min(Math.max(1, Math.trunc(query.limit ?? AUDIT_TRAIL_DEFAULT_LIMIT)), MAX_LIMIT);
  const about: WhereOptions<AuditLog>[] = [];
  for (const target of query.targets ?? []) {
    if (target.ids.length) about.push({ targetType: target.type, targetId: { [Op.in]: target.ids.map(String) } });
  }
  if (query.actorUserId !== undefined) {
    about.push({ actorUserId: query.actorUserId }, { impersonatorId: query.actorUserId });
  }
  if (!about.length) return { items: [], nextBefore: null };
  const rows = await AuditLog.findAll({
    where: {
      websiteId: query.websiteId,
      [Op.or]: about,
      ...(query.before ? { id: { [Op.lt]: query.before } } : {}),
    },
    order: [['id', 'DESC']],
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return { items: page.map(rowOf), nextBefore: rows.length > limit ? page[page.length - 1]!.id : null };
}

function rowOf(row: AuditLog): AuditTrailRow {
  return {
    id: Number(row.id),
    at: row.createdAt.toISOString(),
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    actorUserId: row.actorUserId === null ? null : Number(row.actorUserId),
    actorRole: row.actorRole,
    impersonatorId: row.impersonatorId === null ? null : Number(row.impersonatorId),
    before: row.changes?.before ?? {},
    after: row.changes?.after ?? {},
    reason: row.changes?.reason ?? null,
  };
}
