import { isStaff, type Actor } from '../platform/actor.js';
import type { OrderActorRole } from './rules.js';

type OrderRef = { websiteId: number; clientId: number | null; writerId: number | null };

/** Whether the actor may see the order at all (else it is reported as not found). */
export function canSeeOrder(actor: Actor, order: OrderRef): boolean {
  if (actor.role === 'superadmin') return actor.websiteId === null || actor.websiteId === order.websiteId;
  if (actor.websiteId !== order.websiteId) return false;
  if (isStaff(actor) || actor.role === 'system') return true;
  if (actor.role === 'client') return actor.userId !== null && actor.userId === order.clientId;
  if (actor.role === 'writer') return actor.userId !== null && actor.userId === order.writerId;
  return false; // editors see orders through their editing tasks (editors issue)
}

/**
 * The role the lifecycle table knows the actor by: a superadmin acts as an admin; support staff
 * steer orders only through admins for now, so they have none.
 */
export function lifecycleRoleOf(actor: Actor): OrderActorRole | null {
  switch (actor.role) {
    case 'superadmin':
    case 'admin':
      return 'admin';
    case 'client':
    case 'writer':
    case 'editor':
    case 'system':
      return actor.role;
    default:
      return null;
  }
}

export const isOrderStaff = isStaff;
