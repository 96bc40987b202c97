import type { JobRegistry } from './registry.js';
import { purgeExpiredCredentials } from '../src/identity/index.js';
import type { Logger } from '../src/platform/logger.js';

export const PURGE_EXPIRED_CREDENTIALS = 'identity.purge-expired-credentials';

export function defineIdentityJobs(agenda: JobRegistry, logger: Logger): void {
  agenda.define(
    PURGE_EXPIRED_CREDENTIALS,
    async () => {
      const purged = await purgeExpiredCredentials();
      logger.info(purged, 'purged expired sessions and reset tokens');
    },
    { concurrency: 1 },
  );
}

export async function scheduleIdentityJobs(agenda: JobRegistry): Promise<void> {
  await agenda.every('1 day', PURGE_EXPIRED_CREDENTIALS);
}
