import type { Actor } from '../platform/actor.js';
import type { AccountRef } from './rules.js';

/** Who may do what with the ledger. The services call these; routes and resources never decide. */

/** A superadmin may act on any website (DESIGN.md "Actor"); everyone else on their own. */
const ofWebsite = (actor: Actor, websiteId: number) => actor.role === 'superadmin' || actor.websiteId === websiteId;

const isAdmin = (actor: Actor) => actor.role === 'admin' || actor.role === 'superadmin';
const isStaff = (actor: Actor) => isAdmin(actor) || actor.role === 'support';

/**
 * Posting is the inside of other services (payments, writers, fines…), which check their own
 * rules first; here only the website must be the actor's (the system acts on any).
 */
export function canPostOn(actor: Actor, websiteId: number): boolean {
  return actor.role === 'system' || ofWebsite(actor, websiteId);
}

/** Correcting balances by hand: admins of the website only. */
export function canAdjust(actor: Actor, websiteId: number): boolean {
  return isAdmin(actor) && ofWebsite(actor, websiteId);
}

/** Reversing a transaction: admins, and the system (a service undoing its own posting). */
export function canReverse(actor: Actor, websiteId: number): boolean {
  return (isAdmin(actor) && ofWebsite(actor, websiteId)) || actor.role === 'system';
}

/**
 * Reading an account: staff of its website see every account; a client sees only their wallet,
 * a writer only their payable balance.
 */
export function canSeeAccount(actor: Actor, websiteId: number, ref: AccountRef): boolean {
  if (actor.role === 'system') return actor.websiteId === null || actor.websiteId === websiteId;
  if (!ofWebsite(actor, websiteId)) return false;
  if (isStaff(actor)) return true;
  if (actor.userId === null || ref.ownerId !== actor.userId) return false;
  if (actor.role === 'client') return ref.kind === 'client_wallet';
  if (actor.role === 'writer') return ref.kind === 'writer_payable';
  return false;
}

/** Whole transactions (every account they touch): staff of the website and the system. */
export function canSeeLedger(actor: Actor, websiteId: number): boolean {
  if (actor.role === 'system') return actor.websiteId === null || actor.websiteId === websiteId;
  return isStaff(actor) && ofWebsite(actor, websiteId);
}
