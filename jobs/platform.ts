import type { JobRegistry } from './registry.js';
import { purgeIdempotencyKeys } from '../src/platform/http/idempotency.js';
import { dispatchOutbox } from '../src/platform/outbox.js';
import type { Logger } from '../src/platform/logger.js';

export const PURGE_IDEMPOTENCY_KEYS = 'platform.purge-idempotency-keys';
/**
 * The outbox's sweep: events the in-process dispatch after commit did not hand over (the process
 * died, a consumer failed and waits for its retry) go now. Claimed with SKIP LOCKED: safe on many workers.
 */
export const DISPATCH_OUTBOX = 'platform.dispatch-outbox';

export function definePlatformJobs(agenda: JobRegistry, logger: Logger): void {
  agenda.define(
    PURGE_IDEMPOTENCY_KEYS,
    async () => {
      logger.info({ purged: await purgeIdempotencyKeys() }, 'purged old idempotency keys');
    },
    { concurrency: 1 },
  );
  agenda.define(
    DISPATCH_OUTBOX,
    async () => {
      logger.info({ job: DISPATCH_OUTBOX, result: await dispatchOutbox() }, 'outbox dispatched');
    },
    { concurrency: 1 },
  );
}

export async function schedulePlatformJobs(agenda: JobRegistry): Promise<void> {
  await agenda.every('1 hour', PURGE_IDEMPOTENCY_KEYS);
  await agenda.every('1 minute', DISPATCH_OUTBOX);
}
