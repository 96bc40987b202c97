import { Forbidden, NotFound } from '../platform/errors.js';
import { isSuperadmin, type Actor, type Role } from '../platform/actor.js';

/**
 * Who may see and change whom. Every identity service calls these; the admin panel's
 * `isAccessible` uses the same functions as a convenience, never as the guard.
 */
type Target = { websiteId: number | null; role: Role; id: number };

/** Staff see users of their own website (a superadmin: every website). */
export function canViewUser(actor: Actor, target: Target): boolean {
  if (actor.userId !== null && actor.userId === target.id) return true;
  if (isSuperadmin(actor)) return true;
  if (actor.role !== 'admin' && actor.role !== 'support') return false;
  return target.websiteId !== null && target.websiteId === actor.websiteId;
}

/** Admins manage clients, writers, editors and support of their website; only a superadmin manages admins and superadmins. */
export function canManageUser(actor: Actor, target: Target): boolean {
  if (actor.userId !== null && actor.userId === target.id) return false; // no approving or suspending oneself
  if (isSuperadmin(actor)) return true;
  if (actor.role !== 'admin') return false;
  if (target.role === 'admin' || target.role === 'superadmin') return false;
  return target.websiteId !== null && target.websiteId === actor.websiteId;
}

export const canViewAuditLog = (actor: Actor): boolean => actor.role === 'admin' || isSuperadmin(actor);
export const canUseBackOffice = (role: string): boolean => role === 'support' || role === 'admin' || role === 'superadmin';

/** Throws 404 when the actor may not even see the user (no leaking that it exists), 403 when they may see but not manage. */
export function assertCanManageUser(actor: Actor, target: Target): void {
  if (!canViewUser(actor, target)) throw NotFound('User');
  if (!canManageUser(actor, target)) throw Forbidden('You may not change this user');
}

export function assertCanViewUser(actor: Actor, target: Target): void {
  if (!canViewUser(actor, target)) throw NotFound('User');
}

/** The website filter a staff actor's user queries are limited to; null means every website (superadmin). */
export function userScopeOf(actor: Actor): { websiteId: number } | null {
  if (isSuperadmin(actor)) return actor.websiteId === null ? null : { websiteId: actor.websiteId };
  if (actor.websiteId === null) throw Forbidden('No website in scope');
  return { websiteId: actor.websiteId };
}
