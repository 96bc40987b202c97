import type { Server } from 'node:http';
import type { Config } from '../config/index.js';
import { runBenchSeed } from '../seeders/bench-cli.js';
import { seedDemoMoney } from '../seeders/demo-money.js';
import { seedDemoOrders } from '../seeders/demo-orders.js';
import { seedDemoFines } from '../seeders/demo-fines.js';
import { seedDemoPayouts } from '../seeders/demo-payouts.js';
import { seedDemoReviews } from '../seeders/demo-reviews.js';
import { databaseIsEmpty, demoAccounts, DEMO_PASSWORD, seedDemo } from '../seeders/demo.js';
import { defineJobs, scheduleJobs, startScheduler, type Scheduler } from '../jobs/index.js';
import { JobCatalog } from '../jobs/registry.js';
import { buildApp } from './app.js';
import { boot } from './boot.js';
import { checkLedger } from './ledger/index.js';
import { verifyAuditChain } from './audit/index.js';
import type { AppContext } from './platform/context.js';
import { createLogger, type Logger } from './platform/logger.js';
import { migrate } from './platform/migrator.js';
import { dispatchAfterCommit, outboxIdle } from './platform/outbox.js';
import { deliverAfterCommit, deliveriesIdle } from './notifications/index.js';

export type Command = 'start' | 'worker' | 'migrate' | 'seed' | 'ledger:check' | 'audit:verify' | 'job';

const SHUTDOWN_GRACE_MS = 15_000;

async function seedIfEmpty(context: AppContext): Promise<void> {
  const { config, logger } = context;
  if (config.NODE_ENV === 'production' || !config.SEED_DEMO) return;
  if (!(await databaseIsEmpty())) return;
  const { created } = await seedDemo();
  const { credited } = await seedDemoMoney();
  const { orders } = await seedDemoOrders();
  const { fines } = await seedDemoFines();
  const { matured } = await seedDemoPayouts();
  const { reviews } = await seedDemoReviews();
  logger.info({ created, credited, orders, fines, matured, reviews }, 'seeded demo data into the empty database');
}

function printBanner(config: Config, port: number): void {
  const base = `http://localhost:${port}`;
  const lines = [
    '',
    `Scriptorium is running (${config.NODE_ENV}, ${config.DATABASE_URL ? 'PostgreSQL' : 'embedded database in ' + config.DATA_DIR + '/pgdata'}, ${config.REDIS_URL ? 'Redis' : 'no Redis: single process'})`,
    `  Back office:  ${base}/admin`,
    `  API docs:     ${base}/api/docs`,
    `  API:          ${base}/api/v1  (website B: http://b.localhost:${port}/api/v1)`,
    `  Health:       ${base}/health`,
  ];
  if (config.NODE_ENV !== 'production' && config.SEED_DEMO) {
    lines.push(`  Demo accounts (password "${DEMO_PASSWORD}"):`);
    for (const account of demoAccounts()) lines.push(`    ${account.email.padEnd(34)} ${account.role.padEnd(11)} ${account.website}`);
  }
  console.log(lines.join('\n') + '\n');
}

/** Stops taking requests, lets in-flight ones finish, drains jobs, closes pools; then exits. */
function onShutdown(logger: Logger, steps: Array<() => Promise<void>>): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long, exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS + 5_000);
    force.unref();
    for (const step of steps) await step().catch((err) => logger.error({ err }, 'shutdown step failed'));
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
  });
}

/** Every job the jobs files define, with its schedule, read from the same define and schedule functions the worker runs. */
async function jobCatalog(logger: Logger): Promise<JobCatalog> {
  const catalog = new JobCatalog();
  defineJobs(catalog.registry, logger);
  await scheduleJobs(catalog.registry);
  return catalog;
}

/**
 * `job <name>`: runs one job's handler now, in this process, against the configured database (or
 * the embedded one `npm start` serves from DATA_DIR), then exits; `job --list` lists the jobs.
 * Exit codes: 0 done, 1 the job failed, 2 no or an unknown name.
 */
async function runJobCommand(config: Config, logger: Logger, args: string[]): Promise<void> {
  const catalog = await jobCatalog(logger);
  const names = catalog.list();
  const [name] = args;
  if (name === '--list') {
    const width = Math.max(...names.map((job) => job.name.length));
    for (const job of names) console.log(`${job.name.padEnd(width)}  ${job.every ? `every ${job.every}` : 'on demand'}`);
    return;
  }
  if (!name || !catalog.has(name)) {
    console.error(
      `${name ? `Unknown job "${name}"` : 'Name the job to run'}; the jobs are:\n${names.map((job) => `  ${job.name}`).join('\n')}`,
    );
    process.exitCode = 2;
    return;
  }
  const context = await boot(config, logger, { joinEmbedded: true });
  const started = Date.now();
  try {
    await catalog.run(name);
    console.log(`Job ${name} finished in ${Date.now() - started} ms`);
  } catch (err) {
    console.error(`Job ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  } finally {
    await context.close();
  }
}

/** Runs one command of `src/main.ts` with a configuration already checked. */
export async function runCommand(command: Command, config: Config, args: string[] = []): Promise<void> {
  const logger = createLogger(config.LOG_LEVEL, { process: command });
  if (command === 'job') return runJobCommand(config, logger, args);
  const context = await boot(config, logger, { joinEmbedded: command === 'ledger:check' || command === 'audit:verify' });

  if (command === 'migrate' || command === 'start') {
    const applied = await migrate(context.sequelize, logger);
    logger.info({ applied }, applied.length ? 'migrations applied' : 'database schema is up to date');
  }
  if (command === 'migrate') return context.close();

  if (command === 'ledger:check') {
    // Read-only: the invariants of src/ledger/service/check.ts; exit 1 when any is broken.
    const check = await checkLedger();
    const { accounts, transactions, entries } = check.counts;
    console.log(`Ledger: ${accounts} accounts, ${transactions} transactions, ${entries} entries`);
    if (check.ok) console.log('Balanced: every transaction sums to zero, every balance equals its entries, no floor broken');
    else console.log([`${check.problems.length} problem(s):`, ...check.problems.map((p) => `  [${p.kind}] ${p.message}`)].join('\n'));
    if (!check.ok) process.exitCode = 1;
    return context.close();
  }

  if (command === 'audit:verify') {
    // Seals what has committed, then checks every website's hash chain; exit 1 naming the first broken row.
    const check = await verifyAuditChain();
    console.log(
      `Audit log: ${check.chains} chain(s), ${check.rows} sealed row(s) checked${check.unsealed ? `, ${check.unsealed} written since (not yet sealed)` : ''}`,
    );
    if (check.ok) console.log('Intact: every sealed row holds its hash and follows the one before it');
    else {
      console.log(`Broken at audit row ${check.firstBreak!.auditId}: ${check.firstBreak!.message}`);
      process.exitCode = 1;
    }
    return context.close();
  }

  if (command === 'seed') {
    if (config.NODE_ENV === 'production') throw new Error('Refusing to seed demo data in production');
    await migrate(context.sequelize, logger);
    const { created } = await seedDemo();
    const { credited } = await seedDemoMoney();
    const { orders } = await seedDemoOrders();
    const { fines } = await seedDemoFines();
    const { matured } = await seedDemoPayouts();
    const { reviews } = await seedDemoReviews();
    logger.info(
      { created, credited, orders, fines, matured, reviews },
      created || credited || orders || fines || matured || reviews ? 'demo data seeded' : 'demo data already present',
    );
    if (process.argv[3] === 'bench') await runBenchSeed(context.sequelize, process.argv.slice(4));
    return context.close();
  }

  // Signals are handled from here on: under load a job can finish (and a SIGTERM arrive) while the
  // worker is still writing its schedules or the server still starting.
  const embedded = !config.DATABASE_URL;
  // Servers and workers hand the outbox's events over right after each commit (the job sweeps the rest).
  dispatchAfterCommit(true);
  deliverAfterCommit(true);
  if (command === 'worker') {
    const scheduler = startScheduler(context, { embedded });
    onShutdown(logger, [async () => (await scheduler.catch(() => undefined))?.stop(), outboxIdle, deliveriesIdle, () => context.close()]);
    await scheduler;
    return;
  }

  const running: { server?: Server; scheduler?: Promise<Scheduler> } = {};
  onShutdown(logger, [
    async () => (running.server ? closeServer(running.server) : undefined),
    async () => (await running.scheduler?.catch(() => undefined))?.stop(),
    outboxIdle,
    deliveriesIdle,
    () => context.close(),
  ]);
  await seedIfEmpty(context);
  const app = await buildApp(context);
  const server = (running.server = app.listen(config.PORT, config.HOST));
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  if (config.RUN_WORKER) await (running.scheduler = startScheduler(context, { embedded }));
  printBanner(config, port);
}
