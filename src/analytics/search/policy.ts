import { isStaff, isSuperadmin, type Actor } from '../../platform/actor.js';
import { Forbidden } from '../../platform/errors.js';

/**
 * Who finds what in the back-office search. Each kind of result is shown to whom the back office
 * already shows it: orders, users, payments and refunds, held order messages and tickets (internal
 * notes included) are listed to support, admins and the superadmin alike (resources/orders.ts,
 * identity.ts, payments.ts, refunds.ts, messages.ts, support.ts), each within its website scope.
 * A kind that some staff role may not list elsewhere must be left out here for that role too.
 */
export const SEARCH_TYPES = ['order', 'user', 'payment', 'refund', 'message', 'ticket_message'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

const SEEN_BY: Record<SearchType, ReadonlyArray<Actor['role']>> = {
  order: ['support', 'admin', 'superadmin'],
  user: ['support', 'admin', 'superadmin'],
  payment: ['support', 'admin', 'superadmin'],
  refund: ['support', 'admin', 'superadmin'],
  message: ['support', 'admin', 'superadmin'],
  ticket_message: ['support', 'admin', 'superadmin'],
};

/** The websites a search covers: `websiteIds` null = every website (and the superadmins, who have none). */
export interface SearchScope {
  websiteIds: number[] | null;
  types: ReadonlySet<SearchType>;
}

/** Staff only; admin and support of their own website, a superadmin every website (or the one it acts on). */
export function searchScopeOf(actor: Actor): SearchScope {
  if (!isStaff(actor)) throw Forbidden('Only staff search the back office');
  const types = new Set(SEARCH_TYPES.filter((t) => SEEN_BY[t].includes(actor.role)));
  if (isSuperadmin(actor)) return { websiteIds: actor.websiteId === null ? null : [actor.websiteId], types };
  if (actor.websiteId === null) throw Forbidden('No website in scope');
  return { websiteIds: [actor.websiteId], types };
}
