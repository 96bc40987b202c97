import type { JobRegistry } from './registry.js';
import { purgeIdempotencyKeys } from '../src/platform/http/idempotency.js';
import type { Logger } from '../src/platform/logger.js';

export const PURGE_IDEMPOTENCY_KEYS = 'platform.purge-idempotency-keys';

export function definePlatformJobs(agenda: JobRegistry, logger: Logger): void {
  agenda.define(
    PURGE_IDEMPOTENCY_KEYS,
    async () => {
      logger.info({ purged: await purgeIdempotencyKeys() }, 'purged old idempotency keys');
    },
    { concurrency: 1 },
  );
}

export async function schedulePlatformJobs(agenda: JobRegistry): Promise<void> {
  await agenda.every('1 hour', PURGE_IDEMPOTENCY_KEYS);
}
