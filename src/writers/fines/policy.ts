import { isAdmin, isSelf, isStaff, isSystemFor, ofWebsite, type Actor } from '../../platform/actor.js';
import type { FineRole } from './rules.js';

/** Who may do what with fines (RULES.md "Fines"). The services call these; routes and resources never decide. */

/** The role the transitions table knows the actor by (a superadmin acts as an admin), or null. */
export function fineRoleOf(actor: Actor): FineRole | null {
  if (isAdmin(actor)) return 'admin';
  if (actor.role === 'support' || actor.role === 'writer' || actor.role === 'system') return actor.role;
  return null;
}

/** The fined writer sees their own fines; staff those of their website (a superadmin any); the system its website's. */
export function canSeeFine(actor: Actor, fine: { websiteId: number; writerId: number }): boolean {
  if (actor.role === 'system') return isSystemFor(actor, fine.websiteId);
  if (!ofWebsite(actor, fine.websiteId)) return false;
  if (actor.role === 'writer') return isSelf(actor, fine.writerId);
  return isStaff(actor);
}

/** Staff issue fines by hand (support and admins of the website); lateness fines are the system's. */
export const canIssueFine = (actor: Actor, websiteId: number): boolean => isStaff(actor) && ofWebsite(actor, websiteId);

/** Only the fined writer appeals their fine. */
export const canAppealFine = (actor: Actor, fine: { websiteId: number; writerId: number }): boolean =>
  actor.role === 'writer' && ofWebsite(actor, fine.websiteId) && isSelf(actor, fine.writerId);

/** Fine types: staff read them; admins of the website change their rules. */
export const canSeeFineTypes = (actor: Actor, websiteId: number): boolean => isStaff(actor) && ofWebsite(actor, websiteId);
export const canEditFineTypes = (actor: Actor, websiteId: number): boolean => isAdmin(actor) && ofWebsite(actor, websiteId);
