/**
 * Installment plans (part of the payments area): other areas, the back office and jobs import from
 * here only.
 */
export { Installment, InstallmentPlan, initInstallmentModels } from './models.js';
export {
  DEFAULT_PERCENT_TEMPLATE,
  INSTALLMENT_STATUSES,
  MAX_INSTALLMENTS,
  MIN_INSTALLMENTS,
  PLAN_STATUSES,
  proposeSchedule,
  splitByPercent,
  splitEqually,
  validateSchedule,
  type InstallmentStatus,
  type PlanStatus,
  type Proposal,
  type ScheduleLine,
} from './rules.js';
export { canManagePlans, canSeePlan } from './policy.js';
export { createInstallmentPlan, type CreatePlanInput, type CreatedPlan } from './service/create.js';
export { cancelInstallmentPlan } from './service/cancel.js';
export { payNextInstallment, type PaidInstallment, type PayInstallmentInput } from './service/pay.js';
export { getOrderPlan, receiptsOf } from './service/queries.js';
export { sweepInstallments, type InstallmentSweep } from './service/overdue.js';
export { serializePlan, serializeStaffPlan, type PlanView, type StaffPlanView } from './serializers.js';
export { installmentPlansRouter } from './routes.js';
export {
  activePlanOf,
  activePlansOf,
  completePaidOffPlan,
  installmentIdBySequence,
  installmentToPay,
  paymentOutsidePlan,
  planPaidOffBy,
  settleInstallment,
} from './service/payable.js';
export type { PayableInstallment } from './service/payable.js';
export { provideInstallmentWallet } from './wallet.js';
