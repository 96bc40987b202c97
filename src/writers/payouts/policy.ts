import { isAdmin, isStaff, isSystemFor, ofWebsite, type Actor } from '../../platform/actor.js';

/**
 * Who may do what with payouts. The services call these; routes and resources never decide.
 * Marking paid, reversing and deciding requests move money: admins of the website (a superadmin
 * across websites) and the system. Support sees payouts and requests; a writer only their own.
 */

export function canSeePayoutsOf(actor: Actor, writer: { id: number; websiteId: number }): boolean {
  if (isSystemFor(actor, writer.websiteId)) return true;
  if (!ofWebsite(actor, writer.websiteId)) return false;
  return isStaff(actor) || (actor.role === 'writer' && actor.userId === writer.id);
}

/** Staff lists and exports (every writer of the website). */
export const canSeeWebsitePayouts = (actor: Actor, websiteId: number): boolean =>
  isSystemFor(actor, websiteId) || (isStaff(actor) && ofWebsite(actor, websiteId));

/** Marking a batch paid, or reversing a paid one: admins only — never support, never a writer. */
export const canPayOut = (actor: Actor, websiteId: number): boolean => isAdmin(actor) && ofWebsite(actor, websiteId);

/** Approving or refusing an early payout or an advance: admins (support may see the queue). */
export const canDecideRequests = (actor: Actor, websiteId: number): boolean =>
  isSystemFor(actor, websiteId) || (isAdmin(actor) && ofWebsite(actor, websiteId));

/** Only a writer asks, for themselves. */
export const canRequestPayout = (actor: Actor): boolean => actor.role === 'writer' && actor.userId !== null && actor.websiteId !== null;
