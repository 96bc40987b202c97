import { Op, Transaction } from 'sequelize';
import { recordAudit } from '../../../audit/index.js';
import type { Actor } from '../../../platform/actor.js';
import { type Order, recordOrderEvent } from '../../../orders/index.js';
import { clock } from '../../../platform/clock.js';
import { currentTransaction } from '../../../platform/database.js';
import { AppError, Conflict, Forbidden } from '../../../platform/errors.js';
import { Installment, InstallmentPlan } from '../models.js';
import { planRoleOf } from '../policy.js';
import { decidePlanTransition, type PlanTransitionName } from '../rules.js';

/** Pieces shared by the installment use cases; each runs inside the caller's transaction. */

function lockOf() {
  if (!currentTransaction()) throw new Error('installment plans are locked inside a transaction only');
  return { lock: Transaction.LOCK.UPDATE };
}

/** The order's active plan, locked (callers lock the order first: order, then plan, always). */
export async function lockActivePlan(orderId: number): Promise<InstallmentPlan | null> {
  return InstallmentPlan.findOne({ where: { orderId, status: 'active' }, ...lockOf() });
}

export async function lockPlan(planId: number): Promise<InstallmentPlan | null> {
  return InstallmentPlan.findByPk(planId, lockOf());
}

export const installmentsOf = (planId: number): Promise<Installment[]> =>
  Installment.findAll({ where: { planId }, order: [['sequence', 'ASC']] });

export const scheduleOf = (installments: readonly Installment[]) =>
  installments.map((i) => ({ sequence: i.sequence, amountCents: i.amountCents, dueAt: i.dueAt.toISOString(), status: i.status }));

export async function auditPlan(
  actor: Actor,
  plan: InstallmentPlan,
  action: string,
  extra: { before?: Record<string, unknown>; after?: Record<string, unknown>; reason?: string } = {},
): Promise<void> {
  await recordAudit(actor, {
    action: `installment_plan.${action}`,
    targetType: 'installment_plan',
    targetId: plan.id,
    websiteId: plan.websiteId,
    before: extra.before,
    after: { status: plan.status, orderId: plan.orderId, totalCents: plan.totalCents, ...extra.after },
    reason: extra.reason,
  });
}

/**
 * Ends an active plan: 'complete' (everything paid, through the plan or not) or 'cancel' (staff,
 * or the order was cancelled). What is still unpaid in it is canceled with it. The plan is locked.
 */
export async function closePlan(
  actor: Actor,
  plan: InstallmentPlan,
  order: Order,
  transition: PlanTransitionName,
  reason: string,
): Promise<InstallmentPlan> {
  const role = planRoleOf(actor);
  if (!role) throw Forbidden('Your role may not change installment plans');
  const decision = decidePlanTransition(transition, plan.status, role);
  if (!decision.ok) {
    if (decision.reason === 'not_allowed_for_role') throw Forbidden(decision.message);
    throw Conflict(decision.message, { currentStatus: plan.status });
  }
  const now = clock.now();
  const [canceled] = await Installment.update(
    { status: 'canceled', canceledAt: now },
    { where: { planId: plan.id, status: { [Op.in]: ['pending', 'overdue'] } } },
  );
  const before = { status: plan.status };
  await plan.update(
    decision.to === 'canceled'
      ? { status: 'canceled', canceledAt: now, canceledBy: actor.userId, cancelReason: reason.slice(0, 500) }
      : { status: 'completed', completedAt: now },
  );
  await auditPlan(actor, plan, transition === 'cancel' ? 'canceled' : 'completed', {
    before,
    after: { installmentsCanceled: canceled },
    reason,
  });
  await recordOrderEvent(actor, order, `installment_plan_${decision.to}`, { planId: plan.id, installmentsCanceled: canceled }, reason);
  return plan;
}

/** A refusal that means "someone else got there first" (another worker, a person): sweeps skip it. */
export const isRefusal = (err: unknown): boolean => err instanceof AppError;
