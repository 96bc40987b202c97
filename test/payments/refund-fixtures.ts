import { QueryTypes } from 'sequelize';
import type { Actor } from '../../src/platform/actor.js';
import type { Order } from '../../src/orders/models.js';
import { createDraftOrder, submitOrder } from '../../src/orders/service/wizard.js';
import { createCardIntent, syncCardPayment } from '../../src/payments/card/service.js';
import { approveManualPayment, Payment, recordManualPayment } from '../../src/payments/index.js';
import { getSequelize } from '../../src/platform/database.js';
import { completeDetails } from '../orders/fixtures.js';
import type { FakeStripe } from '../support/fake-stripe.js';

/**
 * Orders whose money is really in the ledger, for refund tests, paid through the payments
 * services themselves (never inside a transaction of the test's: card payments call Stripe).
 */
export type Who = Actor & { userId: number; websiteId: number };

async function placed(client: Who, topic: string): Promise<Order> {
  const draft = await createDraftOrder(client, { ...completeDetails(), topic });
  return submitOrder(client, draft.id);
}

/** A placed order paid in full offline: recorded and approved by the admin (manual_clearing -> order_escrow:order). */
export async function manuallyPaidOrder(client: Who, admin: Who, topic = 'Refund fixture order'): Promise<Order> {
  const order = await placed(client, topic);
  const payment = await recordManualPayment(admin, { orderId: order.id, amountCents: order.totalCents!, reference: 'fixture transfer' });
  await approveManualPayment(admin, payment.id);
  return order.reload();
}

export interface CardPaidOrder {
  order: Order;
  paymentId: number;
  paymentIntentId: string;
}

/**
 * A placed order paid in full by card through the fake Stripe, as the portal does it: the card
 * intent is created, the customer completes it at Stripe, and the client's confirmation call
 * records it (stripe_clearing -> order_escrow:order).
 */
export async function cardPaidOrder(fake: FakeStripe, client: Who, topic = 'Card refund fixture order'): Promise<CardPaidOrder> {
  const order = await placed(client, topic);
  const started = await createCardIntent(client, { purpose: 'order', orderId: order.id });
  const paymentIntentId = (await Payment.findByPk(started.paymentId))!.stripePaymentIntentId!;
  await fake.succeed(paymentIntentId);
  const synced = await syncCardPayment(client, started.paymentId);
  if (synced.status !== 'succeeded') throw new Error(`fixture card payment ${started.paymentId} is ${synced.status}`);
  return { order: await order.reload(), paymentId: started.paymentId, paymentIntentId };
}

/** Ledger transactions about a refund (reference refund:id), to count postings. */
export async function refundPostings(refundId: number): Promise<Array<{ id: number; kind: string }>> {
  return getSequelize().query<{ id: number; kind: string }>(
    `SELECT id, kind FROM ledger_transactions WHERE reference_type = 'refund' AND reference_id = $1 ORDER BY id`,
    { bind: [String(refundId)], type: QueryTypes.SELECT },
  );
}

export async function refundedOnPayment(paymentId: number): Promise<number> {
  const [row] = await getSequelize().query<{ refunded: number }>('SELECT refunded_cents AS refunded FROM payments WHERE id = $1', {
    bind: [paymentId],
    type: QueryTypes.SELECT,
  });
  return row!.refunded;
}
