/**
 * The one place where areas' Stripe event handler modules are imported, so that every process
 * that processes events (the API receiving webhooks, the worker retrying failed ones) has the
 * same handlers registered. Without this an event processed by a process that happened not to
 * import a handler would be stored `ignored` — a payment lost.
 *
 * Add a line per module; the module calls onStripeEvent from './registry.js' (not from
 * './index.js', which imports this file):
 *
 *   import '../webhook-handlers.js';
 */
import '../card/handlers.js';

