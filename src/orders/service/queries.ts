import type { Actor } from '../../platform/actor.js';
import { User } from '../../identity/index.js';
import { Forbidden, NotFound } from '../../platform/errors.js';
import type { Page } from '../../platform/http/pagination.js';
import { pageOfClientOrders, type ClientOrderFilters, type ClientOrderRow } from '../read-models/client-orders.js';
import { screenForCounterparty } from '../screening.js';
import { Order, OrderEvent } from '../models.js';
import { canActAsClient, canSeeOrder } from '../policy.js';
import { serializeClientDetail, type ClientOrderDetail, type ClientOrderSummary, type WriterPublicView } from '../serializers.js';

/** The page of the client's list from its rows (clientOrdersRead's, run with the session check), for a client only. */
export function clientOrdersPage(actor: Actor, rows: ClientOrderRow[], filters: ClientOrderFilters): Page<ClientOrderSummary> {
  assertClient(actor);
  return pageOfClientOrders(rows, filters);
}

function assertClient(actor: Actor): void {
  if (!canActAsClient(actor) || actor.websiteId === null) throw Forbidden('Only clients have a list of their own orders');
}

async function publicWriter(id: number | null): Promise<WriterPublicView | null> {
  if (id === null) return null;
  const writer = await User.findByPk(id, { attributes: ['penName', 'registrationId'] });
  // The pen name is the writer's own words: screened for the client like anything else they write.
  return writer ? { penName: screenForCounterparty(writer.penName), registrationId: writer.registrationId } : null;
}

/** One order with its timeline, as its client sees it. */
export async function getClientOrder(actor: Actor, orderId: number): Promise<ClientOrderDetail> {
  const order = await Order.findByPk(orderId);
  if (!order || !canActAsClient(actor) || !canSeeOrder(actor, order)) throw NotFound('Order');
  const events = await OrderEvent.findAll({
    where: { orderId },
    order: [
      ['createdAt', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  const [writer, preferredWriter] = await Promise.all([publicWriter(order.writerId), publicWriter(order.preferredWriterId)]);
  return serializeClientDetail(order, { writer, preferredWriter }, events);
}
