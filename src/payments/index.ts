/**
 * The payments area's public API: other areas (Stripe webhooks and card intents, refunds, the back
 * office, jobs) import from here only.
 */
export { Payment, PaymentReminder, initPaymentModels } from './models.js';
export {
  FINAL_PAYMENT_STATUSES,
  PAYMENT_METHODS,
  PAYMENT_PURPOSES,
  PAYMENT_STATUSES,
  PAYMENT_TRANSITIONS,
  decidePaymentTransition,
  payableAmount,
  type PaymentMethod,
  type PaymentPurpose,
  type PaymentStatus,
  type PaymentTransitionName,
} from './rules.js';
export { canSeePayment } from './policy.js';
export { payDeadlineChangeFromWallet, type WalletPayInput, type WalletPayment, paymentPostedWith } from './service/wallet.js';
export { payOrderFromWallet } from './service/wallet-batching.js';
export {
  MIN_TOPUP_CENTS,
  attachPaymentIntent,
  cancelCardPayment,
  findPaymentByIntent,
  markPaymentFailed,
  markPaymentSucceeded,
  startCardPayment,
  type CardConfirmation,
  type CardPaymentInput,
} from './service/card.js';
export { approveManualPayment, recordManualPayment, rejectManualPayment, type ManualPaymentInput } from './service/manual.js';
export { getReceipt, renderReceiptPdf, sendReceiptEmail, type Receipt } from './service/receipts.js';
export { sendPendingReceipts, type ReceiptRun } from './service/receipt-outbox.js';
export {
  getClientPayment,
  listClientPayments,
  type PaymentFilters,
  type PaymentTotals,
  type StaffPaymentFilters,
} from './service/queries.js';
export { exportPaymentsCsv, paymentsCsv } from './service/export.js';
export { sendPaymentReminders, type ReminderRun } from './service/reminders.js';
export { PAYMENT_REMINDER_EVENT, type PaymentReminderPayload } from './service/reminders.js';
export { serializeClientPayment, type ClientPaymentView } from './serializers.js';
export { orderPaymentsRouter, paymentsRouter, sendPaymentsCsv, staffPaymentsRouter } from './routes.js';
export { staffPaymentsQuery } from './schemas.js';
export { PAYMENT_CONFIRMED_EVENT, type PaymentConfirmedPayload } from './service/events.js';
