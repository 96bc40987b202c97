import { isSuperadmin, type Actor } from '../../../platform/actor.js';
import { walletBalance } from '../../../ledger/index.js';
import { canSeeOrder, Order } from '../../../orders/index.js';
import { NotFound } from '../../../platform/errors.js';
import { Refund } from '../models.js';
import { canSeeRefund, canSeeRefundAsStaff } from '../policy.js';
import { refundableCents } from '../rules.js';
import { forfeitedCents, refundsOfOrder } from './common.js';

/** Reads of refunds: the client's list on their order, and the admin's summary of one refund. */

export interface OrderRefunds {
  orderId: number;
  currency: string;
  /** What may still be refunded (what was paid, minus forfeits, minus refunds processed or in flight). */
  refundableCents: number;
  items: Refund[];
}

/** The refunds of an order the actor sees (a client: their own order; else 404), oldest first. */
export async function listOrderRefunds(actor: Actor, orderId: number): Promise<OrderRefunds> {
  const order = await Order.findByPk(orderId);
  if (!order || !canSeeOrder(actor, order)) throw NotFound('Order');
  const refunds = await refundsOfOrder(order.id);
  return {
    orderId: order.id,
    currency: order.currency,
    refundableCents: refundableCents({ paidCents: order.paidCents, forfeitedCents: forfeitedCents(order), refunds }),
    items: refunds.filter((r) => canSeeRefund(actor, r)),
  };
}

export interface RefundSummary {
  refundId: number;
  status: Refund['status'];
  currency: string;
  orderNumber: string;
  orderPaidCents: number;
  refundableCents: number;
  walletBalanceCents: number;
}

/** For the refund's page in the back office: the order's figures and the client's wallet balance now. */
export async function refundSummary(actor: Actor, refundId: number): Promise<RefundSummary> {
  const refund = await Refund.findByPk(refundId);
  if (!refund || !canSeeRefundAsStaff(actor, refund)) throw NotFound('Refund');
  const order = (await Order.findByPk(refund.orderId))!;
  const refunds = await refundsOfOrder(order.id);
  const wallet = await walletBalance({ ...actor, websiteId: isSuperadmin(actor) ? refund.websiteId : actor.websiteId }, refund.clientId);
  return {
    refundId: refund.id,
    status: refund.status,
    currency: refund.currency,
    orderNumber: order.number,
    orderPaidCents: order.paidCents,
    refundableCents: refundableCents({ paidCents: order.paidCents, forfeitedCents: forfeitedCents(order), refunds }),
    walletBalanceCents: wallet.balanceCents,
  };
}
