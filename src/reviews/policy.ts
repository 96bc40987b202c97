import { isAdmin, isStaff, isSystemFor, ofWebsite, type Actor } from '../platform/actor.js';
import type { ReviewRole } from './rules.js';

/** Who may do what with reviews (RULES.md "Reviews and messages"). The services call these; routes and resources never decide. */

/** The role the transitions table knows the actor by (a superadmin acts as an admin), or null. */
export function reviewRoleOf(actor: Actor): ReviewRole | null {
  if (isAdmin(actor)) return 'admin';
  if (actor.role === 'support' || actor.role === 'system') return actor.role;
  return null;
}

/**
 * Only clients write reviews (of their own completed orders, those orders' writers, their
 * website). Writers may not review clients in public; staff do not review.
 */
export const canWriteReview = (actor: Actor): boolean => actor.role === 'client' && actor.userId !== null && actor.websiteId !== null;

/** Staff of the review's website moderate it (a superadmin any); the system its website's. */
export function canModerateReview(actor: Actor, review: { websiteId: number }): boolean {
  if (actor.role === 'system') return isSystemFor(actor, review.websiteId);
  return isStaff(actor) && ofWebsite(actor, review.websiteId);
}
