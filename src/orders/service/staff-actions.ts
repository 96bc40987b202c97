import { recordAudit } from '../../audit/index.js';
import type { Actor } from '../../platform/actor.js';
import { User } from '../../identity/index.js';
import { clock } from '../../platform/clock.js';
import { currentTransaction, inTransaction } from '../../platform/database.js';
import { AppError, Conflict, ValidationFailed } from '../../platform/errors.js';
import { orderHooks } from '../hooks.js';
import type { CancellationDecision, Order } from '../models.js';
import { WriterRequest } from '../models.js';
import { assertCanSteerOrders } from '../policy.js';
import type { OrderStatus } from '../rules.js';
import { forfeitureToDecide } from './forfeiture.js';
import { lockVisibleOrder, recordOrderEvent, transitionOrder } from './lifecycle.js';
import { settleRequestsOnAssignment } from './request-closing.js';
import { eligibilityFor, writerStanding } from './writer-context.js';

/** Writer row first, then the order: the same lock order as a writer's take, so they never deadlock. */
async function lockWriterThenOrder(actor: Actor, writerId: number, orderId: number): Promise<Order> {
  await User.findByPk(writerId, { lock: currentTransaction()!.LOCK.UPDATE, attributes: ['id'] });
  return lockVisibleOrder(actor, orderId);
}

async function assignLocked(actor: Actor, order: Order, writerId: number, autoAccept: boolean, note: string | null): Promise<Order> {
  const standing = await writerStanding(writerId, order.websiteId);
  const eligibility = await eligibilityFor(order, standing, 'assign', clock.now());
  if (!eligibility.ok) throw Conflict(`${standing.writer.registrationId}: ${eligibility.message}`, { reason: eligibility.reason });
  const now = clock.now();
  if (!autoAccept) {
    await WriterRequest.create({
      orderId: order.id,
      writerId,
      kind: 'invitation',
      note,
      expiresAt: new Date(now.getTime() + 24 * 3_600_000),
    });
  }
  await transitionOrder(actor, order, 'assign', {
    to: autoAccept ? 'in_progress' : 'pending_writer_acceptance',
    patch: { writerId, assignedAt: now },
    note,
    data: { writerId, autoAccept },
  });
  await settleRequestsOnAssignment(actor, order, writerId);
  return order;
}

/** Gives an order to a writer: they must accept, unless `autoAccept`. Same eligibility as a take, bar visibility and preview. */
export async function assignWriter(
  actor: Actor,
  orderId: number,
  input: { writerId: number; autoAccept?: boolean; note?: string | null },
): Promise<Order> {
  assertCanSteerOrders(actor);
  return inTransaction(async () => {
    const order = await lockWriterThenOrder(actor, input.writerId, orderId);
    return assignLocked(actor, order, input.writerId, input.autoAccept ?? false, input.note ?? null);
  });
}

/** Takes the order back from its writer into the pool. */
export async function unassignWriter(actor: Actor, orderId: number, reason: string): Promise<Order> {
  assertCanSteerOrders(actor);
  return inTransaction(async () => {
    const order = await lockVisibleOrder(actor, orderId);
    const writerId = order.writerId;
    await WriterRequest.update({ status: 'withdrawn' }, { where: { orderId, status: 'open', kind: 'invitation' } });
    return transitionOrder(actor, order, 'unassign', {
      patch: { writerId: null, assignedAt: null, overdueAt: null, stuckAt: null },
      note: reason,
      data: { writerId },
    });
  });
}

/** Moves an order from its writer to another in one step. */
export async function reassignWriter(
  actor: Actor,
  orderId: number,
  input: { writerId: number; autoAccept?: boolean; reason: string },
): Promise<Order> {
  assertCanSteerOrders(actor);
  return inTransaction(async () => {
    const order = await lockWriterThenOrder(actor, input.writerId, orderId);
    if (order.writerId === input.writerId) throw Conflict('The order is already with this writer');
    await WriterRequest.update({ status: 'withdrawn' }, { where: { orderId, status: 'open', kind: 'invitation' } });
    await transitionOrder(actor, order, 'unassign', {
      patch: { writerId: null, assignedAt: null },
      note: input.reason,
      data: { writerId: order.writerId },
    });
    return assignLocked(actor, order, input.writerId, input.autoAccept ?? false, input.reason);
  });
}

export async function holdOrder(actor: Actor, orderId: number, reason: string): Promise<Order> {
  assertCanSteerOrders(actor);
  return inTransaction(async () => transitionOrder(actor, await lockVisibleOrder(actor, orderId), 'hold', { note: reason }));
}

export async function releaseOrder(actor: Actor, orderId: number, note: string | null): Promise<Order> {
  assertCanSteerOrders(actor);
  return inTransaction(async () => transitionOrder(actor, await lockVisibleOrder(actor, orderId), 'release', { note }));
}

export interface RefundDecision {
  reason: string;
  /** Overrides the forfeiture table's refund, within what was paid. */
  refundCents?: number;
}

/**
 * The refund a cancellation gives: by the forfeiture the client was shown when asking (a request
 * decided days later is not charged the worse band of the decision day), else the table's now —
 * unless staff decide otherwise within what was paid.
 */
async function decideRefund(actor: Actor, order: Order, decision: RefundDecision): Promise<CancellationDecision> {
  const computed = await forfeitureToDecide(order);
  const refundCents = decision.refundCents ?? computed.refundCents;
  if (!Number.isSafeInteger(refundCents) || refundCents < 0 || refundCents > order.paidCents) {
    throw ValidationFailed({ refundCents: `must be a whole number of cents between 0 and ${order.paidCents}` });
  }
  return {
    decidedBy: actor.userId,
    outcome: 'cancelled',
    refundCents,
    forfeitCents: order.paidCents - refundCents,
    reason: decision.reason,
  };
}

/**
 * Cancels an order with the refund decision recorded on it (the payments area will execute the
 * refund from this record): unpaid orders at once, a client's cancellation request, or a dispute.
 */
export async function cancelOrder(actor: Actor, orderId: number, decision: RefundDecision): Promise<Order> {
  assertCanSteerOrders(actor);
  return inTransaction(async () => {
    const order = await lockVisibleOrder(actor, orderId);
    const refund = await decideRefund(actor, order, decision);
    const patch = { cancelledAt: clock.now(), cancellationDecision: refund };
    const data = { refundCents: refund.refundCents, forfeitCents: refund.forfeitCents };
    const options = { to: 'cancelled' as const, patch, note: decision.reason, data };
    if (order.status === 'pending_cancellation') await transitionOrder(actor, order, 'resolve_cancellation', options);
    else if (order.status === 'disputed') await transitionOrder(actor, order, 'resolve_dispute', options);
    else await transitionOrder(actor, order, 'cancel', { patch, note: decision.reason, data });
    // The payments area refunds and forfeits as decided, in this transaction.
    await orderHooks.orderCancelled({ actor, order, decision: refund });
    return order;
  });
}

/** Refuses a client's cancellation request: the order goes back to where it was. */
export async function keepOrder(actor: Actor, orderId: number, reason: string): Promise<Order> {
  assertCanSteerOrders(actor);
  return inTransaction(async () => {
    const order = await lockVisibleOrder(actor, orderId);
    if (order.status !== 'pending_cancellation')
      throw Conflict('Only a cancellation request can be refused', { currentStatus: order.status });
    const kept: CancellationDecision = { decidedBy: actor.userId, outcome: 'kept', refundCents: 0, forfeitCents: 0, reason };
    return transitionOrder(actor, order, 'resolve_cancellation', {
      to: order.previousStatus ?? undefined,
      patch: { cancellationDecision: kept },
      note: reason,
    });
  });
}

export const DISPUTE_OUTCOMES = ['in_progress', 'submitted', 'completed'] as const satisfies readonly OrderStatus[];
export type DisputeOutcome = (typeof DISPUTE_OUTCOMES)[number];

/** Ends a dispute by sending the order back to work, to the client, or approving it (cancelling goes through cancelOrder). */
export async function resolveDispute(actor: Actor, orderId: number, input: { outcome: DisputeOutcome; note: string }): Promise<Order> {
  assertCanSteerOrders(actor);
  return inTransaction(async () => {
    const order = await lockVisibleOrder(actor, orderId);
    const patch = input.outcome === 'completed' ? { completedAt: clock.now() } : {};
    return transitionOrder(actor, order, 'resolve_dispute', {
      to: input.outcome,
      patch,
      note: input.note,
      data: { outcome: input.outcome },
    });
  });
}

export async function archiveOrder(actor: Actor, orderId: number): Promise<Order> {
  assertCanSteerOrders(actor);
  return inTransaction(async () =>
    transitionOrder(actor, await lockVisibleOrder(actor, orderId), 'archive', { patch: { archivedAt: clock.now() } }),
  );
}

/** Gives an unattributed order (created by staff) to a client of the same website. */
export async function attachClient(actor: Actor, orderId: number, clientId: number): Promise<Order> {
  assertCanSteerOrders(actor);
  return inTransaction(async () => {
    const order = await lockVisibleOrder(actor, orderId);
    if (order.clientId !== null) throw Conflict('This order already belongs to a client');
    const client = await User.findOne({ where: { id: clientId, websiteId: order.websiteId, role: 'client' } });
    if (!client) throw ValidationFailed({ clientId: 'is not a client of this website' });
    await order.update({ clientId });
    await recordOrderEvent(actor, order, 'client_attached', { clientId });
    await recordAudit(actor, {
      action: 'order.attach_client',
      targetType: 'order',
      targetId: order.id,
      websiteId: order.websiteId,
      before: { clientId: null },
      after: { clientId },
    });
    return order;
  });
}

export interface BulkResult {
  id: number;
  ok: boolean;
  status?: OrderStatus;
  error?: { code: string; message: string };
}

/** Runs one action on many orders, each in its own transaction: some may fail, and each says why. */
export async function runBulk(ids: number[], action: (id: number) => Promise<Order>): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (const id of [...new Set(ids)]) {
    try {
      const order = await action(id);
      results.push({ id, ok: true, status: order.status });
    } catch (err) {
      if (!(err instanceof AppError)) throw err; // not a refusal: a bug or an outage must not pass as "some failed"
      results.push({ id, ok: false, error: { code: err.code, message: err.message } });
    }
  }
  return results;
}
