import { recordAudit } from '../../audit/index.js';
import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.js';
import type { Cents } from '../../platform/money.js';
import { loadPriceListVersion } from '../../pricing/index.js';
import { Order } from '../models.js';
import { canAmendOrder, canSeeOrder } from '../policy.js';
import type { OrderStatus } from '../rules.js';
import { quoteInputOf } from '../service/draft-price.js';
import { lockVisibleOrder, recordOrderEvent } from '../service/lifecycle.js';
import { OrderDeadlineChange } from './models.js';
import { deadlineChangeTerms, type DeadlineChangeTerms } from './rules.js';

/**
 * Placed orders whose deadline may still move: from placing until the writer delivers. Once
 * delivered, a new deadline is a revision's business.
 */
export const DEADLINE_CHANGEABLE = [
  'pending_payment',
  'ready_for_staffing',
  'pending_writer_acceptance',
  'in_progress',
] as const satisfies readonly OrderStatus[];

function assertMayChange(actor: Actor, order: Order): void {
  if (!canAmendOrder(actor, order)) throw Forbidden('Only the client of the order or an admin may change its deadline');
  if (!(DEADLINE_CHANGEABLE as readonly string[]).includes(order.status)) {
    throw Conflict('The deadline can only be changed between placing and delivery', { currentStatus: order.status });
  }
  if (!order.deadline || !order.placedAt || !order.priceListId || !order.priceBreakdown) {
    throw Conflict('This order was never priced, so its deadline cannot be repriced', { currentStatus: order.status });
  }
}

async function paidBandMaxHours(order: Order): Promise<number> {
  const lastPaid = await OrderDeadlineChange.findOne({ where: { orderId: order.id, status: 'applied' }, order: [['id', 'DESC']] });
  return lastPaid?.paidBandMaxHours ?? order.priceBreakdown!.deadlineBand.maxHours;
}

async function termsFor(order: Order, requestedDeadline: Date): Promise<Extract<DeadlineChangeTerms, { ok: true }>> {
  // The order keeps the price list version it was priced with, for changes too.
  const { list } = await loadPriceListVersion(order.priceListId!);
  const now = clock.now();
  const terms = deadlineChangeTerms({
    list,
    quoteInput: quoteInputOf(order, now), // its deadline hours are replaced by each band priced
    now,
    currentDeadline: order.deadline!,
    requestedDeadline,
    paidBandMaxHours: await paidBandMaxHours(order),
  });
  if (!terms.ok) throw ValidationFailed({ [terms.field]: terms.reason }, `The new deadline ${terms.reason}`);
  return terms;
}

export interface DeadlineChangePreview {
  kind: 'shorten' | 'extend';
  currentDeadline: string;
  deadline: string;
  chargeCents: Cents;
  currency: string;
  /** Whether the change waits for the charge to be paid (an order already paid for). */
  needsPayment: boolean;
}

/** What moving the deadline would cost, shown before the client confirms. Changes nothing. */
export async function previewDeadlineChange(actor: Actor, orderId: number, requestedDeadline: Date): Promise<DeadlineChangePreview> {
  const order = await Order.findByPk(orderId);
  if (!order || !canSeeOrder(actor, order)) throw NotFound('Order');
  assertMayChange(actor, order);
  const terms = await termsFor(order, requestedDeadline);
  return {
    kind: terms.kind,
    currentDeadline: order.deadline!.toISOString(),
    deadline: requestedDeadline.toISOString(),
    chargeCents: terms.chargeCents,
    currency: order.currency,
    needsPayment: terms.chargeCents > 0 && order.status !== 'pending_payment',
  };
}

/**
 * Moves the deadline. Free changes apply at once; so does a shortening of an unpaid order, whose
 * total simply grows. A paid order's costly shortening waits for its charge (settleDeadlineChange),
 * superseding any change still waiting.
 */
export async function changeDeadline(actor: Actor, orderId: number, requestedDeadline: Date): Promise<OrderDeadlineChange> {
  return inTransaction(async () => {
    const order = await lockVisibleOrder(actor, orderId);
    assertMayChange(actor, order);
    const terms = await termsFor(order, requestedDeadline);
    await OrderDeadlineChange.update(
      { status: 'superseded', settledAt: clock.now() },
      { where: { orderId: order.id, status: 'awaiting_payment' } },
    );
    const waits = terms.chargeCents > 0 && order.status !== 'pending_payment';
    const change = await OrderDeadlineChange.create({
      websiteId: order.websiteId,
      orderId: order.id,
      requestedBy: actor.userId,
      requesterRole: actor.role,
      kind: terms.kind,
      oldDeadline: order.deadline!,
      newDeadline: requestedDeadline,
      oldWriterDeadline: order.writerDeadline,
      newWriterDeadline: terms.writerDeadline,
      paidBandMaxHours: terms.paidBand.maxHours,
      chargeCents: terms.chargeCents,
      status: waits ? 'awaiting_payment' : 'applied',
    });
    await recordAudit(actor, {
      action: 'order.deadline_change_requested',
      targetType: 'order',
      targetId: order.id,
      websiteId: order.websiteId,
      after: {
        changeId: change.id,
        kind: change.kind,
        newDeadline: requestedDeadline.toISOString(),
        chargeCents: change.chargeCents,
        status: change.status,
      },
    });
    if (!waits) await applyChange(actor, order, change, { addToTotal: terms.chargeCents, addToPaid: 0 });
    return change;
  });
}

export interface DeadlineChangePayment {
  amountCents: Cents;
  method: string;
  reference?: string | null;
}

/**
 * The door through which a deadline change's charge is paid (the payments area calls it after
 * posting the money, in the same transaction). The amount must be the charge exactly.
 */
export async function settleDeadlineChange(actor: Actor, changeId: number, payment: DeadlineChangePayment): Promise<OrderDeadlineChange> {
  return inTransaction(async () => {
    const pending = await OrderDeadlineChange.findByPk(changeId);
    if (!pending) throw NotFound('Deadline change');
    const order = await lockVisibleOrder(actor, pending.orderId);
    const change = await OrderDeadlineChange.findByPk(changeId, { lock: true });
    if (change!.status !== 'awaiting_payment')
      throw Conflict('This deadline change is not waiting for payment', { currentStatus: change!.status });
    if (payment.amountCents !== change!.chargeCents) {
      throw ValidationFailed(
        { amountCents: `must be the charge of ${change!.chargeCents} cents` },
        'The payment does not match the charge',
      );
    }
    if (!(DEADLINE_CHANGEABLE as readonly string[]).includes(order.status)) {
      throw Conflict('The order has moved on since the change was asked for; it can no longer be applied', { currentStatus: order.status });
    }
    await change!.update({ paymentReference: payment.reference ?? payment.method });
    await applyChange(actor, order, change!, { addToTotal: change!.chargeCents, addToPaid: change!.chargeCents });
    return change!;
  });
}

/** Withdraws a change still waiting for payment (its client or an admin). */
export async function cancelDeadlineChange(actor: Actor, orderId: number, changeId: number): Promise<OrderDeadlineChange> {
  return inTransaction(async () => {
    const order = await lockVisibleOrder(actor, orderId);
    const found = await OrderDeadlineChange.findOne({ where: { id: changeId, orderId } });
    if (!found) throw NotFound('Deadline change');
    if (!canAmendOrder(actor, order)) throw Forbidden('Only the client of the order or an admin may withdraw this change');
    const change = await OrderDeadlineChange.findByPk(changeId, { lock: true });
    if (change!.status !== 'awaiting_payment')
      throw Conflict('Only a change waiting for payment can be withdrawn', { currentStatus: change!.status });
    await change!.update({ status: 'cancelled', settledAt: clock.now() });
    await recordAudit(actor, {
      action: 'order.deadline_change_cancelled',
      targetType: 'order',
      targetId: order.id,
      websiteId: order.websiteId,
      after: { changeId },
    });
    return change!;
  });
}

/** The order's deadline changes, newest first (its client, its writer without prices, staff). */
export async function listDeadlineChanges(actor: Actor, orderId: number): Promise<OrderDeadlineChange[]> {
  const order = await Order.findByPk(orderId);
  if (!order || !canSeeOrder(actor, order)) throw NotFound('Order');
  return OrderDeadlineChange.findAll({ where: { orderId }, order: [['id', 'DESC']] });
}

async function applyChange(
  actor: Actor,
  order: Order,
  change: OrderDeadlineChange,
  money: { addToTotal: Cents; addToPaid: Cents },
): Promise<void> {
  const now = clock.now();
  const before = {
    deadline: order.deadline!.toISOString(),
    writerDeadline: order.writerDeadline?.toISOString() ?? null,
    totalCents: order.totalCents,
  };
  await order.update({
    deadline: change.newDeadline,
    writerDeadline: change.newWriterDeadline,
    totalCents: (order.totalCents ?? 0) + money.addToTotal,
    paidCents: order.paidCents + money.addToPaid,
    // A writer deadline moved into the future lifts the overdue flag the SLA sweep set.
    overdueAt: change.newWriterDeadline.getTime() > now.getTime() ? null : order.overdueAt,
    lastActivityAt: now,
  });
  await change.update({ status: 'applied', settledAt: now });
  await recordOrderEvent(actor, order, 'deadline_changed', {
    changeId: change.id,
    kind: change.kind,
    deadline: change.newDeadline.toISOString(),
    writerDeadline: change.newWriterDeadline.toISOString(),
    chargeCents: change.chargeCents,
  });
  await recordAudit(actor, {
    action: 'order.deadline_changed',
    targetType: 'order',
    targetId: order.id,
    websiteId: order.websiteId,
    before,
    after: {
      deadline: change.newDeadline.toISOString(),
      writerDeadline: change.newWriterDeadline.toISOString(),
      totalCents: order.totalCents,
    },
  });
}
