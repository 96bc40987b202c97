import { isSuperadmin, type Actor } from '../platform/actor.js';

/** Who may manage websites (brands, domains, settings): a superadmin only. */
export const canManageWebsites = (actor: Actor): boolean => isSuperadmin(actor);
