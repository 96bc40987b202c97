/**
 * Stripe plumbing for the payments area: the SDK client built from the configuration (pointed at
 * STRIPE_API_BASE when set), whether card payments are offered and why not, error helpers and
 * idempotency keys. Webhook intake lives in src/payments/stripe-events.
 *
 * Never call Stripe inside a database transaction (STYLE.md): record the intent, call Stripe,
 * record the outcome.
 */
export type { default as Stripe } from 'stripe';
export {
  CARD_PAYMENTS_NO_WEBHOOK,
  CARD_PAYMENTS_NOT_CONFIGURED,
  cardPayments,
  cardPaymentsAvailability,
  requireStripe,
  stripeAddress,
  stripeClient,
  stripeOrNull,
  type CardPaymentsAvailability,
} from './client.js';
export { isStripeError, isStripeRetryable, stripeErrorSummary, type StripeErrorSummary } from './errors.js';
export { newStripeIdempotencyKey } from './idempotency.js';
