import Stripe from 'stripe';

/** What we keep of a failed Stripe call (in a payment's or refund's last_error, in logs). */
export interface StripeErrorSummary {
  /** The SDK's class name: StripeCardError, StripeConnectionError, … ('Error' for anything else). */
  type: string;
  /** Stripe's error code (card_declined, amount_too_large, …) when it gave one. */
  code?: string;
  declineCode?: string;
  /** HTTP status of Stripe's answer; absent when no answer came (network error, timeout). */
  status?: number;
  message: string;
  requestId?: string;
}

export function isStripeError(err: unknown): err is Stripe.errors.StripeError {
  return err instanceof Stripe.errors.StripeError;
}

export function stripeErrorSummary(err: unknown): StripeErrorSummary {
  if (!isStripeError(err))
    return { type: err instanceof Error ? err.name : 'Error', message: err instanceof Error ? err.message : String(err) };
  return {
    type: err.type,
    ...(err.code ? { code: err.code } : {}),
    ...(err.decline_code ? { declineCode: err.decline_code } : {}),
    ...(err.statusCode ? { status: err.statusCode } : {}),
    message: err.message,
    ...(err.requestId ? { requestId: err.requestId } : {}),
  };
}

/**
 * True when the outcome of the call is unknown or only temporarily refused: no answer (network
 * error, timeout), a 5xx, a 429, or a 409 (another request with the same idempotency key is still
 * running). Stripe may have done the work: keep the local record pending and retry later with
 * the SAME idempotency key, which returns the first result instead of doing it twice.
 * False for definitive answers (card declined, invalid request, amount too large, bad key): record
 * the failure.
 */
export function isStripeRetryable(err: unknown): boolean {
  if (!isStripeError(err)) return false;
  if (err instanceof Stripe.errors.StripeConnectionError) return true;
  if (err instanceof Stripe.errors.StripeRateLimitError) return true;
  const status = err.statusCode;
  if (status === undefined) return err instanceof Stripe.errors.StripeAPIError;
  return status === 409 || status === 429 || status >= 500;
}
