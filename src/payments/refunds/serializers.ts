import type { Refund } from './models.js';

/** A refund as its client sees it: amounts, where it goes, where it stands — no staff notes or Stripe ids. */
export function serializeClientRefund(refund: Refund) {
  return {
    id: refund.id,
    orderId: refund.orderId,
    amountCents: refund.amountCents,
    currency: refund.currency,
    destination: refund.destination,
    walletCents: refund.walletCents,
    cardCents: refund.cardCents,
    source: refund.source,
    status: refund.status,
    requestedAt: refund.createdAt.toISOString(),
    processedAt: refund.processedAt ? refund.processedAt.toISOString() : null,
  };
}

/** A refund as staff see it in the API: the client's view plus who asked and decided, and what went wrong. */
export function serializeStaffRefund(refund: Refund) {
  return {
    ...serializeClientRefund(refund),
    websiteId: refund.websiteId,
    clientId: refund.clientId,
    paymentId: refund.paymentId,
    reason: refund.reason,
    requestedBy: refund.requestedBy,
    approvedBy: refund.approvedBy,
    rejectedBy: refund.rejectedBy,
    rejectedReason: refund.rejectedReason,
    stripeRefundId: refund.stripeRefundId,
    walletTransactionId: refund.walletTransactionId,
    cardTransactionId: refund.cardTransactionId,
    attempts: refund.attempts,
    lastError: refund.lastError,
  };
}
