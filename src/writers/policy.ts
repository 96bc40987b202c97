import { isStaff, type Actor } from '../platform/actor.js';

/** Who may see which earnings. The services call these; routes and resources never decide. */

/** A writer sees their own earnings; staff those of their website (a superadmin any). */
export function canSeeEarningsOf(actor: Actor, writer: { id: number; websiteId: number }): boolean {
  if (actor.role === 'superadmin') return true;
  if (actor.websiteId !== writer.websiteId) return false;
  return isStaff(actor) || (actor.role === 'writer' && actor.userId === writer.id);
}
