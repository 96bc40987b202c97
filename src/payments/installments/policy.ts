import { isStaff, ofWebsite, type Actor } from '../../platform/actor.js';
import type { PlanRole } from './rules.js';

/** Who may do what with installment plans; the services call these, the doors never decide. */

type OrderRef = { websiteId: number; clientId: number | null };

/** Making and canceling plans: support and admins of the order's website. */
export const mayManagePlans = (actor: Actor, order: OrderRef): boolean => isStaff(actor) && ofWebsite(actor, order.websiteId);

/** Seeing an order's plan: the order's client, and staff of its website. */
export function maySeePlan(actor: Actor, order: OrderRef): boolean {
  if (mayManagePlans(actor, order)) return true;
  return actor.role === 'client' && actor.userId !== null && actor.userId === order.clientId && actor.websiteId === order.websiteId;
}

/** Paying an installment: only the order's client (from their own wallet). */
export const mayPayInstallment = (actor: Actor, order: OrderRef): boolean =>
  actor.role === 'client' && actor.userId !== null && actor.userId === order.clientId && actor.websiteId === order.websiteId;


export const planRoleOf = (actor: Actor): PlanRole | null => (actor.role === 'system' ? 'system' : isStaff(actor) ? 'staff' : null);
