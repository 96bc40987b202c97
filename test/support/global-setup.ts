import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../config/index.js';
import { seedDemo } from '../../seeders/demo.js';
import { boot } from '../../src/boot.js';
import { createLogger } from '../../src/platform/logger.js';
import { migrate } from '../../src/platform/migrator.js';
import { findPostgres, findRedis, withDatabase } from './services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Server URL and name of the migrated, seeded template database; absent without PostgreSQL. */
    pgServerUrl: string | null;
    pgTemplate: string | null;
    redisUrl: string | null;
    runId: string;
  }
}

/**
 * Migrates and seeds one template database per run; each test file clones it
 * (CREATE DATABASE … TEMPLATE) so files run in parallel without seeing each other's rows.
 */
export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
  const serverUrl = await findPostgres();
  const redisUrl = await findRedis();
  if (process.env.CI && (!serverUrl || !redisUrl)) {
    throw new Error(
      `CI must have PostgreSQL and Redis: PostgreSQL ${serverUrl ? 'found' : 'missing'}, Redis ${redisUrl ? 'found' : 'missing'}`,
    );
  }
  if (!serverUrl) console.warn('[tests] PostgreSQL not reachable: every test file runs on its own embedded database');
  if (!redisUrl) console.warn('[tests] Redis not reachable: Redis-only tests are skipped');
  project.provide('runId', runId);
  project.provide('redisUrl', redisUrl ?? null);
  project.provide('pgServerUrl', serverUrl ?? null);
  project.provide('pgTemplate', null);
  if (!serverUrl) return;

  const template = `scriptorium_test_tpl_${runId}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await dropStaleTestDatabases(admin);
  await admin.query(`CREATE DATABASE ${template}`);
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const context = await boot(loadConfig({ DATABASE_URL: withDatabase(serverUrl, template), NODE_ENV: 'test' }), logger);
  await migrate(context.sequelize, logger);
  await seedDemo();
  await context.close();
  project.provide('pgTemplate', template);

  return async () => {
    await dropDatabasesLike(admin, `scriptorium_test_%${runId}%`);
    await admin.end();
  };
}

async function dropDatabasesLike(client: pg.Client, pattern: string): Promise<void> {
  const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [pattern]);
  for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
}

/** Databases left by runs that were killed more than an hour ago. */
async function dropStaleTestDatabases(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'scriptorium_test_%'");
  const hourAgo = Date.now() - 3_600_000;
  for (const { datname } of rows) {
    const stamp = /^scriptorium_test_(?:tpl_)?([a-z0-9]+)_/.exec(datname)?.[1];
    const started = stamp ? Number.parseInt(stamp, 36) : NaN;
    if (Number.isFinite(started) && started < hourAgo) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
}
