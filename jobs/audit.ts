import type { JobRegistry } from './registry.js';
import { sealAuditChain, verifyAuditChain } from '../src/audit/index.js';
import type { Logger } from '../src/platform/logger.js';

/**
 * The audit log's hash chain: every minute the rows committed since are sealed into their
 * website's chain (one sealer at a time: an advisory lock); every night the chains are checked
 * from their first row, and a break is an error-level alert naming the first broken row (as
 * `npm run audit:verify` names it). Both are safe twice and on many workers.
 */
export const AUDIT_JOBS = {
  seal: { name: 'audit.seal', every: '1 minute' },
  verify: { name: 'audit.verify', every: '0 3 * * *' },
} as const;

export function defineAuditJobs(agenda: JobRegistry, logger: Logger): void {
  agenda.define(
    AUDIT_JOBS.seal.name,
    async () => logger.info({ job: AUDIT_JOBS.seal.name, result: await sealAuditChain() }, 'audit rows sealed'),
    { concurrency: 1 },
  );
  agenda.define(
    AUDIT_JOBS.verify.name,
    async () => {
      const result = await verifyAuditChain();
      if (result.ok) logger.info({ job: AUDIT_JOBS.verify.name, result }, 'audit chain intact');
      else
        logger.error(
          { job: AUDIT_JOBS.verify.name, alert: 'audit_chain_broken', result },
          `AUDIT CHAIN BROKEN at audit row ${result.firstBreak!.auditId}`,
        );
      return result;
    },
    { concurrency: 1 },
  );
}

export async function scheduleAuditJobs(agenda: JobRegistry): Promise<void> {
  for (const job of Object.values(AUDIT_JOBS)) await agenda.every(job.every, job.name);
}
