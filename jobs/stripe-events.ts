import type { Agenda } from 'agenda';
import { reprocessFailedStripeEvents } from '../src/payments/stripe-events/service.js';
import type { Logger } from '../src/platform/logger.js';

/**
 * Stripe webhook events whose handler failed (or whose processing a crash cut short) are processed
 * again; each is applied at most once whatever runs it, so the job is safe twice and on many workers.
 */
export const STRIPE_EVENT_JOBS = {
  retryFailed: { name: 'payments.stripe-events-retry', every: '5 minutes' },
} as const;

export function defineStripeEventJobs(agenda: Agenda, logger: Logger): void {
  agenda.define(
    STRIPE_EVENT_JOBS.retryFailed.name,
    async () => logger.info({ job: STRIPE_EVENT_JOBS.retryFailed.name, result: await reprocessFailedStripeEvents() }, 'stripe events job done'),
    { concurrency: 1 },
  );
}

export async function scheduleStripeEventJobs(agenda: Agenda): Promise<void> {
  for (const job of Object.values(STRIPE_EVENT_JOBS)) await agenda.every(job.every, job.name);
}
