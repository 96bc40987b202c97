import { recordAudit } from '../../audit/service.js';
import type { Actor } from '../../identity/actor.js';
import { ctx } from '../../platform/context.js';
import { currentTransaction } from '../../platform/database.js';
import { NotFound } from '../../platform/errors.js';
import { nextCounterValue } from '../../tenancy/counters.js';
import { Payment } from '../models.js';
import { canSeePayment } from '../policy.js';
import { FIRST_RECEIPT_NUMBER, formatReceiptNumber, RECEIPT_COUNTER } from '../rules.js';
import { sendReceiptEmail } from './receipts.js';

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
 * The next receipt number of the website. The counter row stays locked until commit, so every
 * payment of the website queues behind it: take it as the last write of the transaction.
 */
export async function nextReceiptNumber(websiteId: number): Promise<string> {
  return formatReceiptNumber(await nextCounterValue(websiteId, RECEIPT_COUNTER, FIRST_RECEIPT_NUMBER));
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

/**
 * Emails the receipt once the outermost transaction has committed — never inside it (a mail
 * server must not hold row locks, and a rolled-back payment must send nothing). It does not delay
 * the caller's answer; a failure is logged.
 */
export function emailReceiptAfterCommit(paymentId: number): void {
  const transaction = currentTransaction();
  if (!transaction) throw new Error('emailReceiptAfterCommit must run inside a transaction');
  transaction.afterCommit(() => {
    sendReceiptEmail(paymentId).catch((err: unknown) => ctx().logger.error({ err, paymentId }, 'sending a payment receipt failed'));
  });
}
