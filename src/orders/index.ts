/** The orders area's public module: code outside src/orders/ imports from here only (docs/ARCHITECTURE.md). */
export { orderHooks } from './hooks.js';
export type { OrderCancelledEvent, OrderCompletedEvent, SentToEditingEvent, WriterAssignedEvent } from './hooks.js';
export { provideEditing } from './editing.js';
export type { EditingProvider } from './editing.js';
export { deliverEditedOrder, returnOrderToWriter } from './service/editing.js';
export { initOrderModels, Order } from './models.js';
export { canSeeOrder } from './policy.js';
export { screenForCounterparty } from './screening.js';
export { MY_ORDERS_PATH, myOrdersHandlers, ordersRouter } from './routes.js';
export { ORDER_STATUSES, outstandingCents, statusesFor, statusesLeadingTo } from './rules.js';
export { orderIdParams } from './schemas.js';
export { approveOrder } from './service/client-actions.js';
export { deliverOrder } from './service/deliver.js';
export { priceDraft } from './service/draft-price.js';
export { lockOrders, lockVisibleOrder, recordOrderEvent, ORDER_EVENT_TYPE, type OrderEventPayload } from './service/lifecycle.js';
export { recordOrderPayment, recordPaymentsOnLockedOrders } from './service/payment-hook.js';
export {
  autoApproveDeliveredOrders,
  expirePreferredWriterInvitations,
  expireUnpaidOrders,
  flagOverdueAndStuckOrders,
  openUnclaimedPreferredOrders,
  UNPAID_EXPIRY_DAYS,
} from './service/scheduled.js';
export {
  archiveOrder,
  assignWriter,
  attachClient,
  cancelOrder,
  DISPUTE_OUTCOMES,
  holdOrder,
  keepOrder,
  reassignWriter,
  releaseOrder,
  resolveDispute,
  runBulk,
  unassignWriter,
} from './service/staff-actions.js';
export type { BulkResult, DisputeOutcome } from './service/staff-actions.js';
export { cancellationPreview, clientChoices, orderHistory, writerChoices } from './service/staff-queries.js';
export { createDraftOrder, missingForSubmission, submitOrder } from './service/wizard.js';
export type { OrderDetailsInput } from './service/wizard.js';
export { writerOrdersRouter, writerSubjectsRouter } from './writer-routes.js';
export { provideWriterPay } from './writer-pay.js';
export type { PayPreview, PayTerms, PayWork, WriterPayProvider } from './writer-pay.js';
export { provideWriterStanding } from './writer-standing.js';
export type { WriterLevelStanding, WriterRestriction, WriterStandingProvider } from './writer-standing.js';
export { draftSubtotal } from './service/draft-subtotal.js';
export { screenBody } from './screening.js';
