import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { Conflict, NotFound, ValidationFailed } from '../../platform/errors.js';
import { Order } from '../models.js';
import { canSeeOrder } from '../policy.js';
import { priceDraft } from './draft-price.js';
import { missingForSubmission } from './wizard.js';

/**
 * The subtotal of one of the client's drafts, priced now as submit would price it: the discounts'
 * code check asks it for (provided in src/wiring.ts).
 */
export async function draftSubtotal(actor: Actor, orderId: number): Promise<{ subtotalCents: number; clientId: number | null }> {
  const order = actor.userId !== null ? await Order.findByPk(orderId) : null; // a visitor has no orders
  if (!order || !canSeeOrder(actor, order)) throw NotFound('Order');
  if (order.status !== 'draft') throw Conflict('Discounts are fixed when an order is placed', { currentStatus: order.status });
  const now = clock.now();
  const missing = missingForSubmission(order, now);
  if (Object.keys(missing).length) throw ValidationFailed(missing, 'The order is not complete enough to be priced');
  return { subtotalCents: (await priceDraft(order, now)).quote.totalCents, clientId: order.clientId };
}
