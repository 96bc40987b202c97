import { isAdmin, ofWebsite, type Actor } from '../platform/actor.js';

/**
 * Who may read the activity log. The same rule as identity's canViewAuditLog (the audit log's
 * back-office list), said here because audit sits below identity: admins of a website read its
 * rows, a superadmin every website's; support does not.
 */
export const canReadAuditTrail = (actor: Actor): boolean => isAdmin(actor);

/** Whether the actor reads this website's rows (a superadmin acting across websites reads every one). */
export const canReadAuditOf = (actor: Actor, websiteId: number | null): boolean =>
  canReadAuditTrail(actor) && (websiteId === null ? actor.role === 'superadmin' && actor.websiteId === null : ofWebsite(actor, websiteId));
