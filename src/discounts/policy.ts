import type { Actor } from '../platform/actor.js';
import { NotFound } from '../platform/errors.js';

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
