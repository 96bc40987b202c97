import { isStaff, isSuperadmin, type Actor } from '../platform/actor.js';
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
