import { orderHooks } from '../../orders/hooks.js';
import { settleCancelledOrder } from './service/cancellation.js';

let registered = false;

/**
 * Connects refunds to the areas they react to, once per process (called from initRefundModels):
 * a cancelled order's decision is executed here, without orders depending on payments.
 */
export function registerRefundHooks(): void {
  if (registered) return;
  registered = true;
  orderHooks.onOrderCancelled(settleCancelledOrder);
}
