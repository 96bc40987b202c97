import { isAdmin, isStaff, ofWebsite, type Actor } from '../../platform/actor.js';

/** Who may see and change a website's levels and writers' standing. The services call these. */

/** Staff see the levels table and every writer's standing of their website (a superadmin any). */
export const canSeeStandingOn = (actor: Actor, websiteId: number): boolean => isStaff(actor) && ofWebsite(actor, websiteId);

/** Admins edit the levels table and discipline writers of their website (a superadmin any). */
export const canManageLevelsOn = (actor: Actor, websiteId: number): boolean => isAdmin(actor) && ofWebsite(actor, websiteId);

/** A writer sees their own standing; staff any writer's of their website. */
export const canSeeStandingOf = (actor: Actor, writer: { id: number; websiteId: number }): boolean =>
  canSeeStandingOn(actor, writer.websiteId) ||
  (actor.role === 'writer' && actor.userId === writer.id && actor.websiteId === writer.websiteId);
