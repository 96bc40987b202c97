import type { JobRegistry } from './registry.js';
import { runCampaignSchedule, runCodeGeneration, setGenerationKicker } from '../src/discounts/index.js';
import type { Logger } from '../src/platform/logger.js';

/**
 * Campaigns start and end on time; bulk code generation runs in the background. Both handlers
 * only call services that are safe to run twice and on several workers at once.
 */
export const DISCOUNT_JOBS = {
  campaignSchedule: { name: 'discounts.campaign-schedule', every: '1 minute' },
  // Polled as a fallback; a request made in a process with a worker starts it at once (the kicker).
  generateCodes: { name: 'discounts.generate-codes', every: '1 minute' },
} as const;

export function defineDiscountJobs(agenda: JobRegistry, logger: Logger): void {
  agenda.define(
    DISCOUNT_JOBS.campaignSchedule.name,
    async () => {
      const result = await runCampaignSchedule();
      if (result.started || result.ended)
        logger.info({ job: DISCOUNT_JOBS.campaignSchedule.name, ...result }, 'campaigns started or ended');
    },
    { concurrency: 1 },
  );
  agenda.define(
    DISCOUNT_JOBS.generateCodes.name,
    async () => {
      const results = await runCodeGeneration();
      if (results.length) logger.info({ job: DISCOUNT_JOBS.generateCodes.name, results }, 'discount codes generated');
    },
    { concurrency: 2 },
  );
  setGenerationKicker(() => {
    agenda.now(DISCOUNT_JOBS.generateCodes.name).catch((err: Error) => logger.warn({ err }, 'starting code generation failed'));
  });
}

export async function scheduleDiscountJobs(agenda: JobRegistry): Promise<void> {
  for (const job of Object.values(DISCOUNT_JOBS)) await agenda.every(job.every, job.name);
}
