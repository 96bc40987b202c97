import type { JobRegistry } from './registry.js';
import { retryProcessingRefunds } from '../src/payments/refunds/index.js';
import type { Logger } from '../src/platform/logger.js';

/**
 * Card refunds left processing (Stripe failed or timed out, or a process died between approval and
 * the call) are retried with their stored Stripe idempotency key: Stripe replays the first refund,
 * and the outcome is recorded once — safe twice and on many workers.
 */
export const REFUND_JOBS = {
  retryProcessing: { name: 'payments.refunds-retry', every: '10 minutes' },
} as const;

export function defineRefundJobs(agenda: JobRegistry, logger: Logger): void {
  agenda.define(
    REFUND_JOBS.retryProcessing.name,
    async () => logger.info({ job: REFUND_JOBS.retryProcessing.name, result: await retryProcessingRefunds() }, 'refunds job done'),
    { concurrency: 1 },
  );
}

export async function scheduleRefundJobs(agenda: JobRegistry): Promise<void> {
  for (const job of Object.values(REFUND_JOBS)) await agenda.every(job.every, job.name);
}
