/**
 * Pure rules of card payments on the Stripe side: what a PaymentIntent must agree on with our
 * payment before its news is applied, and what a failed Stripe call means for the payment. No I/O.
 */

/** The fields of a PaymentIntent we compare (Stripe's names; currency is lower case there). */
export interface IntentFacts {
  id: string;
  amount: number;
  amount_received?: number | null;
  currency: string;
  status?: string;
  metadata?: Record<string, string> | null;
}

export interface PaymentFacts {
  id: number;
  websiteId: number;
  amountCents: number;
  /** Upper case ISO code, as we store it. */
  currency: string;
}

/**
 * Why the intent's news must not be applied to the payment, or null when they agree: the amount
 * asked and (once succeeded) received, the currency, and the website and payment named in the
 * intent's metadata (which our code sets at creation). A mismatch means someone changed the
 * intent outside our code, or a bug: no money is recorded, a person looks at it.
 */
export function intentMismatch(payment: PaymentFacts, intent: IntentFacts): string | null {
  if (String(intent.currency).toUpperCase() !== payment.currency) {
    return `PaymentIntent ${intent.id} is in ${String(intent.currency).toUpperCase()}, payment ${payment.id} is in ${payment.currency}`;
  }
  if (intent.amount !== payment.amountCents) {
    return `PaymentIntent ${intent.id} is for ${intent.amount} cents, payment ${payment.id} is for ${payment.amountCents}`;
  }
  if (
    intent.status === 'succeeded' &&
    intent.amount_received !== undefined &&
    intent.amount_received !== null &&
    intent.amount_received !== payment.amountCents
  ) {
    return `PaymentIntent ${intent.id} received ${intent.amount_received} cents, payment ${payment.id} is for ${payment.amountCents}`;
  }
  const metadata = intent.metadata ?? {};
  if (metadata.websiteId !== undefined && metadata.websiteId !== String(payment.websiteId)) {
    return `PaymentIntent ${intent.id} belongs to website ${metadata.websiteId}, payment ${payment.id} to website ${payment.websiteId}`;
  }
  if (metadata.paymentId !== undefined && metadata.paymentId !== String(payment.id)) {
    return `PaymentIntent ${intent.id} names payment ${metadata.paymentId}, not ${payment.id}`;
  }
  return null;
}

/** The payment id our code put in an intent's metadata, or null. */
export function paymentIdOf(metadata: Record<string, string> | null | undefined): number | null {
  const raw = metadata?.paymentId;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,15}$/.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : null;
}

/**
 * What to do with the pending payment when creating its PaymentIntent failed:
 * - `keep`: Stripe gave no answer (timeout, network) and the client sent an Idempotency-Key —
 *   Stripe may have made the intent; the client's retry with the same key asks Stripe again with
 *   the same Stripe key and gets that intent, never a second one;
 * - `cancel`: Stripe answered (an error), or there is no way to resume: the payment is cancelled.
 */
export function afterIntentFailure(input: { answered: boolean; resumable: boolean }): 'keep' | 'cancel' {
  return !input.answered && input.resumable ? 'keep' : 'cancel';
}

/** The Stripe metadata of a payment's intent (strings only: Stripe stores strings). */
export function intentMetadata(payment: {
  id: number;
  websiteId: number;
  purpose: string;
  orderId: number | null;
  deadlineChangeId?: number | null;
  revisionId?: number | null;
  installmentId?: number | null;
}): Record<string, string> {
  return {
    websiteId: String(payment.websiteId),
    paymentId: String(payment.id),
    purpose: payment.purpose,
    ...(payment.orderId !== null ? { orderId: String(payment.orderId) } : {}),
    ...(payment.deadlineChangeId ? { deadlineChangeId: String(payment.deadlineChangeId) } : {}),
    ...(payment.revisionId ? { revisionId: String(payment.revisionId) } : {}),
    ...(payment.installmentId ? { installmentId: String(payment.installmentId) } : {}),
  };
}

/**
 * What the cleanup job does with the PaymentIntent of a card payment left open past its age:
 * record what Stripe decided (succeeded, canceled), cancel it at Stripe while it still waits for
 * the client (nobody pays an intent abandoned that long; a cancel makes sure nobody ever does), or
 * wait while Stripe is moving money (processing) or holds it (requires_capture: not our flow).
 */
export type OpenIntentAction = 'record_success' | 'record_cancel' | 'cancel_at_stripe' | 'wait';

export function openIntentAction(status: string): OpenIntentAction {
  if (status === 'succeeded') return 'record_success';
  if (status === 'canceled') return 'record_cancel';
  if (status === 'requires_payment_method' || status === 'requires_confirmation' || status === 'requires_action') return 'cancel_at_stripe';
  return 'wait';
}

/** How long a claimed payment is left to its worker, and then before it is asked about again. */
export const CARD_RECHECK_AFTER_MS = 60 * 60_000;

/** Stripe's search query for the intents our code made for a payment (its metadata, intentMetadata above). */
export const intentSearchQuery = (payment: { id: number; websiteId: number }): string =>
  `metadata['paymentId']:'${payment.id}' AND metadata['websiteId']:'${payment.websiteId}'`;
