import { isAdmin, isStaff, ofWebsite, type Actor } from '../platform/actor.js';
import type { PaymentRole } from './rules.js';

/**
 * Who may do what with payments. The services call these; routes, resources and jobs never decide.
 * `can*` answers, the services throw (NotFound for what the actor may not see, Forbidden else).
 */

type PaymentRef = { websiteId: number; clientId: number };

/** Whether the actor may see the payment at all (else it is reported as not found). */
export function canSeePayment(actor: Actor, payment: PaymentRef): boolean {
  if (actor.role === 'system') return actor.websiteId === null || actor.websiteId === payment.websiteId;
  if (!ofWebsite(actor, payment.websiteId)) return false;
  if (isStaff(actor)) return true;
  return actor.role === 'client' && actor.userId !== null && actor.userId === payment.clientId;
}

/** A signed-in client of a website: who pays by card and has a payment history of their own. */
export const canPayAsClient = (actor: Actor): boolean => actor.role === 'client' && actor.userId !== null && actor.websiteId !== null;

/** A client's own payment, in their own views (staff see payments through the staff views). */
export const canSeeOwnPayment = (actor: Actor, payment: PaymentRef): boolean => actor.role === 'client' && canSeePayment(actor, payment);

/** Paying from a wallet: only its owner, for their own order. */
export function canPayFromWallet(actor: Actor, order: { websiteId: number; clientId: number | null }): boolean {
  return actor.role === 'client' && actor.userId !== null && actor.userId === order.clientId && actor.websiteId === order.websiteId;
}

/** Recording offline money (a bank transfer, cash): support and admins of the website. */
export const canRecordManualPayment = (actor: Actor, websiteId: number): boolean => isStaff(actor) && ofWebsite(actor, websiteId);

/** Staff lists and exports of the website's payments. */
export const canSeeWebsitePayments = (actor: Actor, websiteId: number | null): boolean =>
  isStaff(actor) && (websiteId === null ? actor.role === 'superadmin' && actor.websiteId === null : ofWebsite(actor, websiteId));

/** The role the payment transitions table knows the actor by (null: none at all). A mapper for the table in rules.ts, not a permission. */
export function paymentRoleOf(actor: Actor): PaymentRole | null {
  if (actor.role === 'system') return 'system';
  if (isAdmin(actor)) return 'admin';
  if (actor.role === 'client') return 'client';
  return null;
}
