import type { Config } from '../config/index.js';
import { setContext, type AppContext } from './platform/context.js';
import { createSequelize } from './platform/database.js';
import { EMBEDDED_MAX_CONNECTIONS, startEmbeddedDatabase, type EmbeddedDatabase } from './platform/embedded-database.js';
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
}

export async function boot(
  config: Config,
  logger: Logger = createLogger(config.LOG_LEVEL),
  options: BootOptions = {},
): Promise<AppContext> {
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedDatabase(options.embeddedDataDir ?? config.DATA_DIR, logger);
    databaseUrl = embedded.url;
  }
  // Under the embedded server every pool of the process shares its connection limit.
  const poolMax = embedded ? Math.min(config.DATABASE_POOL_MAX, EMBEDDED_MAX_CONNECTIONS - 6) : config.DATABASE_POOL_MAX;
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
