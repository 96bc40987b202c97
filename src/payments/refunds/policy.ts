import { isAdmin, isSystem, ofWebsite, type Actor } from '../../platform/actor.js';
import type { RefundRole } from './rules.js';

/** Who may do what with refunds (RULES.md: support may request, admins approve). Services call these. */

/**
 * The role the transitions table knows the actor by (a superadmin acts as an admin), or null. A
 * mapper for the table in rules.ts, which decides per transition; the can* below are permissions.
 */
export function refundRoleOf(actor: Actor): RefundRole | null {
  if (isAdmin(actor)) return 'admin';
  if (actor.role === 'support' || actor.role === 'system') return actor.role;
  return null;
}

/** Asking for a refund: support staff and admins (the system never asks; disputes ask as the admin). */
export function canRequestRefund(actor: Actor): boolean {
  const role = refundRoleOf(actor);
  return role === 'support' || role === 'admin';
}

/** Approving and retrying: admins, and the system (the retry job). */
export function canDecideRefund(actor: Actor): boolean {
  const role = refundRoleOf(actor);
  return role === 'admin' || role === 'system';
}

/** Rejecting needs a person's reason: admins only. */
export const canRejectRefund = (actor: Actor): boolean => refundRoleOf(actor) === 'admin';

/** Staff and the system see the refunds of their website; a client only their own. */
export function canSeeRefund(actor: Actor, refund: { websiteId: number; clientId: number }): boolean {
  if (isSystem(actor)) return actor.websiteId === null || actor.websiteId === refund.websiteId;
  if (!ofWebsite(actor, refund.websiteId)) return false;
  if (actor.role === 'client') return actor.userId !== null && actor.userId === refund.clientId;
  return refundRoleOf(actor) !== null;
}

/** The staff's view of a refund (its order's figures, the client's wallet): not the client's. */
export const canSeeRefundAsStaff = (actor: Actor, refund: { websiteId: number; clientId: number }): boolean =>
  actor.role !== 'client' && canSeeRefund(actor, refund);
