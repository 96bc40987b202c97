import { recordAudit } from '../../audit/index.js';
import { User } from '../../identity/index.js';
import type { Actor } from '../../platform/actor.js';
import { currentTransaction, inTransaction } from '../../platform/database.js';
import { Conflict, NotFound, ValidationFailed } from '../../platform/errors.js';
import { Order, WriterRequest } from '../models.js';
import { assertCanActAsOrderStaff, assertCanSteerOrders, canSeeOrder } from '../policy.js';
import { lockVisibleOrder } from '../service/lifecycle.js';
import { closeRequests } from '../service/request-closing.js';
import { assignWriter } from '../service/staff-actions.js';
import { OrderRequest } from './models.js';

/**
 * The requests queue: staff decide the writers' requests for orders. Approving one assigns the
 * order to that writer through the orders' assignment use case (same eligibility, timeline and
 * audit as an assignment from the order page), which closes the order's other open requests as
 * "went elsewhere" and tells those writers; declining closes one request with a reason.
 */

const REASON_MAX = 1000;

/** A writer's request (not a staff invitation) of an order the actor may see; 404 otherwise. */
async function requestInScope(actor: Actor, requestId: number): Promise<WriterRequest> {
  const request = await WriterRequest.findOne({ where: { id: requestId, kind: 'request' } });
  const order = request ? await Order.findByPk(request.orderId, { attributes: ['id', 'websiteId', 'clientId', 'writerId'] }) : null;
  if (!request || !order || !canSeeOrder(actor, order)) throw NotFound('Request');
  return request;
}

async function lockOpenRequest(requestId: number): Promise<WriterRequest> {
  const request = (await WriterRequest.findByPk(requestId, { lock: currentTransaction()!.LOCK.UPDATE }))!;
  if (request.status !== 'open')
    throw Conflict(`This request is closed already (${request.status.replace(/_/g, ' ')})`, { currentStatus: request.status });
  return request;
}

/**
 * Gives the order to the writer who asked for it (they asked: no acceptance step). Refused with
 * 409, nothing changed, when the request is closed or the order no longer waits for a writer;
 * the writer's eligibility (status, capacity, subject, blocks) is checked as for any assignment.
 */
export async function approveOrderRequest(actor: Actor, requestId: number): Promise<WriterRequest> {
  assertCanSteerOrders(actor, 'Only admins approve requests');
  return inTransaction(async () => {
    const found = await requestInScope(actor, requestId);
    // Writer, then order, then the request: the lock order of a take and an assignment, so they never deadlock.
    await User.findByPk(found.writerId, { lock: currentTransaction()!.LOCK.UPDATE, attributes: ['id'] });
    const order = await lockVisibleOrder(actor, found.orderId);
    const request = await lockOpenRequest(found.id);
    if (order.writerId !== null || order.status !== 'ready_for_staffing') {
      throw Conflict(
        `Order ${order.number} is not waiting for a writer any more (${order.status.replace(/_/g, ' ')}): no request of it can be approved`,
        {
          currentStatus: order.status,
        },
      );
    }
    await assignWriter(actor, order.id, { writerId: request.writerId, autoAccept: true, note: 'Request approved' });
    await recordAudit(actor, {
      action: 'order_request.approve',
      targetType: 'order_request',
      targetId: request.id,
      websiteId: order.websiteId,
      before: { status: 'open' },
      after: { status: 'accepted', orderId: order.id, writerId: request.writerId },
    });
    return request.reload();
  });
}

/** Closes one open request with the reason the writer is told. */
export async function declineOrderRequest(actor: Actor, requestId: number, reason: string): Promise<WriterRequest> {
  assertCanSteerOrders(actor, 'Only admins decline requests');
  const text = reason.trim();
  if (!text) throw ValidationFailed({ reason: 'is required' });
  if (text.length > REASON_MAX) throw ValidationFailed({ reason: `must be at most ${REASON_MAX} characters` });
  return inTransaction(async () => {
    const found = await requestInScope(actor, requestId);
    // Order, then the request: as a take and an assignment lock them.
    const order = await lockVisibleOrder(actor, found.orderId);
    const request = await lockOpenRequest(found.id);
    await closeRequests(actor, order, [request], { outcome: 'declined', reason: text });
    return request.reload();
  });
}

export interface OrderRequestView {
  id: number;
  status: OrderRequest['status'];
  writer: { id: number; registrationId: string; name: string; completedOrders: number; activeOrders: number };
  note: string | null;
  decisionReason: string | null;
  decidedAt: string | null;
  createdAt: string;
}

/** The writers' requests of one order, oldest first, for its page in the back office. */
export async function requestsOfOrder(actor: Actor, orderId: number): Promise<OrderRequestView[]> {
  assertCanActAsOrderStaff(actor);
  const order = await Order.findByPk(orderId, { attributes: ['id', 'websiteId', 'clientId', 'writerId'] });
  if (!order || !canSeeOrder(actor, order)) throw NotFound('Order');
  const rows = await OrderRequest.findAll({
    where: { orderId },
    order: [
      ['createdAt', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  const writers = new Map(
    (
      await User.findAll({ where: { id: rows.map((r) => r.writerId) }, attributes: ['id', 'registrationId', 'displayName', 'penName'] })
    ).map((w) => [w.id, w]),
  );
  return rows.map((r) => {
    const writer = writers.get(r.writerId);
    return {
      id: r.id,
      status: r.status,
      writer: {
        id: r.writerId,
        registrationId: writer?.registrationId ?? '',
        name: writer?.penName ?? writer?.displayName ?? '',
        completedOrders: r.writerCompletedOrders,
        activeOrders: r.writerActiveOrders,
      },
      note: r.note,
      decisionReason: r.decisionReason,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
    };
  });
}
