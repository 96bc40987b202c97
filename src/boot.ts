import type { Config } from '../config/index.js';
import { setContext, type AppContext } from './platform/context.js';
import { createSequelize } from './platform/database.js';
import {
  EMBEDDED_MAX_CONNECTIONS,
  runningEmbeddedDatabase,
  startEmbeddedDatabase,
  type EmbeddedDatabase,
} from './platform/embedded-database.js';
import { createLogger, type Logger } from './platform/logger.js';
import { createMailer } from './platform/mailer.js';
import { connectRedis, type RedisClient } from './platform/redis.js';
import { initModels } from './models.js';
import { wire } from './wiring.js';

/**
 * Opens the process's infrastructure: the database (embedded when DATABASE_URL is unset), Redis
 * when REDIS_URL is set, the mailer; registers the models, wires the areas together (src/wiring.ts)
 * and makes the context current.
 */
export interface BootOptions {
  /** Where the embedded database keeps its files ('memory://' for none); defaults to DATA_DIR. */
  embeddedDataDir?: string;
  /**
   * Without DATABASE_URL, connect to the embedded database another process of this DATA_DIR
   * serves (`npm start`) when there is one, instead of refusing to start (only one process may
   * open its files). For short commands beside the server: running a job, checking the ledger.
   */
  joinEmbedded?: boolean;
  /** Tell other processes where this process's embedded database listens (default: when it is on disk). */
  announceEmbedded?: boolean;
}

/** Connections a process joining another's embedded database may open: the server's limit is shared. */
const JOINED_POOL_MAX = 2;

export async function boot(
  config: Config,
  logger: Logger = createLogger(config.LOG_LEVEL),
  options: BootOptions = {},
): Promise<AppContext> {
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.DATABASE_URL;
  let joined = false;
  if (!databaseUrl) {
    const dataDir = options.embeddedDataDir ?? config.DATA_DIR;
    const running = await runningEmbeddedDatabase(config.DATA_DIR);
    if (running && !options.joinEmbedded) {
      throw new Error(
        `Process ${running.pid} is serving the embedded database of DATA_DIR ${config.DATA_DIR}: stop it first, or set DATABASE_URL`,
      );
    }
    if (running) {
      databaseUrl = running.url;
      joined = true;
      logger.info({ pid: running.pid }, 'using the embedded database served by another process');
    } else {
      const announceIn = (options.announceEmbedded ?? dataDir !== 'memory://') ? config.DATA_DIR : undefined;
      embedded = await startEmbeddedDatabase(dataDir, logger, { announceIn });
      databaseUrl = embedded.url;
    }
  }
  // Under the embedded server every pool of the process shares its connection limit.
  const poolMax = joined
    ? JOINED_POOL_MAX
    : embedded
      ? Math.min(config.DATABASE_POOL_MAX, EMBEDDED_MAX_CONNECTIONS - 6)
      : config.DATABASE_POOL_MAX;
  const sequelize = createSequelize(databaseUrl, logger, poolMax);
  initModels(sequelize);
  wire();
  await sequelize.authenticate();

  let redis: RedisClient | undefined;
  if (config.REDIS_URL) {
    redis = await connectRedis(config.REDIS_URL, logger);
  } else {
    logger.warn('REDIS_URL is not set: sessions are kept in the database and rate limits in memory — single process only');
  }

  const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, dataDir: config.DATA_DIR, logger });

  const context: AppContext = {
    config,
    logger,
    sequelize,
    redis,
    mailer,
    databaseUrl,
    async close() {
      await sequelize.close().catch((err) => logger.error({ err }, 'closing the database pool failed'));
      if (redis?.isOpen) await redis.quit().catch((err) => logger.error({ err }, 'closing redis failed'));
      if (embedded) await embedded.stop().catch((err) => logger.error({ err }, 'stopping the embedded database failed'));
      setContext(undefined);
    },
  };
  setContext(context);
  return context;
}
