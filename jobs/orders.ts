import type { JobRegistry } from './registry.js';
import { purgeDeletedFiles } from '../src/orders/files/index.js';
import {
  autoApproveDeliveredOrders,
  expirePreferredWriterInvitations,
  expireUnpaidOrders,
  flagOverdueAndStuckOrders,
  openUnclaimedPreferredOrders,
} from '../src/orders/index.js';
import type { Logger } from '../src/platform/logger.js';

/** Order upkeep (RULES.md "Orders"); each handler only calls a service and is safe to run twice. */
export const ORDER_JOBS = {
  preferredWriterFallback: { name: 'orders.preferred-writer-fallback', every: '15 minutes' },
  autoApprove: { name: 'orders.auto-approve', every: '1 hour' },
  slaFlags: { name: 'orders.sla-flags', every: '30 minutes' },
  expireUnpaid: { name: 'orders.expire-unpaid', every: '1 hour' },
  purgeDeletedFiles: { name: 'orders.purge-deleted-files', every: '1 day' },
} as const;

export function defineOrderJobs(agenda: JobRegistry, logger: Logger): void {
  const define = (name: string, run: () => Promise<unknown>) =>
    agenda.define(name, async () => logger.info({ job: name, result: await run() }, 'order job done'), { concurrency: 1 });
  define(ORDER_JOBS.preferredWriterFallback.name, async () => ({
    invitations: await expirePreferredWriterInvitations(),
    openedToPool: await openUnclaimedPreferredOrders(),
  }));
  define(ORDER_JOBS.autoApprove.name, autoApproveDeliveredOrders);
  define(ORDER_JOBS.slaFlags.name, flagOverdueAndStuckOrders);
  define(ORDER_JOBS.expireUnpaid.name, expireUnpaidOrders);
  define(ORDER_JOBS.purgeDeletedFiles.name, () => purgeDeletedFiles());
}

export async function scheduleOrderJobs(agenda: JobRegistry): Promise<void> {
  for (const job of Object.values(ORDER_JOBS)) await agenda.every(job.every, job.name);
}
