import type { Actor } from '../../identity/actor.js';
import type { PlanRole } from './rules.js';

/** Who may do what with installment plans; the services call these, the doors never decide. */

type OrderRef = { websiteId: number; clientId: number | null };

const isStaff = (actor: Actor) => actor.role === 'support' || actor.role === 'admin' || actor.role === 'superadmin';
/** A superadmin acting on one website is scoped to it; acting across websites sees all. */
const ofWebsite = (actor: Actor, websiteId: number) =>
  actor.role === 'superadmin' ? actor.websiteId === null || actor.websiteId === websiteId : actor.websiteId === websiteId;

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

/** The system (jobs) acts on any website it is scoped to. */
export const isSystemFor = (actor: Actor, websiteId: number): boolean =>
  actor.role === 'system' && (actor.websiteId === null || actor.websiteId === websiteId);

export const planRoleOf = (actor: Actor): PlanRole | null => (actor.role === 'system' ? 'system' : isStaff(actor) ? 'staff' : null);
