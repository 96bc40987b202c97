import { Order, outstandingCents } from '../../orders/index.js';
import { Payment } from '../../payments/index.js';
import { Refund } from '../../payments/refunds/index.js';
import { WriterEarning, writerPayProvider } from '../../writers/index.js';

/** The order's money in one place: what it costs, what came in, what went back, what is due, what the writer earns. */

export interface CockpitPayment {
  id: number;
  purpose: string;
  method: string;
  status: string;
  amountCents: number;
  refundedCents: number;
  receiptNumber: string | null;
  reference: string | null;
  createdAt: string;
  succeededAt: string | null;
}

export interface CockpitRefund {
  id: number;
  status: string;
  destination: string;
  amountCents: number;
  reason: string;
  createdAt: string;
  processedAt: string | null;
}

export interface WriterEarningView {
  amountCents: number;
  /** An earning's status (pending, matured, …), or 'estimate' before approval (the rate card frozen at assignment). */
  status: string;
  urgent?: boolean;
}

export interface CockpitMoney {
  currency: string;
  totalCents: number | null;
  paidCents: number;
  /** Refunds processed or on their way (approved), not those waiting or rejected. */
  refundedCents: number;
  /** What the client still owes on the order's price (never below zero). */
  balanceDueCents: number;
  writerEarning: WriterEarningView | null;
}

const REFUNDS_COUNTED = new Set(['approved', 'processing', 'processed']);

export async function paymentsOf(order: Order): Promise<CockpitPayment[]> {
  const rows = await Payment.findAll({ where: { orderId: order.id, websiteId: order.websiteId }, order: [['id', 'ASC']], limit: 200 });
  return rows.map((p) => ({
    id: p.id,
    purpose: p.purpose,
    method: p.method,
    status: p.status,
    amountCents: p.amountCents,
    refundedCents: p.refundedCents,
    receiptNumber: p.receiptNumber,
    reference: p.reference,
    createdAt: p.createdAt.toISOString(),
    succeededAt: p.succeededAt?.toISOString() ?? null,
  }));
}

export async function refundsOf(order: Order): Promise<CockpitRefund[]> {
  const rows = await Refund.findAll({ where: { orderId: order.id, websiteId: order.websiteId }, order: [['id', 'ASC']], limit: 200 });
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    destination: r.destination,
    amountCents: r.amountCents,
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
    processedAt: r.processedAt?.toISOString() ?? null,
  }));
}

/** The earning once the order is approved; before that, what the card frozen at assignment would pay. */
async function writerEarningOf(order: Order): Promise<WriterEarningView | null> {
  if (order.writerId === null) return null;
  const earning = await WriterEarning.findOne({ where: { orderId: order.id, writerId: order.writerId } });
  if (earning) return { amountCents: earning.amountCents, status: earning.status };
  if (!order.writerRateCard) return null;
  const work = { pages: order.pages, slides: order.slides, charts: order.charts, deadline: order.deadline, assignedAt: order.assignedAt };
  const preview = writerPayProvider.preview(work, order.writerRateCard, order.writerRateCard);
  return { amountCents: preview.amountCents, status: 'estimate', urgent: preview.urgent };
}

export async function moneyOf(order: Order, refunds: readonly CockpitRefund[]): Promise<CockpitMoney> {
  const refundedCents = refunds.filter((r) => REFUNDS_COUNTED.has(r.status)).reduce((sum, r) => sum + r.amountCents, 0);
  return {
    currency: order.currency,
    totalCents: order.totalCents,
    paidCents: order.paidCents,
    refundedCents,
    balanceDueCents: order.totalCents === null ? 0 : Math.max(0, outstandingCents(order)),
    writerEarning: await writerEarningOf(order),
  };
}
