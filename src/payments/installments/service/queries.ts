import type { Actor } from '../../../platform/actor.js';
import { Order } from '../../../orders/index.js';
import { NotFound } from '../../../platform/errors.js';
import { Payment } from '../../models.js';
import { Installment, InstallmentPlan } from '../models.js';
import { canManagePlans, canSeePlan } from '../policy.js';
import { serializePlan, serializeStaffPlan, type PlanView, type StaffPlanView } from '../serializers.js';
import { installmentsOf } from './common.js';

/** The receipt numbers of the payments that paid these installments. */
export async function receiptsOf(installments: readonly Installment[]): Promise<Map<number, string | null>> {
  const ids = installments.map((i) => i.paymentId).filter((id): id is number => id !== null);
  if (!ids.length) return new Map();
  const payments = await Payment.findAll({ where: { id: ids }, attributes: ['id', 'receiptNumber'] });
  return new Map(payments.map((p) => [p.id, p.receiptNumber]));
}

/**
 * An order's installment plan as the actor may see it: the active one, else the latest (so a
 * completed or canceled plan stays visible). Another client's order is a 404, as any order is.
 */
export async function getOrderPlan(actor: Actor, orderId: number): Promise<PlanView | StaffPlanView> {
  const order = await Order.findByPk(orderId, { attributes: ['id', 'websiteId', 'clientId', 'number'] });
  if (!order || !canSeePlan(actor, order)) throw NotFound('Order');
  const plan =
    (await InstallmentPlan.findOne({ where: { orderId, status: 'active' } })) ??
    (await InstallmentPlan.findOne({ where: { orderId }, order: [['id', 'DESC']] }));
  if (!plan) throw NotFound('Installment plan');
  const installments = await installmentsOf(plan.id);
  const receipts = await receiptsOf(installments);
  return canManagePlans(actor, order)
    ? serializeStaffPlan(plan, order.number, installments, receipts)
    : serializePlan(plan, order.number, installments, receipts);
}
