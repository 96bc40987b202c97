/** The writers/payouts sub-area's public module: code outside src/writers/payouts/ imports from here only (docs/ARCHITECTURE.md). */
export { initPayoutModels, Payout, PayoutLine, PayoutRequest, WriterPayoutSetting } from './models.js';
export {
  PAYOUT_METHODS,
  PAYOUT_REQUEST_KINDS,
  PAYOUT_REQUEST_STATUSES,
  PAYOUT_SCHEDULES,
  PAYOUT_STATUSES,
  PAYOUT_TRIGGERS,
  type PayoutMethod,
  type PayoutStatus,
} from './rules.js';
export { payoutSettings } from './settings.js';
export { buildDuePayouts, type BuildRun } from './service/build.js';
export {
  bulkMarkPayoutsPaid,
  cancelPayout,
  markPayoutPaid,
  previewBulkMarkPaid,
  reversePayout,
  type BulkPaidPreview,
  type BulkPaidResult,
} from './service/mark-paid.js';
export { approvePayoutRequest, refusePayoutRequest, requestPayout } from './service/requests.js';
export { getPayout, listWriterPayouts, payoutLines, writerBalance } from './service/queries.js';
export { payoutLinesCsv, payoutsCsv, type PayoutExportFilters } from './service/export.js';
export { writerPayoutsRouter } from './routes.js';
export { setWriterPayoutSchedule } from './service/schedule.js';
export { PAYOUT_PAID_EVENT, type PayoutPaidPayload } from './service/events.js';
