import type { JobRegistry } from './registry.js';
import { sweepInstallments } from '../src/payments/installments/index.js';
import type { Logger } from '../src/platform/logger.js';

/**
 * Installment plans: every 15 minutes, installments past their due time become overdue and their
 * client is emailed once; plans whose order was paid in full otherwise or cancelled are closed.
 * Plans are re-read under their lock and each email is claimed before it goes out, so the job is
 * safe twice and on many workers.
 */
export const INSTALLMENT_JOBS = {
  overdue: { name: 'installments.overdue', every: '15 minutes' },
} as const;

export function defineInstallmentJobs(agenda: JobRegistry, logger: Logger): void {
  agenda.define(
    INSTALLMENT_JOBS.overdue.name,
    async () => logger.info({ job: INSTALLMENT_JOBS.overdue.name, result: await sweepInstallments() }, 'installments job done'),
    { concurrency: 1 },
  );
}

export async function scheduleInstallmentJobs(agenda: JobRegistry): Promise<void> {
  for (const job of Object.values(INSTALLMENT_JOBS)) await agenda.every(job.every, job.name);
}
