import { isAdmin, isStaff, ofWebsite, type Actor } from '../platform/actor.js';
import type { PaymentRole } from './rules.js';

/** Who may do what with payments. The services call these; routes, resources and jobs never decide. */

type PaymentRef = { websiteId: number; clientId: number };

/** Whether the actor may see the payment at all (else it is reported as not found). */
export function canSeePayment(actor: Actor, payment: PaymentRef): boolean {
  if (actor.role === 'system') return actor.websiteId === null || actor.websiteId === payment.websiteId;
  if (!ofWebsite(actor, payment.websiteId)) return false;
  if (isStaff(actor)) return true;
  return actor.role === 'client' && actor.userId !== null && actor.userId === payment.clientId;
}

/** Paying from a wallet: only its owner, for their own order. */
export function mayPayFromWallet(actor: Actor, order: { websiteId: number; clientId: number | null }): boolean {
  return actor.role === 'client' && actor.userId !== null && actor.userId === order.clientId && actor.websiteId === order.websiteId;
}

/** Recording offline money (a bank transfer, cash): support and admins of the website. */
export const mayRecordManualPayment = (actor: Actor, websiteId: number): boolean => isStaff(actor) && ofWebsite(actor, websiteId);

/** Staff lists and exports of the website's payments. */
export const maySeeWebsitePayments = (actor: Actor, websiteId: number | null): boolean =>
  isStaff(actor) && (websiteId === null ? actor.role === 'superadmin' && actor.websiteId === null : ofWebsite(actor, websiteId));

/** The role the payment transitions table knows the actor by (null: none at all). */
export function paymentRoleOf(actor: Actor): PaymentRole | null {
  if (actor.role === 'system') return 'system';
  if (isAdmin(actor)) return 'admin';
  if (actor.role === 'client') return 'client';
  return null;
}

export const isPaymentStaff = isStaff;
