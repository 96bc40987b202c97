import { QueryTypes } from 'sequelize';
import { getSequelize } from '../../platform/database.js';

/**
 * card_intent_requests: the card payment a client's request with an Idempotency-Key started and the
 * Stripe idempotency key of its PaymentIntent (see the migration). Queries run on the caller's
 * transaction when there is one (CLS).
 */

export interface CardIntentRequest {
  paymentId: number;
  stripeIdempotencyKey: string;
}

export async function findCardIntentRequest(websiteId: number, requestKey: string): Promise<CardIntentRequest | null> {
  const [row] = await getSequelize().query<{ payment_id: string | number; stripe_idempotency_key: string }>(
    'SELECT payment_id, stripe_idempotency_key FROM card_intent_requests WHERE website_id = $1 AND request_key = $2',
    { bind: [websiteId, requestKey], type: QueryTypes.SELECT },
  );
  return row ? { paymentId: Number(row.payment_id), stripeIdempotencyKey: row.stripe_idempotency_key } : null;
}

export async function insertCardIntentRequest(websiteId: number, requestKey: string, request: CardIntentRequest): Promise<void> {
  await getSequelize().query(
    'INSERT INTO card_intent_requests (payment_id, website_id, request_key, stripe_idempotency_key) VALUES ($1, $2, $3, $4)',
    { bind: [request.paymentId, websiteId, requestKey, request.stripeIdempotencyKey] },
  );
}

/** Forgets the link once its payment is cancelled, so a retry with the same key starts afresh. */
export async function deleteCardIntentRequest(paymentId: number): Promise<void> {
  await getSequelize().query('DELETE FROM card_intent_requests WHERE payment_id = $1', { bind: [paymentId] });
}
