import { isAdmin, isStaff, isSystem, isSystemFor, ofWebsite, type Actor } from '../platform/actor.js';
import type { AccountRef } from './rules.js';

/**
 * Who may do what with the ledger. The services call these; routes and resources never decide.
 * The website rule is the shared one (platform/actor.ts `ofWebsite`): an actor's own website; a
 * superadmin the website it is scoped to, or every website when acting across them (the back
 * office). Until issue 10 this file had its own copy that let a superadmin scoped to one website
 * act on any other's ledger, which no other area allowed (see test/ledger/policy.test.ts).
 */

/**
 * Posting is the inside of other services (payments, writers, fines…), which check their own
 * rules first; here only the website must be the actor's (the system acts on any).
 */
export function canPostOn(actor: Actor, websiteId: number): boolean {
  return isSystem(actor) || ofWebsite(actor, websiteId);
}

/** Correcting balances by hand: admins of the website only. */
export function canAdjust(actor: Actor, websiteId: number): boolean {
  return isAdmin(actor) && ofWebsite(actor, websiteId);
}

/** Posting an adjustment: admins of the website, and the system (a service correcting its own posting). */
export function canPostAdjustment(actor: Actor, websiteId: number): boolean {
  return canAdjust(actor, websiteId) || isSystem(actor);
}

/** Reversing a transaction: admins, and the system (a service undoing its own posting). */
export function canReverse(actor: Actor, websiteId: number): boolean {
  return canPostAdjustment(actor, websiteId);
}

/** The website an actor may name for reads and adjustments: its own (as ofWebsite), or any for the system acting across websites. */
export function canNameWebsite(actor: Actor, websiteId: number): boolean {
  return ofWebsite(actor, websiteId) || isSystemFor(actor, websiteId);
}

/**
 * Reading an account: staff of its website see every account; a client sees only their wallet,
 * a writer only their payable balance.
 */
export function canSeeAccount(actor: Actor, websiteId: number, ref: AccountRef): boolean {
  if (isSystem(actor)) return isSystemFor(actor, websiteId);
  if (!ofWebsite(actor, websiteId)) return false;
  if (isStaff(actor)) return true;
  if (actor.userId === null || ref.ownerId !== actor.userId) return false;
  if (actor.role === 'client') return ref.kind === 'client_wallet';
  if (actor.role === 'writer') return ref.kind === 'writer_payable';
  return false;
}

/** Whole transactions (every account they touch): staff of the website and the system. */
export function canSeeLedger(actor: Actor, websiteId: number): boolean {
  if (isSystem(actor)) return isSystemFor(actor, websiteId);
  return isStaff(actor) && ofWebsite(actor, websiteId);
}
