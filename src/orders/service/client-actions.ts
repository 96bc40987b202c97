import { isSystem, type Actor } from '../../platform/actor.js';
import { User } from '../../identity/index.js';
import { recordAudit } from '../../audit/index.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { Conflict, NotFound } from '../../platform/errors.js';
import { ClientWriterPreference, Order } from '../models.js';
import { assertCanActAsClient, canSeeOrder } from '../policy.js';
import { lapsePendingRevision } from '../revisions/index.js';
import { CANCELLATION_REQUESTABLE, type Forfeiture } from '../rules.js';
import { forfeitureNow } from './forfeiture.js';
import { lockVisibleOrder, transitionOrder } from './lifecycle.js';

/** Revisions, free and paid, live in ../revisions; the client's other decisions are here. */
export { requestRevision } from '../revisions/index.js';

function assertClient(actor: Actor): number {
  assertCanActAsClient(actor);
  return actor.userId!;
}

/** Approves a delivered order (the client, or the auto-approval job as the system). */
export async function approveOrder(actor: Actor, orderId: number): Promise<Order> {
  if (!isSystem(actor)) assertClient(actor);
  return inTransaction(async () => {
    const order = await lockVisibleOrder(actor, orderId);
    const approved = await transitionOrder(actor, order, 'approve', { patch: { completedAt: clock.now() } });
    await lapsePendingRevision(actor, approved, 'the order was approved');
    return approved;
  });
}

export async function openDispute(actor: Actor, orderId: number, reason: string): Promise<Order> {
  assertClient(actor);
  return inTransaction(async () => {
    const disputed = await transitionOrder(actor, await lockVisibleOrder(actor, orderId), 'open_dispute', { note: reason });
    await lapsePendingRevision(actor, disputed, 'a dispute was opened');
    return disputed;
  });
}

/** What cancelling now would cost, shown before the client confirms. */
export async function previewCancellation(actor: Actor, orderId: number): Promise<Forfeiture & { immediate: boolean }> {
  assertClient(actor);
  const order = await Order.findByPk(orderId);
  if (!order || !canSeeOrder(actor, order)) throw NotFound('Order');
  const immediate = order.status === 'draft' || order.status === 'pending_payment';
  return {
    immediate,
    ...forfeitureNow(order),
  };
}

/**
 * Cancels an unpaid order at once; a paid one becomes a cancellation request for staff, with
 * the forfeiture the client was shown recorded on it.
 */
export async function cancelAsClient(actor: Actor, orderId: number, reason: string): Promise<Order> {
  assertClient(actor);
  return inTransaction(async () => {
    const order = await lockVisibleOrder(actor, orderId);
    if (order.status === 'draft' || order.status === 'pending_payment') {
      return transitionOrder(actor, order, 'cancel', { patch: { cancelledAt: clock.now() }, note: reason });
    }
    if (!(CANCELLATION_REQUESTABLE as readonly string[]).includes(order.status)) {
      throw Conflict('This order can no longer be cancelled; open a dispute instead', { currentStatus: order.status });
    }
    const forfeiture = forfeitureNow(order);
    return transitionOrder(actor, order, 'request_cancellation', { note: reason, data: { ...forfeiture } });
  });
}

/** Favourite or block a writer of the website; a blocked writer never sees this client's orders. */
export async function setWriterPreference(actor: Actor, writerId: number, kind: 'favourite' | 'blocked' | null): Promise<void> {
  const clientId = assertClient(actor);
  await inTransaction(async () => {
    const writer = await User.findOne({ where: { id: writerId, websiteId: actor.websiteId!, role: 'writer' } });
    if (!writer) throw NotFound('Writer');
    const existing = await ClientWriterPreference.findOne({ where: { clientId, writerId } });
    if (kind === null) await existing?.destroy();
    else if (existing) await existing.update({ kind });
    else await ClientWriterPreference.create({ clientId, writerId, kind });
    await recordAudit(actor, {
      action: 'order.writer_preference',
      targetType: 'user',
      targetId: writerId,
      before: { kind: existing?.kind ?? null },
      after: { kind },
    });
  });
}

export async function listWriterPreferences(
  actor: Actor,
): Promise<Array<{ writerId: number; registrationId: string; penName: string | null; kind: string }>> {
  const clientId = assertClient(actor);
  const prefs = await ClientWriterPreference.findAll({ where: { clientId }, order: [['createdAt', 'DESC']] });
  const writers = await User.findAll({ where: { id: prefs.map((p) => p.writerId) }, attributes: ['id', 'registrationId', 'penName'] });
  const byId = new Map(writers.map((w) => [w.id, w]));
  return prefs.map((p) => ({
    writerId: p.writerId,
    registrationId: byId.get(p.writerId)!.registrationId,
    penName: byId.get(p.writerId)!.penName,
    kind: p.kind,
  }));
}
