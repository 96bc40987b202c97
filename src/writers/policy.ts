import { isSelf, isStaff, ofWebsite, type Actor } from '../platform/actor.js';

/** Who may see which earnings. The services call these; routes and resources never decide. */

/** A writer sees their own earnings; staff those of the website they act on (a superadmin across websites: any). */
export function canSeeEarningsOf(actor: Actor, writer: { id: number; websiteId: number }): boolean {
  if (!ofWebsite(actor, writer.websiteId)) return false;
  return isStaff(actor) || (actor.role === 'writer' && isSelf(actor, writer.id));
}
