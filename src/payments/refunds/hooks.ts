import { orderHooks } from '../../orders/hooks.js';
import { onStripeEvent } from '../stripe-events/registry.js';
import { settleCancelledOrder } from './service/cancellation.js';
import { onChargeRefunded, prepareChargeRefunded } from './webhooks.js';

let registered = false;

/**
 * Connects refunds to the areas they react to, once per process (called from initRefundModels):
 * a cancelled order's decision is executed here, without orders depending on payments, and
 * Stripe's charge.refunded confirms card refunds (the API receiving it and the worker retrying it
 * both have the models, hence this handler).
 */
export function registerRefundHooks(): void {
  if (registered) return;
  registered = true;
  orderHooks.onOrderCancelled(settleCancelledOrder);
  onStripeEvent('charge.refunded', onChargeRefunded, { prepare: prepareChargeRefunded });
}
