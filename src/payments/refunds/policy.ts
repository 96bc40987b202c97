import { ofWebsite, type Actor } from '../../platform/actor.js';
import type { RefundRole } from './rules.js';

/** Who may do what with refunds (RULES.md: support may request, admins approve). Services call these. */

/** The role the transitions table knows the actor by (a superadmin acts as an admin), or null. */
export function refundRoleOf(actor: Actor): RefundRole | null {
  if (actor.role === 'admin' || actor.role === 'superadmin') return 'admin';
  if (actor.role === 'support' || actor.role === 'system') return actor.role;
  return null;
}

export function canRequestRefund(actor: Actor): boolean {
  return refundRoleOf(actor) !== null;
}

export function canDecideRefund(actor: Actor): boolean {
  const role = refundRoleOf(actor);
  return role === 'admin' || role === 'system';
}

/** Staff and the system see the refunds of their website; a client only their own. */
export function canSeeRefund(actor: Actor, refund: { websiteId: number; clientId: number }): boolean {
  if (actor.role === 'system') return actor.websiteId === null || actor.websiteId === refund.websiteId;
  if (!ofWebsite(actor, refund.websiteId)) return false;
  if (actor.role === 'client') return actor.userId !== null && actor.userId === refund.clientId;
  return refundRoleOf(actor) !== null;
}
