import { isAdmin, isSelf, isStaff, isSystemFor, ofWebsite, type Actor } from '../platform/actor.js';
import type { TicketRole } from './rules.js';

/** Who may do what with support tickets (RULES.md "Support"). The services call these; routes and resources never decide. */

/** The role the transitions table knows the actor by (a superadmin acts as an admin), or null (editors). */
export function ticketRoleOf(actor: Actor): TicketRole | null {
  if (isAdmin(actor)) return 'admin';
  if (actor.role === 'support' || actor.role === 'system') return actor.role;
  if (actor.role === 'client' || actor.role === 'writer') return 'customer';
  return null;
}

/** Clients and writers open tickets on their own website. */
export const canOpenTicket = (actor: Actor): boolean =>
  (actor.role === 'client' || actor.role === 'writer') && actor.userId !== null && actor.websiteId !== null;

/** The customer who opened it sees their ticket; staff those of their website (a superadmin any); the system its website's. */
export function canSeeTicket(actor: Actor, ticket: { websiteId: number; requesterId: number }): boolean {
  if (actor.role === 'system') return isSystemFor(actor, ticket.websiteId);
  if (!ofWebsite(actor, ticket.websiteId)) return false;
  if (actor.role === 'client' || actor.role === 'writer') return isSelf(actor, ticket.requesterId);
  return isStaff(actor);
}

/** Staff of the website work its tickets: the queue, internal notes, the dashboard. */
export const canWorkTickets = (actor: Actor, websiteId: number): boolean => isStaff(actor) && ofWebsite(actor, websiteId);

/** Canned replies: staff read them; admins of the website write them. */
export const canEditCannedReplies = (actor: Actor, websiteId: number): boolean => isAdmin(actor) && ofWebsite(actor, websiteId);

/** Who may hold tickets: active support agents and admins of the ticket's website. */
export const AGENT_ROLES = ['support', 'admin'] as const;
