import { isAdmin, isSystem, ofWebsite, type Actor } from '../platform/actor.js';
import { Forbidden, NotFound } from '../platform/errors.js';
import type { CampaignActorRole } from './campaign-rules.js';

/** Admins manage their own website's codes and campaigns; a superadmin any website's; the system runs the schedule. */
export function canManageDiscounts(actor: Actor, websiteId: number): boolean {
  if (actor.role === 'superadmin' || actor.role === 'system') return actor.websiteId === null || actor.websiteId === websiteId;
  return actor.role === 'admin' && actor.websiteId === websiteId;
}

/** Support staff may look (to answer "why did my code not work?"), not change. */
export function canViewDiscounts(actor: Actor, websiteId: number): boolean {
  return canManageDiscounts(actor, websiteId) || (actor.role === 'support' && actor.websiteId === websiteId);
}

/** Another website's code or campaign is reported as absent, not as forbidden. */
export function assertCanManageDiscounts(actor: Actor, websiteId: number, what = 'Discount code'): void {
  if (!canManageDiscounts(actor, websiteId)) throw NotFound(what);
}

export function assertCanViewDiscounts(actor: Actor, websiteId: number, what = 'Discount code'): void {
  if (!canViewDiscounts(actor, websiteId)) throw NotFound(what);
}

/**
 * Checking which discounts apply: clients for themselves, staff and the system for anyone of
 * their website; writers and editors never. Another website is reported as absent.
 */
export function canEvaluateDiscounts(actor: Actor, input: { websiteId: number; clientId: number | null }): boolean {
  return (
    ofWebsite(actor, input.websiteId) &&
    actor.role !== 'writer' &&
    actor.role !== 'editor' &&
    (actor.role !== 'client' || input.clientId === actor.userId)
  );
}

export function assertCanEvaluateDiscounts(actor: Actor, input: { websiteId: number; clientId: number | null }): void {
  if (!ofWebsite(actor, input.websiteId)) throw NotFound('Website');
  if (actor.role === 'client' && input.clientId !== actor.userId) throw Forbidden('You may only check discounts for yourself');
  if (!canEvaluateDiscounts(actor, input)) throw Forbidden('Only clients and staff check discounts');
}

/** The role the campaign transitions table (campaign-rules.ts) knows the actor by: a mapper, null for anyone else. */
export const campaignRoleOf = (actor: Actor): CampaignActorRole | null => (isAdmin(actor) ? 'admin' : isSystem(actor) ? 'system' : null);
