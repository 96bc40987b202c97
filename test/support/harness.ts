import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../config/index.js';
import { seedDemo } from '../../seeders/demo.js';
import { buildApp } from '../../src/app.js';
import { boot } from '../../src/boot.js';
import type { AppContext } from '../../src/platform/context.js';
import { createLogger } from '../../src/platform/logger.js';
import { migrate } from '../../src/platform/migrator.js';
import { withDatabase } from './services.js';

export interface TestApp {
  app: Express;
  context: AppContext;
  /** The data folder of this test file (mail files land in `${dataDir}/mail`). */
  dataDir: string;
  /** True when this file runs on real PostgreSQL (false: the embedded database). */
  realPostgres: boolean;
  close(): Promise<void>;
}

let fileCounter = 0;

/** Whether Redis answered at the start of the run (Redis-only tests skip without it, naming why). */
export const redisAvailable = (): boolean => inject('redisUrl') !== null;

export type TestEnv = Partial<Record<keyof Config, string>>;

/**
 * Boots the whole app on this test file's own database: a clone of the run's migrated and seeded
 * template on PostgreSQL, or a fresh in-memory embedded database when PostgreSQL is absent.
 * Redis keys get a prefix of their own so parallel files never share rate limits or sessions.
 */
export async function startTestApp(options: { admin?: boolean; env?: TestEnv; redis?: boolean } = {}): Promise<TestApp> {
  const runId = inject('runId');
  const serverUrl = inject('pgServerUrl');
  const template = inject('pgTemplate');
  const redisUrl = options.redis === false ? null : inject('redisUrl');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scriptorium-test-'));
  const tag = `${process.pid}_${++fileCounter}`;
  let databaseName: string | undefined;

  if (serverUrl && template) {
    databaseName = `scriptorium_test_${runId}_f${tag}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${databaseName}" TEMPLATE "${template}"`);
    await admin.end();
  }

  const env: TestEnv = {
    NODE_ENV: 'test',
    LOG_LEVEL: (process.env.TEST_LOG_LEVEL as Config['LOG_LEVEL']) ?? 'silent',
    DATA_DIR: dataDir,
    RUN_WORKER: 'false',
    REDIS_PREFIX: `test:${runId}:${tag}:`,
    ...options.env,
  };
  if (databaseName) env.DATABASE_URL = withDatabase(serverUrl!, databaseName);
  if (redisUrl) env.REDIS_URL = redisUrl;
  const config = loadConfig(env);
  // Never inherit the developer's own DATABASE_URL/REDIS_URL when they were not chosen above.
  if (!databaseName) delete config.DATABASE_URL;
  if (!redisUrl) delete config.REDIS_URL;

  const logger = createLogger(config.LOG_LEVEL);
  const context = await boot(config, logger, { embeddedDataDir: 'memory://' });
  if (!databaseName) {
    await migrate(context.sequelize, logger);
    await seedDemo();
  }
  const app = await buildApp(context, { admin: options.admin ?? false });

  return {
    app,
    context,
    dataDir,
    realPostgres: Boolean(databaseName),
    async close() {
      if (context.redis?.isOpen) {
        for await (const keys of context.redis.scanIterator({ MATCH: `${config.REDIS_PREFIX}*`, COUNT: 500 })) {
          if (keys.length) await context.redis.del(keys);
        }
      }
      await context.close();
      if (databaseName) {
        const admin = new pg.Client({ connectionString: serverUrl! });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
        await admin.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
