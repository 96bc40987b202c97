import type { JobRegistry } from './registry.js';
import type { Logger } from '../src/platform/logger.js';
import { sendMonthlyStatements } from '../src/analytics/statements/index.js';

/**
 * The monthly statements: every hour, each website whose previous month (in its own timezone) has
 * no statement sent yet gets it mailed to its active admins. Hourly and idempotent rather than a
 * cron on the 1st: a worker that is down, restarting or failing at that moment sends at its next
 * run instead of skipping a month; each website's month starts in its own timezone; and a website
 * with no admin yet is sent to once it has one. The claim in statement_deliveries keeps it to once
 * per website and month, on any number of workers.
 */
export const ANALYTICS_JOBS = {
  statements: { name: 'analytics.statements', every: '1 hour' },
} as const;

export function defineAnalyticsJobs(agenda: JobRegistry, logger: Logger): void {
  agenda.define(
    ANALYTICS_JOBS.statements.name,
    async () => logger.info({ job: ANALYTICS_JOBS.statements.name, result: await sendMonthlyStatements() }, 'statements job done'),
    { concurrency: 1 },
  );
}

export async function scheduleAnalyticsJobs(agenda: JobRegistry): Promise<void> {
  for (const job of Object.values(ANALYTICS_JOBS)) await agenda.every(job.every, job.name);
}
