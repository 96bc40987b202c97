import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda } from 'agenda';
import type { AppContext } from '../src/platform/context.js';
import { defineDiscountJobs, scheduleDiscountJobs } from './discounts.js';
import { defineIdentityJobs, scheduleIdentityJobs } from './identity.js';
import { defineInstallmentJobs, scheduleInstallmentJobs } from './installments.js';
import { defineOrderJobs, scheduleOrderJobs } from './orders.js';
import { definePaymentJobs, schedulePaymentJobs } from './payments.js';
import { defineStripeEventJobs, scheduleStripeEventJobs } from './stripe-events.js';
import { definePlatformJobs, schedulePlatformJobs } from './platform.js';
import { defineRefundJobs, scheduleRefundJobs } from './refunds.js';
import { defineWriterJobs, scheduleWriterJobs } from './writers.js';
import { defineFineJobs, scheduleFineJobs } from './fines.js';
import type { JobRegistry } from './registry.js';
import type { Logger } from '../src/platform/logger.js';
import { defineWriterLevelJobs, scheduleWriterLevelJobs } from './writer-levels.js';
import { defineSupportJobs, scheduleSupportJobs } from './support.js';
import { defineEditorJobs, scheduleEditorJobs } from './editors.js';
import { defineAuditJobs, scheduleAuditJobs } from './audit.js';
import { defineNotificationJobs, scheduleNotificationJobs } from './notifications.js';
import { defineEmailJobs, scheduleEmailJobs } from './email.js';
import { defineReminderJobs, scheduleReminderJobs } from './reminders.js';
import { defineAnalyticsJobs, scheduleAnalyticsJobs } from './analytics.js';

export interface Scheduler {
  agenda: Agenda;
  /** Lets running jobs finish (up to `ms`), then stops taking new ones and closes the job store. */
  stop(ms?: number): Promise<void>;
}

/**
 * Agenda on the same PostgreSQL database, locked per job so many workers can run at once. Every
 * area's jobs file defines its handlers (which only call services) and its recurring schedules.
 */
export async function startScheduler(context: AppContext, options: { embedded: boolean }): Promise<Scheduler> {
  const { logger } = context;
  const agenda = new Agenda({
    backend: new PostgresBackend({
      // The embedded server shares a small connection limit between all pools of the process.
      poolConfig: { connectionString: context.databaseUrl, max: options.embedded ? 3 : 5 },
      // LISTEN/NOTIFY is not served by the embedded database; polling is.
      disableNotifications: options.embedded,
    }),
    name: `worker-${process.pid}`,
    processEvery: '5 seconds',
    maxConcurrency: 10,
    defaultConcurrency: 2,
    // A killed worker's job is taken over by another once its lock is this old (handlers are idempotent).
    defaultLockLifetime: context.config.JOB_LOCK_LIFETIME_MS,
  });
  agenda.on('error', (err: Error) => logger.error({ err }, 'agenda error'));
  agenda.on('fail', (err: Error, job: { attrs: { name: string } }) => logger.error({ err, job: job.attrs.name }, 'job failed'));

  defineJobs(agenda, logger);
  await agenda.start();
  await scheduleJobs(agenda);
  logger.info('job worker started');

  return {
    agenda,
    async stop(ms = 10_000) {
      await agenda.drain(ms).catch((err: Error) => logger.warn({ err }, 'draining jobs failed'));
      await agenda.stop().catch((err: Error) => logger.warn({ err }, 'stopping agenda failed'));
    },
  };
}

/** Every area's job handlers: the worker's Agenda, or the catalog of `npm run job`. */
export function defineJobs(agenda: JobRegistry, logger: Logger): void {
  defineIdentityJobs(agenda, logger);
  defineOrderJobs(agenda, logger);
  definePaymentJobs(agenda, logger);
  defineDiscountJobs(agenda, logger);
  defineStripeEventJobs(agenda, logger);
  definePlatformJobs(agenda, logger);
  defineRefundJobs(agenda, logger);
  defineInstallmentJobs(agenda, logger);
  defineWriterJobs(agenda, logger);
  defineFineJobs(agenda, logger);
  defineWriterLevelJobs(agenda, logger);
  defineSupportJobs(agenda, logger);
  defineEditorJobs(agenda, logger);
  defineAuditJobs(agenda, logger);
  defineNotificationJobs(agenda, logger);
  defineEmailJobs(agenda, logger);
  defineReminderJobs(agenda, logger);
  defineAnalyticsJobs(agenda, logger);
}

/** Every area's recurring schedules (one `every` per job name). */
export async function scheduleJobs(agenda: JobRegistry): Promise<void> {
  await scheduleIdentityJobs(agenda);
  await scheduleOrderJobs(agenda);
  await schedulePaymentJobs(agenda);
  await scheduleDiscountJobs(agenda);
  await scheduleStripeEventJobs(agenda);
  await schedulePlatformJobs(agenda);
  await scheduleRefundJobs(agenda);
  await scheduleInstallmentJobs(agenda);
  await scheduleWriterJobs(agenda);
  await scheduleFineJobs(agenda);
  await scheduleWriterLevelJobs(agenda);
  await scheduleSupportJobs(agenda);
  await scheduleEditorJobs(agenda);
  await scheduleAuditJobs(agenda);
  await scheduleNotificationJobs(agenda);
  await scheduleEmailJobs(agenda);
  await scheduleReminderJobs(agenda);
  await scheduleAnalyticsJobs(agenda);
}
