import { Op } from 'sequelize';
import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { Conflict, NotFound, ValidationFailed } from '../../platform/errors.js';
import { editingRequiredFor } from '../editing.js';
import { OrderFile } from '../files/index.js';
import { orderHooks } from '../hooks.js';
import { OrderEvent, type Order } from '../models.js';
import { lockVisibleOrder, transitionOrder } from './lifecycle.js';
import { assertWriter } from './writer-context.js';

/**
 * Since when a final file counts for this round of work: the last revision request or return from
 * an editor (with notes: a revision round), else the assignment.
 */
async function roundStartedAt(order: Order): Promise<Date> {
  const revision = await OrderEvent.findOne({
    where: { orderId: order.id, action: ['request_revision', 'return_to_writer'] },
    order: [['createdAt', 'DESC']],
  });
  return revision?.createdAt ?? order.assignedAt ?? order.createdAt;
}

/**
 * The writer hands in the work: a final file uploaded in this round is required. The order goes
 * to an editor when the website requires editing for it, else straight to the client.
 */
export async function deliverOrder(actor: Actor, orderId: number, note: string | null): Promise<Order> {
  const writerId = assertWriter(actor);
  return inTransaction(async () => {
    const order = await lockVisibleOrder(actor, orderId);
    if (order.writerId !== writerId) throw NotFound('Order');
    if (!['in_progress', 'revision_requested'].includes(order.status))
      throw Conflict(`Cannot deliver an order that is ${order.status.replace(/_/g, ' ')}`, { currentStatus: order.status });
    const since = await roundStartedAt(order);
    const finals = await OrderFile.count({
      where: { orderId, category: 'final', uploadedBy: writerId, deletedAt: null, createdAt: { [Op.gte]: since } },
    });
    if (!finals) throw ValidationFailed({ files: 'upload the final file(s) first' }, 'A delivery needs at least one final file');
    // Decided at hand-in (the website's requirement today) and kept on the order: a later change of
    // the requirement never strands an order already in editing, and a returned order comes back to it.
    if (await editingRequiredFor(order)) {
      const sent = await transitionOrder(actor, order, 'send_to_editing', {
        patch: { requiresEditing: true },
        note,
        data: { finalFiles: finals },
      });
      await orderHooks.sentToEditing({ actor, order: sent, note });
      return sent;
    }
    return transitionOrder(actor, order, 'deliver', {
      patch: { deliveredAt: clock.now(), overdueAt: null, stuckAt: null },
      note,
      data: { finalFiles: finals },
    });
  });
}
