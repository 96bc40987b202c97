import type { Payment } from './models.js';
import type { PaymentMethod, PaymentPurpose, PaymentStatus } from './rules.js';

/** What a client sees of a payment: no staff ids, no Stripe or ledger internals. */
export interface ClientPaymentView {
  id: number;
  purpose: PaymentPurpose;
  method: PaymentMethod;
  status: PaymentStatus;
  amountCents: number;
  refundedCents: number;
  currency: string;
  orderId: number | null;
  orderNumber: string | null;
  /** What the payment was for, beside its purpose: the deadline change, paid revision or installment it pays. */
  deadlineChangeId: number | null;
  revisionId: number | null;
  installmentId: number | null;
  /** The money went to the client's wallet instead (its target could no longer take it). */
  creditedToWallet: boolean;
  receiptNumber: string | null;
  /** Path of the PDF receipt (succeeded payments only). */
  receiptUrl: string | null;
  failureReason: string | null;
  createdAt: string;
  succeededAt: string | null;
}

/** The columns every view reads (raw SQL rows and model instances alike). */
export interface PaymentRow {
  id: number;
  purpose: PaymentPurpose;
  method: PaymentMethod;
  status: PaymentStatus;
  amountCents: number;
  refundedCents: number;
  currency: string;
  orderId: number | null;
  deadlineChangeId: number | null;
  revisionId: number | null;
  installmentId: number | null;
  creditedToWallet: boolean;
  receiptNumber: string | null;
  failureReason: string | null;
  createdAt: Date | string;
  succeededAt: Date | string | null;
}

const iso = (value: Date | string) => new Date(value).toISOString();

export function serializeClientPayment(row: PaymentRow, orderNumber: string | null): ClientPaymentView {
  return {
    id: row.id,
    purpose: row.purpose,
    method: row.method,
    status: row.status,
    amountCents: row.amountCents,
    refundedCents: row.refundedCents,
    currency: row.currency,
    orderId: row.orderId,
    orderNumber,
    deadlineChangeId: row.deadlineChangeId,
    revisionId: row.revisionId,
    installmentId: row.installmentId,
    creditedToWallet: row.creditedToWallet,
    receiptNumber: row.receiptNumber,
    receiptUrl: row.status === 'succeeded' ? `/api/v1/payments/${row.id}/receipt.pdf` : null,
    failureReason: row.failureReason,
    createdAt: iso(row.createdAt),
    succeededAt: row.succeededAt ? iso(row.succeededAt) : null,
  };
}

export const paymentRowOf = (payment: Payment): PaymentRow => payment.get({ plain: true }) as PaymentRow;
