/** The payments/refunds sub-area's public module: code outside src/payments/refunds/ imports from here only (docs/ARCHITECTURE.md). */
export { initRefundModels, Refund } from './models.js';
export { orderRefundsRouter } from './routes.js';
export { REFUND_DESTINATIONS, REFUND_SOURCES, REFUND_STATUSES } from './rules.js';
export type { RefundDestination } from './rules.js';
export { approveRefund, rejectRefund } from './service/approve.js';
export { retryProcessingRefunds, retryRefund } from './service/card.js';
export { refundSummary } from './service/queries.js';
export { requestRefund } from './service/request.js';
export { settleCancelledOrder } from './service/cancellation.js';
export { onChargeRefunded, prepareChargeRefunded } from './webhooks.js';
export { REFUND_DECIDED_EVENT, type RefundDecidedPayload } from './service/events.js';
