import { isAdmin, isStaff, ofWebsite, type Actor } from '../../platform/actor.js';

/** Who may do what with email templates and the outgoing mail records. The services call these. */

/** Admins of the website (a superadmin any) read, write, preview, test and roll back its overrides. */
export const canManageEmailTemplates = (actor: Actor, websiteId: number): boolean => isAdmin(actor) && ofWebsite(actor, websiteId);

/** Staff of the website (support included) search its outgoing mail; a superadmin every website's. */
export const canReadEmailMessages = (actor: Actor, websiteId: number | null): boolean =>
  isStaff(actor) && (websiteId === null ? actor.role === 'superadmin' : ofWebsite(actor, websiteId));
