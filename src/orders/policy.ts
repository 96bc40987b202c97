import { isAdmin, isStaff, isSystem, ofWebsite, type Actor } from '../platform/actor.js';
import { Forbidden } from '../platform/errors.js';
import type { OrderActorRole } from './rules.js';

/**
 * Who may do what with orders. Convention of every area's policy: `can*` answers with a boolean,
 * `assertCan*` throws the typed error (NotFound for what the actor may not even see, Forbidden
 * for what they may see but not do). The services call these; routes and resources never decide.
 */

type OrderRef = { websiteId: number; clientId: number | null; writerId: number | null };

/** Whether the actor may see the order at all (else it is reported as not found). */
export function canSeeOrder(actor: Actor, order: OrderRef): boolean {
  if (!ofWebsite(actor, order.websiteId)) return false;
  if (isStaff(actor) || isSystem(actor)) return true;
  if (actor.role === 'client') return actor.userId !== null && actor.userId === order.clientId;
  if (actor.role === 'writer') return actor.userId !== null && actor.userId === order.writerId;
  return false; // editors see orders through their editing tasks (editors issue)
}

/** A signed-in client (their own orders, payments and decisions). */
export const canActAsClient = (actor: Actor): boolean => actor.role === 'client' && actor.userId !== null;

export function assertCanActAsClient(actor: Actor, refusal = 'Only the client of the order may do this'): void {
  if (!canActAsClient(actor)) throw Forbidden(refusal);
}

/** A signed-in writer of a website (taking, requesting, working on orders). */
export const canActAsWriter = (actor: Actor): boolean => actor.role === 'writer' && actor.userId !== null && actor.websiteId !== null;

/** Support, admins and superadmins: the staff's views of orders, their messages and writers. */
export const canActAsOrderStaff = (actor: Actor): boolean => isStaff(actor);

export function assertCanActAsOrderStaff(actor: Actor, refusal = 'Only staff may look this up'): void {
  if (!canActAsOrderStaff(actor)) throw Forbidden(refusal);
}

/** Admins (a superadmin acts as one) steer orders: assign, hold, cancel, resolve, attach, set subjects. */
export const canSteerOrders = (actor: Actor): boolean => isAdmin(actor);

export function assertCanSteerOrders(actor: Actor, refusal = 'Only admins steer orders'): void {
  if (!canSteerOrders(actor)) throw Forbidden(refusal);
}

/** Clients (their own) and admins (for a client, or unattributed) create and edit draft orders; support does not. */
export const canDraftOrders = (actor: Actor): boolean => actor.role === 'client' || canSteerOrders(actor);

/** The order's client or an admin: who may move its deadline or withdraw a revision waiting for payment. */
export const canAmendOrder = (actor: Actor, order: { clientId: number | null }): boolean =>
  (canActAsClient(actor) && actor.userId === order.clientId) || canSteerOrders(actor);

/** An order's revisions: its client and staff; a writer learns of one only by the order coming back. */
export const canSeeRevisionsOf = (actor: Actor, order: OrderRef): boolean =>
  canSeeOrder(actor, order) && (actor.role === 'client' || canActAsOrderStaff(actor));

/** A writer's subjects: the writer themself, and staff (of the writer's website: see canSeeWriter). */
export const canSeeWriterSubjects = (actor: Actor, writerId: number): boolean =>
  (actor.role === 'writer' && actor.userId === writerId) || canActAsOrderStaff(actor);

/** Whether the writer is on the actor's website (else reported as not found). */
export const canSeeWriter = (actor: Actor, writer: { websiteId: number | null }): boolean =>
  writer.websiteId !== null && ofWebsite(actor, writer.websiteId);

/**
 * The role the lifecycle table knows the actor by: a superadmin acts as an admin; support staff
 * steer orders only through admins for now, so they have none. A mapper, not a permission: the
 * transitions table (rules.ts) decides what each role may do.
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

/**
 * Who marks an order paid in full: an admin recording the payment does so as themself; any other
 * payer's money (a client's wallet, Stripe's confirmation) marks it paid as the system, which the
 * table lets publish the order. A mapper like lifecycleRoleOf.
 */
export const markPaidActorOf = (actor: Actor): Actor => ({ ...actor, role: isAdmin(actor) ? actor.role : 'system' });
