import { isStaff, type Actor } from '../../platform/actor.js';
import { Forbidden } from '../../platform/errors.js';

/**
 * Who reads an order's cockpit: staff. Which orders (their website's; a superadmin any) is
 * checked by the orders area's own staff read (orderHistory), which the cockpit calls first.
 */
export function assertCanReadCockpit(actor: Actor): void {
  if (!isStaff(actor)) throw Forbidden('Only staff read the order cockpit');
}
