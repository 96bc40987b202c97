import { recordAudit } from '../../../audit/index.js';
import { systemActor, type Actor } from '../../../platform/actor.js';
import { type Order, outstandingCents } from '../../../orders/index.js';
import { clock } from '../../../platform/clock.js';
import { sql } from '../../../platform/database.js';
import { AppError, Conflict, ValidationFailed } from '../../../platform/errors.js';
import type { Payment } from '../../models.js';
import type { Installment, InstallmentPlan } from '../models.js';
import { decideInstallmentTransition, nextToPay, unpaidCents } from '../rules.js';
import { closePlan, installmentsOf, lockActivePlan, lockPlan } from './common.js';

/**
 * The installment side of a payment, shared by every way an installment is paid (the wallet in
 * pay.ts, a card in payments/service/card.ts): which installment a payment may pay now, what
 * paying it records, and the rule that keeps an order with an active plan paid through the plan.
 * Each runs in the caller's transaction with the order locked (order, then plan: the order every
 * plan use case locks in).
 */

export interface PayableInstallment {
  plan: InstallmentPlan;
  installments: Installment[];
  installment: Installment;
}

/**
 * The installment of the order's active plan that a payment may pay now: the order awaiting
 * payment, the installment the next one (pending or overdue; a named one must be it), and the plan
 * in step with what the order owes. Refusals name the field (installmentId).
 */
export async function installmentToPay(order: Order, installmentId?: number): Promise<PayableInstallment> {
  if (order.status !== 'pending_payment') throw Conflict('Only an order awaiting payment can be paid', { currentStatus: order.status });
  const plan = await lockActivePlan(order.id);
  if (!plan)
    throw new AppError(
      'conflict',
      'This order has no active installment plan',
      { installmentId: 'the order has no active installment plan' },
      { currentStatus: order.status },
    );
  const installments = await installmentsOf(plan.id);
  if (installmentId !== undefined && !installments.some((i) => i.id === installmentId)) {
    throw new AppError('not_found', 'Installment not found', { installmentId: "is not an installment of this order's active plan" });
  }
  const next = nextToPay(installments, installmentId);
  if (!next.ok) {
    const upcoming = nextToPay(installments);
    throw new AppError(
      'conflict',
      next.message,
      { installmentId: next.message },
      { reason: next.reason, nextInstallmentId: upcoming.ok ? upcoming.installment.id : null },
    );
  }
  const owed = outstandingCents(order);
  if (owed !== unpaidCents(installments)) {
    throw Conflict(
      `The order was paid outside its installment plan (${owed} cents owed, the plan expects ${unpaidCents(installments)}): staff must cancel the plan and make a new one`,
    );
  }
  return { plan, installments, installment: next.installment };
}

/**
 * An installment's payment went into the order (its paid amount already raised by the orders
 * area's payment door): the installment is paid by that payment, and the plan completes with its
 * last one — the system's move, as publishing the paid order is. `order` is the order as the
 * payment left it.
 */
export async function settleInstallment(actor: Actor, payable: PayableInstallment, payment: Payment, order: Order): Promise<void> {
  const { plan, installments, installment } = payable;
  const decision = decideInstallmentTransition('pay', installment.status);
  if (!decision.ok) throw Conflict(decision.message, { currentStatus: installment.status });
  const before = { status: installment.status };
  await installment.update({ status: decision.to, paymentId: payment.id, paidAt: clock.now() });
  await recordAudit(actor, {
    action: 'installment.paid',
    targetType: 'installment',
    targetId: installment.id,
    websiteId: installment.websiteId,
    before,
    after: {
      status: installment.status,
      planId: installment.planId,
      sequence: installment.sequence,
      amountCents: installment.amountCents,
      paymentId: payment.id,
      method: payment.method,
    },
  });
  if (unpaidCents(installments) === 0)
    await closePlan(systemActor(order.websiteId, actor.requestId ?? null), plan, order, 'complete', 'Every installment is paid');
}

/** An order's active plan and the installment due next (null once all are paid). */
export interface ActivePlanOf {
  orderId: number;
  planId: number;
  nextInstallmentId: number | null;
  nextSequence: number | null;
}

/**
 * The active plans of these orders, in one indexed statement (the hot wallet path asks it once per
 * batch, only for payments that name no installment). Read under the orders' locks, it cannot miss
 * a plan: a plan is made under its order's lock.
 */
export async function activePlansOf(orderIds: readonly number[]): Promise<Map<number, ActivePlanOf>> {
  if (!orderIds.length) return new Map();
  const rows = await sql<ActivePlanOf>(
    `SELECT p.order_id AS "orderId", p.id AS "planId", n.id AS "nextInstallmentId", n.sequence AS "nextSequence"
       FROM installment_plans p
       LEFT JOIN LATERAL (SELECT i.id, i.sequence FROM installments i
                           WHERE i.plan_id = p.id AND i.status IN ('pending', 'overdue') ORDER BY i.sequence LIMIT 1) n ON true
      WHERE p.order_id = ANY($1::bigint[]) AND p.status = 'active'`,
    [[...new Set(orderIds)]],
  );
  return new Map(rows.map((r) => [r.orderId, r]));
}

/** The order's active plan and the installment due next, if it has one. */
export async function activePlanOf(orderId: number): Promise<ActivePlanOf | undefined> {
  return (await activePlansOf([orderId])).get(orderId);
}

/**
 * The rule for money outside a plan: while an order has an active installment plan, it is paid
 * only through its installments. A plain order payment (wallet or card) is refused with a 409
 * naming the installment to pay instead. Why refuse rather than spread the money over the
 * installments: an installment is paid whole by one payment (there is no partly paid
 * installment to show the client or to chase as overdue), and money that fits no installment would
 * leave the plan out of step with the order — which until now only staff could mend by remaking
 * the plan. Paying off early is paying the next installments in turn; paying everything at once in
 * another way is for staff to allow by cancelling the plan.
 */
export function paymentOutsidePlan(plan: ActivePlanOf): AppError {
  const next =
    plan.nextInstallmentId === null
      ? ''
      : `: pay installment ${plan.nextSequence} (id ${plan.nextInstallmentId}) — from the wallet at POST /api/v1/orders/${plan.orderId}/installment-plan/pay, or by card with purpose installment`;
  return new AppError('conflict', `This order is paid through its installment plan${next}`, undefined, {
    reason: 'installment_plan_active',
    planId: plan.planId,
    installmentId: plan.nextInstallmentId,
  });
}

/** The id of installment `sequence` (1, 2, …) of the order's active plan, as staff read it on the schedule. */
export async function installmentIdBySequence(order: Order, sequence: number): Promise<number> {
  const plan = await lockActivePlan(order.id);
  const installment = plan ? (await installmentsOf(plan.id)).find((i) => i.sequence === sequence) : undefined;
  if (!installment)
    throw ValidationFailed({
      installmentSequence: plan ? `the plan has no installment ${sequence}` : 'the order has no active installment plan',
    });
  return installment.id;
}

/**
 * The one exception to the rule above, for offline money staff record: a plain payment of all
 * that is still owed pays the plan off. Returns the active plan it pays off (undefined when the
 * order has none); any other amount under a plan is the rule's 409.
 */
export async function planPaidOffBy(order: Order, amountCents: number): Promise<ActivePlanOf | undefined> {
  const plan = await activePlanOf(order.id);
  if (plan && amountCents !== outstandingCents(order)) throw paymentOutsidePlan(plan);
  return plan;
}

/** A plan paid off in full completes: its remaining installments are canceled. */
export async function completePaidOffPlan(actor: Actor, planId: number, order: Order): Promise<void> {
  const plan = await lockPlan(planId);
  if (plan?.status === 'active')
    await closePlan(
      systemActor(order.websiteId, actor.requestId ?? null),
      plan,
      order,
      'complete',
      'Paid off in full by an offline payment',
    );
}
