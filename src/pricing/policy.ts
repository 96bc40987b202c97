import type { Actor } from '../platform/actor.js';
import { NotFound } from '../platform/errors.js';

/** Admins manage their own website's price lists; a superadmin any website's; the system seeds them. */
export function canManagePricing(actor: Actor, websiteId: number): boolean {
  if (actor.role === 'superadmin' || actor.role === 'system') return true;
  return actor.role === 'admin' && actor.websiteId === websiteId;
}

/** Staff of the website may look at price lists and their history. */
export function canViewPricing(actor: Actor, websiteId: number): boolean {
  return canManagePricing(actor, websiteId) || (actor.role === 'support' && actor.websiteId === websiteId);
}

export function assertCanManagePricing(actor: Actor, websiteId: number): void {
  // Another website's price list is reported as absent, not as forbidden.
  if (!canManagePricing(actor, websiteId)) throw NotFound('Price list');
}
