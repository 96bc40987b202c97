/**
 * Stripe webhook intake for the payments area: the registry handlers are added to (from
 * src/wiring.ts), the service that stores and processes events exactly once, the route, and the
 * retry used by the job.
 */
export {
  handledStripeEventTypes,
  onStripeEvent,
  stripeEventHandlers,
  type StripeEventContext,
  type StripeEventHandler,
  type StripeEventOf,
  type StripeEventOutcome,
  type StripeEventType,
} from './registry.js';
export {
  processStripeEvent,
  receiveStripeWebhook,
  recordStripeEvent,
  reprocessFailedStripeEvents,
  type ProcessResult,
  type ReprocessSummary,
  type StripeEventReceipt,
} from './service.js';
export { StripeEvent, initStripeEventModels } from './models.js';
export { MAX_STRIPE_EVENT_ATTEMPTS, STRIPE_EVENT_STATUSES, type StripeEventStatus } from './rules.js';
export { STRIPE_WEBHOOK_PATH, stripeWebhookRouter } from './routes.js';
