import Stripe from 'stripe';
import type { Config } from '../../../config/index.js';
import { ctx, type AppContext } from '../context.js';
import { AppError } from '../errors.js';

type StripeSettings = Pick<
  Config,
  'STRIPE_SECRET_KEY' | 'STRIPE_WEBHOOK_SECRET' | 'STRIPE_API_BASE' | 'STRIPE_TIMEOUT_MS' | 'STRIPE_MAX_RETRIES'
>;

export interface CardPaymentsAvailability {
  available: boolean;
  /** Why card payment is not offered, in words a client may read. */
  reason?: string;
}

export const CARD_PAYMENTS_NOT_CONFIGURED = 'card payments are not configured on this server';
export const CARD_PAYMENTS_NO_WEBHOOK = 'card payments are not fully configured on this server (no webhook secret)';

/**
 * Host, port and protocol of STRIPE_API_BASE, for the SDK's constructor (it has no base-URL option).
 * The path of the URL is ignored: the SDK always calls /v1/….
 */
export function stripeAddress(apiBase: string): { host: string; port: number; protocol: 'http' | 'https' } {
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  const port = url.port ? Number(url.port) : protocol === 'http' ? 80 : 443;
  return { host: url.hostname, port, protocol };
}

/**
 * The official SDK configured from our settings, or null when no secret key is set (card payment
 * is then offered nowhere). The API version is pinned to the SDK's own, so the shapes the types
 * describe are the shapes we receive whatever the account's default version is.
 */
export function stripeClient(config: StripeSettings): Stripe | null {
  if (!config.STRIPE_SECRET_KEY) return null;
  return new Stripe(config.STRIPE_SECRET_KEY, {
    apiVersion: Stripe.API_VERSION,
    timeout: config.STRIPE_TIMEOUT_MS,
    maxNetworkRetries: config.STRIPE_MAX_RETRIES,
    // Latency telemetry is sent to Stripe in headers of later calls: nothing we need.
    telemetry: false,
    appInfo: { name: 'Scriptorium' },
    ...(config.STRIPE_API_BASE ? stripeAddress(config.STRIPE_API_BASE) : {}),
  });
}

/**
 * Whether card payment can be offered, and why not. A secret key alone is not enough: without the
 * webhook secret no payment could ever be confirmed, so the money would be taken and the order
 * would stay unpaid.
 */
export function cardPaymentsAvailability(config: StripeSettings): CardPaymentsAvailability {
  if (!config.STRIPE_SECRET_KEY) return { available: false, reason: CARD_PAYMENTS_NOT_CONFIGURED };
  if (!config.STRIPE_WEBHOOK_SECRET) return { available: false, reason: CARD_PAYMENTS_NO_WEBHOOK };
  return { available: true };
}

// One client per application context (several apps share a process in tests).
const clients = new WeakMap<AppContext, Stripe | null>();

/** The current context's Stripe client, or null when Stripe is not configured. */
export function stripeOrNull(): Stripe | null {
  const context = ctx();
  if (!clients.has(context)) clients.set(context, stripeClient(context.config));
  return clients.get(context) ?? null;
}

/** Card payments availability of the current context's configuration. */
export function cardPayments(): CardPaymentsAvailability {
  return cardPaymentsAvailability(ctx().config);
}

/**
 * The current context's Stripe client for a use case that needs card payments; a 400 JSON error
 * naming `method` when they are not offered here (the portal shows the reason).
 */
export function requireStripe(): Stripe {
  const availability = cardPayments();
  const client = stripeOrNull();
  if (!availability.available || !client) {
    const reason = availability.reason ?? CARD_PAYMENTS_NOT_CONFIGURED;
    throw new AppError('validation_failed', `Card payment is not available: ${reason}`, { method: reason });
  }
  return client;
}
