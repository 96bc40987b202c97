import { isAdmin, isStaff, isSuperadmin, isSystem, ofWebsite, STAFF_ROLES, type Actor, type StaffRole } from '../platform/actor.js';
import { Forbidden } from '../platform/errors.js';

/** Who sees which figures. `can*` answers, `assertCan*` throws; the analytics services call these. */

/** The dashboard: staff; an admin or support member of their own website, a superadmin every website. */
export const canSeeDashboard = (actor: Actor): boolean => isSuperadmin(actor) || (isStaff(actor) && actor.websiteId !== null);

export function assertCanSeeDashboard(actor: Actor): void {
  if (!isStaff(actor)) throw Forbidden();
  if (!canSeeDashboard(actor)) throw Forbidden('No website in scope');
}

/** The website the actor's figures are limited to; null means every website (a superadmin). */
export const dashboardWebsiteOf = (actor: Actor): number | null => (isSuperadmin(actor) ? null : actor.websiteId);

/**
 * A website's monthly statement (src/analytics/statements): its admins and superadmins (support
 * sees no money totals), and the system (the job that emails it to the admins).
 */
export const canSeeStatement = (actor: Actor, websiteId: number): boolean =>
  (isAdmin(actor) && ofWebsite(actor, websiteId)) || (isSystem(actor) && (actor.websiteId === null || actor.websiteId === websiteId));

export function assertCanSeeStatement(actor: Actor, websiteId: number): void {
  if (!canSeeStatement(actor, websiteId)) throw Forbidden();
}

/**
 * The websites a dashboard request reads: an admin or support member their own (whatever they
 * ask), a superadmin every website or the one asked for. Null means every website.
 */
export function dashboardScopeOf(actor: Actor, askedWebsiteId: number | null): number | null {
  assertCanSeeDashboard(actor);
  const own = dashboardWebsiteOf(actor);
  if (own !== null) {
    if (askedWebsiteId !== null && askedWebsiteId !== own) throw Forbidden('Outside your website');
    return own;
  }
  return askedWebsiteId;
}

/**
 * Which staff may open each queue's list: the same roles as the list action of the resource the
 * queue links to (resources/*.ts `list.isAccessible`; test/analytics/dashboard-policy.test.ts
 * checks they agree). A queue whose list the actor may not open is not shown.
 */
export const QUEUE_LIST_ROLES = {
  orders: STAFF_ROLES,
  refunds: STAFF_ROLES,
  payments: STAFF_ROLES,
  order_messages: STAFF_ROLES,
  tickets: STAFF_ROLES,
  fines: STAFF_ROLES,
  payouts: STAFF_ROLES,
  order_requests: STAFF_ROLES,
} as const satisfies Record<string, readonly StaffRole[]>;

export type QueueResource = keyof typeof QUEUE_LIST_ROLES;

export const canOpenQueue = (actor: Actor, resource: QueueResource): boolean =>
  (QUEUE_LIST_ROLES[resource] as readonly string[]).includes(actor.role);
