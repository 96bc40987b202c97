import type { Installment, InstallmentPlan } from './models.js';
import { nextToPay, unpaidCents, type InstallmentStatus, type PlanStatus } from './rules.js';

/** What the portals see of a plan: no staff ids for clients, dates as ISO strings. */

export interface InstallmentView {
  id: number;
  sequence: number;
  amountCents: number;
  dueAt: string;
  status: InstallmentStatus;
  paidAt: string | null;
  paymentId: number | null;
  receiptNumber: string | null;
}

export interface PlanView {
  id: number;
  orderId: number;
  orderNumber: string;
  status: PlanStatus;
  totalCents: number;
  paidCents: number;
  remainingCents: number;
  currency: string;
  /** The installment to pay now (lowest unpaid sequence), when the plan is active. */
  nextInstallmentId: number | null;
  installments: InstallmentView[];
  createdAt: string;
  completedAt: string | null;
  canceledAt: string | null;
  cancelReason: string | null;
}

export interface StaffPlanView extends PlanView {
  clientId: number;
  createdBy: number | null;
  canceledBy: number | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function installmentView(i: Installment, receipts: ReadonlyMap<number, string | null>): InstallmentView {
  return {
    id: i.id,
    sequence: i.sequence,
    amountCents: i.amountCents,
    dueAt: i.dueAt.toISOString(),
    status: i.status,
    paidAt: iso(i.paidAt),
    paymentId: i.paymentId,
    receiptNumber: i.paymentId ? (receipts.get(i.paymentId) ?? null) : null,
  };
}

export function serializePlan(
  plan: InstallmentPlan,
  orderNumber: string,
  installments: readonly Installment[],
  receipts: ReadonlyMap<number, string | null> = new Map(),
): PlanView {
  const next = plan.status === 'active' ? nextToPay(installments) : null;
  const paid = installments.filter((i) => i.status === 'paid').reduce((a, i) => a + i.amountCents, 0);
  return {
    id: plan.id,
    orderId: plan.orderId,
    orderNumber,
    status: plan.status,
    totalCents: plan.totalCents,
    paidCents: paid,
    remainingCents: plan.status === 'active' ? unpaidCents(installments) : 0,
    currency: plan.currency,
    nextInstallmentId: next?.ok ? next.installment.id : null,
    installments: installments.map((i) => installmentView(i, receipts)),
    createdAt: plan.createdAt.toISOString(),
    completedAt: iso(plan.completedAt),
    canceledAt: iso(plan.canceledAt),
    cancelReason: plan.cancelReason,
  };
}

export function serializeStaffPlan(
  plan: InstallmentPlan,
  orderNumber: string,
  installments: readonly Installment[],
  receipts?: ReadonlyMap<number, string | null>,
): StaffPlanView {
  return {
    ...serializePlan(plan, orderNumber, installments, receipts),
    clientId: plan.clientId,
    createdBy: plan.createdBy,
    canceledBy: plan.canceledBy,
  };
}
