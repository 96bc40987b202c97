import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { currentTransaction } from '../../platform/database.js';
import { Forbidden, NotFound } from '../../platform/errors.js';
import { editorHoldsOrder } from '../editing.js';
import { Order } from '../models.js';
import { transitionOrder } from './lifecycle.js';

/**
 * The editor's two ways out of editing, called by the editors area inside its use case (which
 * locks and checks the task first): the order is checked again here — the actor is an editor of
 * the order's website who holds its editing task — then moved by the lifecycle table, with its
 * timeline event and audit row.
 */
async function lockOrderForEditor(actor: Actor, orderId: number): Promise<Order> {
  const transaction = currentTransaction();
  if (!transaction) throw new Error('Editing moves must run inside a transaction');
  if (actor.role !== 'editor' || actor.userId === null) throw Forbidden('Only editors move orders out of editing');
  const order = await Order.findByPk(orderId, { lock: transaction.LOCK.UPDATE });
  if (!order || order.websiteId !== actor.websiteId || !(await editorHoldsOrder(actor.userId, order.id))) throw NotFound('Order');
  return order;
}

/** The editor sends the work back to the writer with notes (the writer reads them on the order's timeline): a revision round. */
export async function returnOrderToWriter(actor: Actor, orderId: number, notes: string, data?: Record<string, unknown>): Promise<Order> {
  const order = await lockOrderForEditor(actor, orderId);
  return transitionOrder(actor, order, 'return_to_writer', { note: notes, data });
}

/** The editor passes the work: the order is delivered to the client. */
export async function deliverEditedOrder(
  actor: Actor,
  orderId: number,
  note: string | null,
  data?: Record<string, unknown>,
): Promise<Order> {
  const order = await lockOrderForEditor(actor, orderId);
  return transitionOrder(actor, order, 'deliver', {
    patch: { deliveredAt: clock.now(), overdueAt: null, stuckAt: null },
    note,
    data,
  });
}
