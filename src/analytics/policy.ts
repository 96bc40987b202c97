import { isAdmin, isStaff, isSuperadmin, isSystem, ofWebsite, type Actor } from '../platform/actor.js';
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
