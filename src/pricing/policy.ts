import { isAdmin, isSystemFor, ofWebsite, type Actor } from '../platform/actor.js';
import { NotFound } from '../platform/errors.js';

/**
 * Admins manage their own website's price lists; a superadmin those of the website it acts on (any,
 * across websites); the system seeds them.
 */
export function canManagePricing(actor: Actor, websiteId: number): boolean {
  return (isAdmin(actor) && ofWebsite(actor, websiteId)) || isSystemFor(actor, websiteId);
}

/** Staff of the website may look at price lists and their history. */
export function canViewPricing(actor: Actor, websiteId: number): boolean {
  return canManagePricing(actor, websiteId) || (actor.role === 'support' && actor.websiteId === websiteId);
}

export function assertCanManagePricing(actor: Actor, websiteId: number): void {
  // Another website's price list is reported as absent, not as forbidden.
  if (!canManagePricing(actor, websiteId)) throw NotFound('Price list');
}
