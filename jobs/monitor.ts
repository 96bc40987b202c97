import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda } from 'agenda';
import type { AppContext } from '../src/platform/context.js';

/**
 * An Agenda on the workers' job store for the job monitor (/admin/jobs) of an API process: it reads
 * and edits the jobs (requeue, retry, pause) and never processes any — start() is never called, so
 * it holds no job processor and takes no locks. Jobs it queues run on the workers' next poll.
 * Its pool is small (one connection under the embedded database's shared limit) and is ended when
 * the context closes, before the database it talks to.
 */
export function openJobMonitorAgenda(context: AppContext): Agenda {
  const embedded = !context.config.DATABASE_URL;
  const backend = new PostgresBackend({
    poolConfig: { connectionString: context.databaseUrl, max: embedded ? 1 : 2, idleTimeoutMillis: 10_000 },
    // No LISTEN connection: the monitor polls, it does not wait for work.
    disableNotifications: true,
  });
  const agenda = new Agenda({ backend, name: `monitor-${process.pid}` });
  agenda.on('error', (err: Error) => context.logger.error({ err }, 'job monitor agenda error'));
  const close = context.close.bind(context);
  context.close = async () => {
    await backend.disconnect().catch((err: Error) => context.logger.error({ err }, 'closing the job monitor pool failed'));
    await close();
  };
  return agenda;
}
