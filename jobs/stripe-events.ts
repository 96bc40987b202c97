import type { JobRegistry } from './registry.js';
import { settleAbandonedCardPayments } from '../src/payments/card/index.js';
import { reprocessFailedStripeEvents } from '../src/payments/stripe-events/index.js';
import type { Logger } from '../src/platform/logger.js';

/**
 * What Stripe decided that we have not applied yet, each safe twice and on many workers:
 * - stripe-events-retry: webhook events whose handler failed (or whose processing a crash cut
 *   short) are processed again; each is applied at most once whatever runs it;
 * - card-cleanup: card payments left open past CARD_PAYMENT_ABANDON_AFTER_MINUTES are settled as
 *   Stripe has them (succeeded, failed, canceled), or their intent is cancelled at Stripe; each
 *   payment is claimed by one worker and every effect goes through the webhooks' idempotent functions.
 */
export const STRIPE_EVENT_JOBS = {
  retryFailed: { name: 'payments.stripe-events-retry', every: '5 minutes' },
  cardCleanup: { name: 'payments.card-cleanup', every: '15 minutes' },
} as const;

export function defineStripeEventJobs(agenda: JobRegistry, logger: Logger): void {
  agenda.define(
    STRIPE_EVENT_JOBS.retryFailed.name,
    async () =>
      logger.info({ job: STRIPE_EVENT_JOBS.retryFailed.name, result: await reprocessFailedStripeEvents() }, 'stripe events job done'),
    { concurrency: 1 },
  );
  agenda.define(
    STRIPE_EVENT_JOBS.cardCleanup.name,
    async () =>
      logger.info({ job: STRIPE_EVENT_JOBS.cardCleanup.name, result: await settleAbandonedCardPayments() }, 'card payments cleanup done'),
    { concurrency: 1 },
  );
}

export async function scheduleStripeEventJobs(agenda: JobRegistry): Promise<void> {
  for (const job of Object.values(STRIPE_EVENT_JOBS)) await agenda.every(job.every, job.name);
}
