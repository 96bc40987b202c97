import { isAdmin, isSuperadmin, isSystemFor, ofWebsite, type Actor } from '../../platform/actor.js';

/**
 * Who may write to many people at once: admins of the website (a superadmin any website). Support
 * agents answer tickets; they do not send campaigns or broadcasts.
 */
export const canManageCampaigns = (actor: Actor, websiteId: number): boolean => isAdmin(actor) && ofWebsite(actor, websiteId);

/** The job runs the sending of any website's campaigns. */
export const canRunCampaigns = (actor: Actor, websiteId: number): boolean => isSystemFor(actor, websiteId);

/**
 * The website a campaign or broadcast addresses: an admin's own, always; a superadmin's is the one
 * the audience names, else the one it acts on. Null: none could be decided (the caller refuses).
 */
export function addressedWebsite(actor: Actor, named: number | undefined): number | null | 'refused' {
  if (isSuperadmin(actor)) return named ?? actor.websiteId;
  if (named !== undefined && named !== actor.websiteId) return 'refused';
  return actor.websiteId;
}
