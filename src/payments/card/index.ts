/** The payments/card sub-area's public module: code outside src/payments/card/ imports from here only (docs/ARCHITECTURE.md). */
export { settleAbandonedCardPayments } from './cleanup.js';
export { cardPaymentsRouter } from './routes.js';
export { onChargeDisputeCreated, onPaymentIntentCanceled, onPaymentIntentFailed, onPaymentIntentSucceeded } from './handlers.js';
