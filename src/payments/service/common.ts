import { type AuditEntry, recordAudit, recordAudits } from '../../audit/index.js';
import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { currentTransaction, insertRows, sql } from '../../platform/database.js';
import { NotFound } from '../../platform/errors.js';
import { Payment } from '../models.js';
import { canSeePayment } from '../policy.js';
import { recordPaymentsConfirmed } from './events.js';
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
  return (await nextReceiptNumbers([websiteId]))[0]!;
}

/** One receipt number per entry (a website id), in order, drawn in one statement. */
async function nextReceiptNumbers(websiteIds: readonly number[]): Promise<string[]> {
  const rows = await sql<{ n: number }>(
    "SELECT nextval(format('payment_receipt_seq_%s', w)::regclass) AS n FROM unnest($1::bigint[]) WITH ORDINALITY AS t(w, i) ORDER BY i",
    [websiteIds],
  );
  return rows.map((row) => formatReceiptNumber(Number(row.n)));
}

export interface SucceededPaymentFields {
  websiteId: number;
  clientId: number;
  orderId: number | null;
  purpose: PaymentPurpose;
  deadlineChangeId?: number | null;
  revisionId?: number | null;
  installmentId?: number | null;
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
  return (await insertSucceededPayments([{ actor, fields, auditAction }]))[0]!;
}

/** The same for several payments: receipt numbers, rows and audit rows in one statement each. */
export async function insertSucceededPayments(
  items: ReadonlyArray<{ actor: Actor; fields: SucceededPaymentFields; auditAction: string }>,
): Promise<Payment[]> {
  if (!items.length) return [];
  const now = clock.now();
  const receipts = await nextReceiptNumbers(items.map((i) => i.fields.websiteId));
  const payments = await insertRows(
    Payment,
    items.map(({ fields }, i) => ({
      ...fields,
      status: 'succeeded' as const,
      succeededAt: now,
      createdAt: now,
      updatedAt: now,
      receiptNumber: receipts[i]!,
    })),
  );
  await recordAudits(items.map(({ actor, auditAction }, i) => ({ actor, entry: paymentAudit(payments[i]!, auditAction) })));
  await recordPaymentsConfirmed(items.map(({ actor }, i) => ({ actor, payment: payments[i]! })));
  return payments;
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

function paymentAudit(payment: Payment, action: string, extra: { before?: Record<string, unknown>; reason?: string } = {}): AuditEntry {
  return {
    action: `payment.${action}`,
    targetType: 'payment',
    targetId: payment.id,
    websiteId: payment.websiteId,
    before: extra.before,
    after: auditFieldsOf(payment),
    reason: extra.reason,
  };
}

export async function auditPayment(
  actor: Actor,
  payment: Payment,
  action: string,
  extra: { before?: Record<string, unknown>; reason?: string } = {},
): Promise<void> {
  await recordAudit(actor, paymentAudit(payment, action, extra));
}
