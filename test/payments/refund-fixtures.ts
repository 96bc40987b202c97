import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import type { Actor } from '../../src/identity/actor.js';
import { accountBalance, postTransaction, walletBalance } from '../../src/ledger/index.js';
import type { Order } from '../../src/orders/models.js';
import { recordOrderPayment } from '../../src/orders/service/payment-hook.js';
import { createDraftOrder, submitOrder } from '../../src/orders/service/wizard.js';
import { getSequelize, inTransaction } from '../../src/platform/database.js';
import { systemActor } from '../../src/identity/actor.js';
import { completeDetails } from '../orders/fixtures.js';
import type { FakeStripe } from '../support/fake-stripe.js';

/**
 * Orders whose money is really in the ledger, for refund tests: the posting into the order's
 * escrow and the order's paid sum in one transaction, as the payments area does it.
 */
export type Who = Actor & { userId: number; websiteId: number };

let serial = 0;
const receipt = () => `RT-${Date.now().toString(36)}-${++serial}`;

async function placed(client: Who, topic: string): Promise<Order> {
  const draft = await createDraftOrder(client, { ...completeDetails(), topic });
  return submitOrder(client, draft.id);
}

/** A placed order paid in full offline: manual_clearing -> order_escrow:order. */
export async function manuallyPaidOrder(client: Who, admin: Who, topic = 'Refund fixture order'): Promise<Order> {
  const order = await placed(client, topic);
  return inTransaction(async () => {
    await postTransaction(systemActor(order.websiteId), {
      websiteId: order.websiteId, currency: order.currency, kind: 'order_payment_manual', reference: { type: 'order', id: order.id },
      memo: 'Fixture payment', idempotencyKey: `fixture-pay:${randomUUID()}`,
      postings: [{ from: { kind: 'manual_clearing' }, to: { kind: 'order_escrow', ownerId: order.id }, amountCents: order.totalCents! }],
    });
    return recordOrderPayment(admin, order.id, { amountCents: order.totalCents!, method: 'manual', reference: 'fixture' });
  });
}

export interface CardPaidOrder {
  order: Order;
  paymentId: number;
  paymentIntentId: string;
}

/**
 * A placed order paid in full by card through the fake Stripe: the PaymentIntent is created and
 * succeeds at the fake, then the payment row (method card, succeeded, its intent) and its posting
 * stripe_clearing -> order_escrow:order are written as the payments area's confirmation does.
 */
export async function cardPaidOrder(fake: FakeStripe, client: Who, admin: Who, topic = 'Card refund fixture order'): Promise<CardPaidOrder> {
  const order = await placed(client, topic);
  const created = await fetch(`${fake.url}/v1/payment_intents`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${fake.secretKey}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ amount: String(order.totalCents), currency: 'usd', 'metadata[websiteId]': String(order.websiteId), 'metadata[orderId]': String(order.id) }),
  });
  const intent = (await created.json()) as { id: string };
  await fake.succeed(intent.id);
  return inTransaction(async () => {
    const posted = await postTransaction(systemActor(order.websiteId), {
      websiteId: order.websiteId, currency: order.currency, kind: 'order_payment_card', reference: { type: 'order', id: order.id },
      memo: 'Fixture card payment', idempotencyKey: `fixture-card:${intent.id}`,
      postings: [{ from: { kind: 'stripe_clearing' }, to: { kind: 'order_escrow', ownerId: order.id }, amountCents: order.totalCents! }],
    });
    const [row] = await getSequelize().query<{ id: number }>(
      `INSERT INTO payments (website_id, client_id, order_id, purpose, method, status, amount_cents, currency, stripe_payment_intent_id,
                             ledger_transaction_id, receipt_number, succeeded_at)
       VALUES ($1, $2, $3, 'order', 'card', 'succeeded', $4, $5, $6, $7, $8, now()) RETURNING id`,
      { bind: [order.websiteId, client.userId, order.id, order.totalCents, order.currency, intent.id, posted.id, receipt()], type: QueryTypes.SELECT },
    );
    const paid = await recordOrderPayment(admin, order.id, { amountCents: order.totalCents!, method: 'card', reference: intent.id });
    return { order: paid, paymentId: row!.id, paymentIntentId: intent.id };
  });
}

export const walletOf = async (client: Who) => (await walletBalance(systemActor(client.websiteId), client.userId)).balanceCents;

export const escrowOf = async (order: Order) =>
  (await accountBalance(systemActor(order.websiteId), { kind: 'order_escrow', ownerId: order.id, websiteId: order.websiteId })).balanceCents;

export const revenueOf = async (websiteId: number) => (await accountBalance(systemActor(websiteId), { kind: 'platform_revenue', websiteId })).balanceCents;

/** Ledger transactions about a refund (reference refund:id), to count postings. */
export async function refundPostings(refundId: number): Promise<Array<{ id: number; kind: string }>> {
  return getSequelize().query<{ id: number; kind: string }>(
    `SELECT id, kind FROM ledger_transactions WHERE reference_type = 'refund' AND reference_id = $1 ORDER BY id`,
    { bind: [String(refundId)], type: QueryTypes.SELECT },
  );
}

export async function refundedOnPayment(paymentId: number): Promise<number> {
  const [row] = await getSequelize().query<{ refunded: number }>('SELECT refunded_cents AS refunded FROM payments WHERE id = $1', { bind: [paymentId], type: QueryTypes.SELECT });
  return row!.refunded;
}
