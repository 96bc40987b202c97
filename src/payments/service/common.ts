import { recordAudit } from '../../audit/service.js';
import type { Actor } from '../../identity/actor.js';
import { clock } from '../../platform/clock.js';
import { currentTransaction, insertRow, sql } from '../../platform/database.js';
import { NotFound } from '../../platform/errors.js';
import { Payment } from '../models.js';
import { canSeePayment } from '../policy.js';
import { formatReceiptNumber, type PaymentMethod, type PaymentPurpose } from '../rules.js';

/** Pieces shared by the payment use cases; each runs inside the caller's transaction. */

/** Loads a payment the actor may see, locked for the rest of the transaction; else 404. */
export async function lockVisiblePayment(actor: Actor, paymentId: number): Promise<Payment> {
  const transaction = currentTransaction();
  if (!transaction) throw new Error('lockVisiblePayment must run inside a transaction');
  if (!Number.isSafeInteger(paymentId) || paymentId <= 0) throw NotFound('Payment');
  const payment = await Payment.findByPk(paymentId, { lock: transaction.LOCK.UPDATE });
  if (!payment || !canSeePayment(actor, payment)) throw NotFound('Payment');
  return payment;
}

/**
 * The next receipt number of the website, from its sequence (migration 091): unique and increasing
 * per website, and it never waits on another payment (a gap-free counter row would queue them all).
 */
export async function nextReceiptNumber(websiteId: number): Promise<string> {
  const [row] = await sql<{ n: number }>("SELECT nextval(format('payment_receipt_seq_%s', $1::bigint)::regclass) AS n", [websiteId]);
  return formatReceiptNumber(Number(row!.n));
}

export interface SucceededPaymentFields {
  websiteId: number;
  clientId: number;
  orderId: number | null;
  purpose: PaymentPurpose;
  deadlineChangeId?: number | null;
  method: PaymentMethod;
  amountCents: number;
  currency: string;
  ledgerTransactionId: number;
  reference?: string | null;
  createdBy: number | null;
  approvedBy?: number | null;
}

/** Inserts a payment that has succeeded (a wallet payment) with its receipt number, audited; the receipt outbox emails it. */
export async function insertSucceededPayment(actor: Actor, fields: SucceededPaymentFields, auditAction: string): Promise<Payment> {
  const now = clock.now();
  const payment = await insertRow(Payment, {
    ...fields, status: 'succeeded', succeededAt: now, createdAt: now, updatedAt: now, receiptNumber: await nextReceiptNumber(fields.websiteId),
  });
  await auditPayment(actor, payment, auditAction);
  return payment;
}

export const auditFieldsOf = (payment: Payment) => ({
  status: payment.status,
  amountCents: payment.amountCents,
  method: payment.method,
  purpose: payment.purpose,
  orderId: payment.orderId,
  receiptNumber: payment.receiptNumber,
  ledgerTransactionId: payment.ledgerTransactionId,
});

export async function auditPayment(actor: Actor, payment: Payment, action: string, extra: { before?: Record<string, unknown>; reason?: string } = {}): Promise<void> {
  await recordAudit(actor, {
    action: `payment.${action}`,
    targetType: 'payment',
    targetId: payment.id,
    websiteId: payment.websiteId,
    before: extra.before,
    after: auditFieldsOf(payment),
    reason: extra.reason,
  });
}
