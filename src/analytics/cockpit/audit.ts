import { auditTrail, canReadAuditTrail, type AuditTarget, type AuditTrailRow } from '../../audit/index.js';
import { User } from '../../identity/index.js';
import type { Actor } from '../../platform/actor.js';
import { NotFound } from '../../platform/errors.js';
import { isStaff, ofWebsite } from '../../platform/actor.js';
import { peopleByIds, type PersonRef } from './people.js';

/**
 * Audit timelines for the back office: an order's (its own rows and those of its payments,
 * refunds, messages, files, fines and requests) and a person's (what they did and what was done
 * to them). The audit area decides who reads them (admins of the website, a superadmin any).
 */

export interface AuditTimelineRow extends AuditTrailRow {
  /** Who acted, by role and name/registration id (null for the system). */
  actor: PersonRef | null;
  impersonator: PersonRef | null;
}

export interface AuditTimeline {
  items: AuditTimelineRow[];
  nextBefore: number | null;
}

export interface AuditPage {
  before?: number | null;
  limit?: number;
}

async function withPeople(rows: AuditTrailRow[]): Promise<AuditTimelineRow[]> {
  const people = await peopleByIds(rows.flatMap((r) => [r.actorUserId, r.impersonatorId]));
  return rows.map((r) => ({
    ...r,
    actor: r.actorUserId !== null ? (people.get(r.actorUserId) ?? null) : null,
    impersonator: r.impersonatorId !== null ? (people.get(r.impersonatorId) ?? null) : null,
  }));
}

/** The order's audit rows; null when the actor may not read the audit log (support). */
export async function orderAuditTimeline(
  actor: Actor,
  websiteId: number,
  targets: readonly AuditTarget[],
  page: AuditPage = {},
): Promise<AuditTimeline | null> {
  if (!canReadAuditTrail(actor)) return null;
  const trail = await auditTrail(actor, { websiteId, targets, limit: page.limit, before: page.before });
  return { items: await withPeople(trail.items), nextBefore: trail.nextBefore };
}

/** A person's audit rows: as actor (or impersonator) or as the target. Staff of the person's website only. */
export async function personAuditTimeline(actor: Actor, userId: number, page: AuditPage = {}): Promise<AuditTimeline> {
  const user = await User.findByPk(userId, { attributes: ['id', 'websiteId'] });
  if (!user || !isStaff(actor) || (user.websiteId !== null && !ofWebsite(actor, user.websiteId))) throw NotFound('User');
  // A user without a website (a superadmin) has no website-scoped audit of their own here.
  if (user.websiteId === null) return { items: [], nextBefore: null };
  const trail = await auditTrail(actor, {
    websiteId: user.websiteId,
    targets: [{ type: 'user', ids: [user.id] }],
    actorUserId: user.id,
    limit: page.limit,
    before: page.before,
  });
  return { items: await withPeople(trail.items), nextBefore: trail.nextBefore };
}
