import { randomUUID } from 'node:crypto';

/**
 * A fresh idempotency key for one Stripe call, to be STORED on the local record (payment, refund)
 * before the call and reused by every retry of it. Random rather than derived from our ids: ids
 * restart after a database reset (or differ between deployments sharing a Stripe account), and
 * Stripe keeps keys for 24 h — `refund-1` of yesterday's database would replay yesterday's refund.
 */
export function newStripeIdempotencyKey(purpose: string): string {
  if (!/^[a-z0-9_-]{1,40}$/.test(purpose)) throw new Error(`Bad idempotency key purpose: ${purpose}`);
  return `scriptorium-${purpose}-${randomUUID()}`;
}
