import type { JobRegistry } from './registry.js';
import { sendPaymentReminders, sendPendingReceipts } from '../src/payments/index.js';
import type { Logger } from '../src/platform/logger.js';

/**
 * Payment reminders for placed, unpaid orders at 24 h and 72 h (RULES.md). Each reminder is
 * claimed in payment_reminders before it is sent, so the job is safe twice and on many workers.
 * Receipts of succeeded payments leave through the receipt outbox every minute (claimed with SKIP
 * LOCKED, so also safe twice and on many workers).
 */
export const PAYMENT_JOBS = {
  reminders: { name: 'payments.reminders', every: '15 minutes' },
  receipts: { name: 'payments.receipts', every: '1 minute' },
} as const;

export function definePaymentJobs(agenda: JobRegistry, logger: Logger): void {
  agenda.define(
    PAYMENT_JOBS.reminders.name,
    async () => logger.info({ job: PAYMENT_JOBS.reminders.name, result: await sendPaymentReminders() }, 'payment reminders job done'),
    { concurrency: 1 },
  );
  agenda.define(
    PAYMENT_JOBS.receipts.name,
    async () => logger.info({ job: PAYMENT_JOBS.receipts.name, result: await sendPendingReceipts() }, 'payment receipts job done'),
    { concurrency: 1 },
  );
}

export async function schedulePaymentJobs(agenda: JobRegistry): Promise<void> {
  for (const job of Object.values(PAYMENT_JOBS)) await agenda.every(job.every, job.name);
}
