import type { Sequelize } from 'sequelize';
import type { Config } from '../../config/index.js';
import type { Logger } from './logger.js';
import type { Mailer } from './mailer.js';
import type { RedisClient } from './redis.js';

/**
 * The process's infrastructure, built once at boot (src/boot.ts) and read by services through
 * `ctx()`. Tests build their own per test file.
 */
export interface AppContext {
  config: Config;
  logger: Logger;
  sequelize: Sequelize;
  /** Absent when REDIS_URL is not set: single-process mode. */
  redis?: RedisClient;
  mailer: Mailer;
  /** The URL the database was reached at (the embedded one when DATABASE_URL is unset). */
  databaseUrl: string;
  /** Closes pools and embedded services, in reverse order of opening. */
  close(): Promise<void>;
}

let current: AppContext | undefined;

export function setContext(context: AppContext | undefined): void {
  current = context;
}

export function ctx(): AppContext {
  if (!current) throw new Error('The application context is not initialised (call boot() first)');
  return current;
}
