import { clock } from '../../platform/clock.js';
import { OrderEvent, type Order } from '../models.js';
import { cancellationForfeiture, forfeitureAtShare, type Forfeiture } from '../rules.js';

/** What cancelling this order now forfeits and refunds (RULES.md's table), the one place it is worked out. */
export function forfeitureNow(order: Pick<Order, 'paidCents' | 'deadline' | 'writerId'>): Forfeiture {
  const now = clock.now();
  return cancellationForfeiture({
    paidCents: order.paidCents,
    deadline: order.deadline ?? now,
    now,
    writerAssigned: order.writerId !== null,
  });
}

/**
 * What a staff decision on the order's cancellation forfeits by default: for a client's request
 * still waiting (pending_cancellation), the share the client was shown when asking (recorded on
 * the request_cancellation event), else the table's share now.
 */
export async function forfeitureToDecide(order: Pick<Order, 'id' | 'status' | 'paidCents' | 'deadline' | 'writerId'>): Promise<Forfeiture> {
  if (order.status === 'pending_cancellation') {
    const asked = await OrderEvent.findOne({
      where: { orderId: order.id, action: 'request_cancellation' },
      order: [['id', 'DESC']],
      attributes: ['data'],
    });
    const shareBp = (asked?.data as { shareBp?: unknown } | null)?.shareBp;
    if (typeof shareBp === 'number' && Number.isFinite(shareBp)) return forfeitureAtShare(order.paidCents, shareBp);
  }
  return forfeitureNow(order);
}
