import { isStaff, isSystem, ofWebsite, type Actor } from '../../platform/actor.js';
import { canPayFromWallet } from '../policy.js';
import type { PlanRole } from './rules.js';

/** Who may do what with installment plans; the services call these, the doors never decide. */

type OrderRef = { websiteId: number; clientId: number | null };

/** Making and canceling plans: support and admins of the order's website. */
export const canManagePlans = (actor: Actor, order: OrderRef): boolean => isStaff(actor) && ofWebsite(actor, order.websiteId);

/** Paying an installment: only the order's client, from their own wallet (as for any wallet payment). */
export const canPayInstallment = (actor: Actor, order: OrderRef): boolean => canPayFromWallet(actor, order);

/** Seeing an order's plan: the order's client, and staff of its website. */
export const canSeePlan = (actor: Actor, order: OrderRef): boolean => canManagePlans(actor, order) || canPayInstallment(actor, order);

/** The role the plan transitions table (rules.ts) knows the actor by: a mapper, not a permission. */
export const planRoleOf = (actor: Actor): PlanRole | null => (isSystem(actor) ? 'system' : isStaff(actor) ? 'staff' : null);
