import type Stripe from 'stripe';
import type { Actor } from '../../platform/actor.js';

/**
 * Which code reacts to which Stripe event type. Areas export their handlers; src/wiring.ts
 * registers them at boot, so every process that processes events — the API and the job worker —
 * has the same handlers (a process without one would store its events `ignored`: a payment lost):
 *
 *   onStripeEvent('payment_intent.succeeded', onPaymentIntentSucceeded);
 *
 * How a handler runs (service.ts):
 * - Inside ONE database transaction that holds the event's stripe_events row locked and marks it
 *   processed: the handler's writes (through services using inTransaction, which join it) commit
 *   together with that mark, or not at all. Two deliveries of one event never both apply it.
 * - A throw rolls back everything the handlers wrote; the event is stored `failed` with the error
 *   and retried by the job (payments.stripe-events-retry, every 5 minutes) — so a handler must be
 *   correct when run again after a failure, and must not call Stripe (no network inside a
 *   transaction; STYLE.md).
 * - A handler that needs more than the event carries (e.g. a charge's refunds) reads it from
 *   Stripe in its `prepare` (see StripeEventPreparer), never in the handler.
 * - Return 'ignored' when the event is not ours (no matching payment, an object made outside our
 *   code); the event is then stored `ignored`. Several handlers of one type run in registration
 *   order; the event is `ignored` only when all of them say so.
 *
 * ORDER: Stripe does not deliver events in the order they happened, and a failed event is retried
 * after later ones succeeded. The registry passes each event as it comes; the handler decides from
 * the current state of its own records and the object in the event — e.g. a
 * payment_intent.payment_failed arriving after payment_intent.succeeded must not undo the payment;
 * charge.refunded carries the charge's cumulative amount_refunded, so apply what is not yet
 * recorded rather than adding the event's figures blindly. `event.created` (seconds) is Stripe's
 * time of the change if a handler needs to compare.
 */
export type StripeEventType = Stripe.Event.Type;
export type StripeEventOf<T extends StripeEventType> = Extract<Stripe.Event, { type: T }>;

export interface StripeEventContext {
  /** The website named by the object's metadata.websiteId (and existing), else null. */
  websiteId: number | null;
  /** The system acting on that website, carrying the webhook's request id: pass it to services. */
  actor: Actor;
  /** Our stripe_events row id, a stable reference (e.g. for a ledger idempotency key). */
  eventRowId: number;
  /** 1 on the first processing, more on retries. */
  attempt: number;
  /** What the handler's `prepare` returned for this attempt (undefined without one). */
  prepared?: unknown;
}

export type StripeEventOutcome = void | 'ignored';
export type StripeEventHandler<T extends StripeEventType = StripeEventType> = (
  event: StripeEventOf<T>,
  context: StripeEventContext,
) => Promise<StripeEventOutcome>;

/**
 * Runs before the handler's transaction, outside any, on every processing attempt: the one place
 * where an event's processing may call Stripe (to read what the event does not carry). It must
 * change nothing — its result may never be applied (a concurrent delivery applies the event, the
 * transaction rolls back). A throw fails the event like a handler's throw (retried by the job).
 */
export type StripeEventPreparer<T extends StripeEventType = StripeEventType> = (event: StripeEventOf<T>) => Promise<unknown>;

const handlers = new Map<string, StripeEventHandler[]>();
const preparers = new WeakMap<StripeEventHandler, StripeEventPreparer>();

/**
 * Registers a handler for one event type; registering the same function again changes nothing.
 * With `prepare`, its result reaches the handler as `context.prepared`.
 * Returns a function that removes it (for tests).
 */
export function onStripeEvent<T extends StripeEventType>(
  type: T,
  handler: StripeEventHandler<T>,
  options: { prepare?: StripeEventPreparer<T> } = {},
): () => void {
  const list = handlers.get(type) ?? [];
  const registered = handler as unknown as StripeEventHandler;
  if (!list.includes(registered)) handlers.set(type, [...list, registered]);
  if (options.prepare) preparers.set(registered, options.prepare as unknown as StripeEventPreparer);
  return () => {
    const remaining = (handlers.get(type) ?? []).filter((h) => h !== registered);
    if (remaining.length) handlers.set(type, remaining);
    else handlers.delete(type);
  };
}

/** The `prepare` registered with a handler, if any. */
export function stripeEventPreparer(handler: StripeEventHandler): StripeEventPreparer | undefined {
  return preparers.get(handler);
}

/** The handlers of a type, in registration order (empty: the event is ignored). */
export function stripeEventHandlers(type: string): readonly StripeEventHandler[] {
  return handlers.get(type) ?? [];
}

/** Every type some handler is registered for (the events to enable on Stripe's webhook endpoint). */
export function handledStripeEventTypes(): string[] {
  return [...handlers.keys()].sort();
}
