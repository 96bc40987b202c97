import type { Actor } from '../../../platform/actor.js';
import { lockVisibleOrder } from '../../../orders/index.js';
import { inTransaction } from '../../../platform/database.js';
import { Forbidden, NotFound, ValidationFailed } from '../../../platform/errors.js';
import { InstallmentPlan } from '../models.js';
import { canManagePlans } from '../policy.js';
import { closePlan, installmentsOf, lockActivePlan, lockPlan } from './common.js';
import type { CreatedPlan } from './create.js';

/**
 * Staff cancel an active plan, with a reason. What its paid installments brought stays paid on the
 * order; what it left unpaid stays owed (paid in parts, or under a new plan for the rest).
 */
export async function cancelInstallmentPlan(
  actor: Actor,
  target: { planId: number } | { orderId: number },
  reason: string,
): Promise<CreatedPlan> {
  const why = reason.trim();
  if (!why) throw ValidationFailed({ reason: 'is required' }, 'Say why the plan is canceled');
  return inTransaction(async () => {
    const orderId =
      'orderId' in target ? target.orderId : (await InstallmentPlan.findByPk(target.planId, { attributes: ['orderId'] }))?.orderId;
    if (orderId === undefined) throw NotFound('Installment plan');
    // The order first, then the plan: the order every plan use case locks in.
    const order = await lockVisibleOrder(actor, orderId);
    if (!canManagePlans(actor, order)) throw Forbidden('Only support and admins of the website cancel installment plans');
    const plan = 'planId' in target ? await lockPlan(target.planId) : await lockActivePlan(order.id);
    if (!plan) throw NotFound('Active installment plan');
    await closePlan(actor, plan, order, 'cancel', why);
    return { plan, installments: await installmentsOf(plan.id), order };
  });
}
