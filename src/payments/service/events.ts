import type { Actor } from '../../platform/actor.js';
import { recordEvents } from '../../platform/outbox.js';
import type { Payment } from '../models.js';

/** The outbox event of a payment that succeeded (card confirmed, offline approved, wallet or revision paid). */
export const PAYMENT_CONFIRMED_EVENT = 'payment.confirmed';

/** What a `payment.confirmed` carries: ids and the amount in minor units, never card details. */
export interface PaymentConfirmedPayload {
  paymentId: number;
  clientId: number;
  orderId: number | null;
  method: string;
  purpose: string;
  amountCents: number;
  currency: string;
  /** Who confirmed it (the client paying from their wallet, an admin, null: the system on Stripe's word). */
  actorUserId: number | null;
}

/** Records the events in the use case's transaction: they commit, or roll back, with the payments. */
export const recordPaymentsConfirmed = (items: ReadonlyArray<{ actor: Actor; payment: Payment }>): Promise<void> =>
  recordEvents(
    items.map(({ actor, payment }) => ({
      type: PAYMENT_CONFIRMED_EVENT,
      websiteId: payment.websiteId,
      payload: {
        paymentId: payment.id,
        clientId: payment.clientId,
        orderId: payment.orderId,
        method: payment.method,
        purpose: payment.purpose,
        amountCents: payment.amountCents,
        currency: payment.currency,
        actorUserId: actor.userId,
      } satisfies PaymentConfirmedPayload,
    })),
  );
