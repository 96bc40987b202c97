import type { JobRegistry } from './registry.js';
import type { Logger } from '../src/platform/logger.js';
import { applyTicketSla, rebalanceTickets } from '../src/support/index.js';

/**
 * Support tickets: every 5 minutes the first-response SLA flags unanswered tickets at 80 % of
 * their target and escalates them at breach (each once, under the ticket's row lock); every 10
 * minutes unanswered tickets move off offline or overloaded agents. Both are safe twice and on
 * many workers at once.
 */
export const SUPPORT_JOBS = {
  sla: { name: 'support.sla', every: '5 minutes' },
  rebalance: { name: 'support.rebalance', every: '10 minutes' },
} as const;

export function defineSupportJobs(agenda: JobRegistry, logger: Logger): void {
  agenda.define(
    SUPPORT_JOBS.sla.name,
    async () => logger.info({ job: SUPPORT_JOBS.sla.name, result: await applyTicketSla() }, 'support job done'),
    {
      concurrency: 1,
    },
  );
  agenda.define(
    SUPPORT_JOBS.rebalance.name,
    async () => logger.info({ job: SUPPORT_JOBS.rebalance.name, result: await rebalanceTickets() }, 'support job done'),
    { concurrency: 1 },
  );
}

export async function scheduleSupportJobs(agenda: JobRegistry): Promise<void> {
  for (const job of Object.values(SUPPORT_JOBS)) await agenda.every(job.every, job.name);
}
