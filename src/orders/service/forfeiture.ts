import { clock } from '../../platform/clock.js';
import type { Order } from '../models.js';
import { cancellationForfeiture, type Forfeiture } from '../rules.js';

/** What cancelling this order now forfeits and refunds (RULES.md's table), the one place it is worked out. */
export function forfeitureNow(order: Pick<Order, 'paidCents' | 'deadline' | 'writerId'>): Forfeiture {
  const now = clock.now();
  return cancellationForfeiture({ paidCents: order.paidCents, deadline: order.deadline ?? now, now, writerAssigned: order.writerId !== null });
}
