import { orderHooks } from '../orders/hooks.js';
import { freezeRateCard, settleCompletedOrder } from './service/earnings.js';

let registered = false;

/**
 * Connects earnings to the order lifecycle, once per process (called from initWriterModels),
 * without orders depending on writers: an assignment freezes the rate card on the order, a
 * completion settles its escrow.
 */
export function registerWriterHooks(): void {
  if (registered) return;
  registered = true;
  orderHooks.onWriterAssigned(freezeRateCard);
  orderHooks.onOrderCompleted(settleCompletedOrder);
}
