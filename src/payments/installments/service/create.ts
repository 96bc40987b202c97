import type { Actor } from '../../../platform/actor.js';
import { lockVisibleOrder, type Order, outstandingCents, recordOrderEvent, UNPAID_EXPIRY_DAYS } from '../../../orders/index.js';
import { clock } from '../../../platform/clock.js';
import { inTransaction } from '../../../platform/database.js';
import { Conflict, Forbidden, ValidationFailed } from '../../../platform/errors.js';
import { Installment, InstallmentPlan } from '../models.js';
import { canManagePlans } from '../policy.js';
import { proposeSchedule, validateSchedule, type Proposal, type ScheduleLine } from '../rules.js';
import { auditPlan, installmentsOf, lockActivePlan, scheduleOf } from './common.js';

/**
 * Staff (support, admins of the order's website) give an order awaiting payment an installment
 * plan: a schedule they write, or one proposed by rule (a 50 % deposit and the rest by default).
 * The installments add up exactly to what the order still owes — its whole total when nothing is
 * paid yet — so the last one paid is the payment in full that releases the order for staffing.
 */

export interface CreatePlanInput {
  /** An explicit schedule, in order of payment. */
  installments?: ScheduleLine[];
  /** Or a schedule proposed by rule (used when `installments` is absent). */
  proposal?: Proposal;
}

export interface CreatedPlan {
  plan: InstallmentPlan;
  installments: Installment[];
  order: Order;
}

const DAY_MS = 86_400_000;

/** The schedule asked for, checked against the order: its owed sum, the unpaid-order expiry, its deadline. */
function scheduleFor(order: Order, owedCents: number, input: CreatePlanInput): ScheduleLine[] {
  const now = clock.now();
  const proposed = input.installments
    ? { ok: true as const, lines: input.installments }
    : proposeSchedule(owedCents, input.proposal ?? { split: 'percent' }, now);
  if (!proposed.ok) throw ValidationFailed(prefixed(proposed.fields), 'The proposed schedule is invalid');
  const checked = validateSchedule(proposed.lines, {
    totalCents: owedCents,
    now,
    // An order with nothing paid expires UNPAID_EXPIRY_DAYS after it was made: the first installment must come before.
    firstDueBy: order.paidCents === 0 ? new Date(order.createdAt.getTime() + UNPAID_EXPIRY_DAYS * DAY_MS) : null,
    lastDueBy: order.deadline ?? null,
  });
  if (!checked.ok) throw ValidationFailed(checked.fields, 'The schedule is invalid');
  return checked.lines;
}

/** Field errors of a proposal are reported under `proposal.` (the body's shape). */
const prefixed = (fields: Record<string, string>) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [`proposal.${k}`, v]));

export async function createInstallmentPlan(actor: Actor, orderId: number, input: CreatePlanInput): Promise<CreatedPlan> {
  if (input.installments && input.proposal) throw ValidationFailed({ installments: 'give either installments or a proposal, not both' });
  return inTransaction(async () => {
    const order = await lockVisibleOrder(actor, orderId);
    if (!canManagePlans(actor, order)) throw Forbidden('Only support and admins of the website make installment plans');
    if (order.status !== 'pending_payment' || order.clientId === null) {
      throw Conflict('Only an order awaiting payment can get an installment plan', { currentStatus: order.status });
    }
    const existing = await lockActivePlan(order.id);
    if (existing) throw Conflict('This order already has an active installment plan: cancel it first', { planId: existing.id });
    const owed = outstandingCents(order);
    if (owed <= 0) throw Conflict('Nothing is owed on this order', { currentStatus: order.status });
    const lines = scheduleFor(order, owed, input);
    const plan = await InstallmentPlan.create({
      websiteId: order.websiteId,
      orderId: order.id,
      clientId: order.clientId,
      status: 'active',
      totalCents: owed,
      currency: order.currency,
      installmentsCount: lines.length,
      createdBy: actor.userId,
    });
    await Installment.bulkCreate(
      lines.map((line, i) => ({
        planId: plan.id,
        websiteId: plan.websiteId,
        orderId: order.id,
        sequence: i + 1,
        amountCents: line.amountCents,
        dueAt: line.dueAt,
        status: 'pending' as const,
      })),
    );
    const installments = await installmentsOf(plan.id);
    await auditPlan(actor, plan, 'created', { after: { installments: scheduleOf(installments) } });
    await recordOrderEvent(actor, order, 'installment_plan_created', {
      planId: plan.id,
      totalCents: owed,
      installments: installments.length,
    });
    return { plan, installments, order };
  });
}
