import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QueryInterface, Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import type { Logger } from './logger.js';

export type MigrationContext = { queryInterface: QueryInterface; sequelize: Sequelize };
export type Migration = (params: { context: MigrationContext }) => Promise<void>;

const here = path.dirname(fileURLToPath(import.meta.url));
// src/platform -> project root (or dist/src/platform -> dist), where migrations/ sits beside src/.
const migrationsDir = path.resolve(here, '../../migrations');

export function createMigrator(sequelize: Sequelize, logger: Logger) {
  return new Umzug<MigrationContext>({
    migrations: {
      glob: ['*.{ts,js}', { cwd: migrationsDir, ignore: ['*.d.ts', '*.map'] }],
      resolve: ({ name, path: file, context }) => ({
        // Compiled and source files share a name; strip the extension so either counts as the same migration.
        name: name.replace(/\.(ts|js)$/, ''),
        up: async () => (await import(file!)).up({ context }),
        down: async () => (await import(file!)).down({ context }),
      }),
    },
    context: { queryInterface: sequelize.getQueryInterface(), sequelize },
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: {
      info: (m) => logger.info(m, 'migration'),
      warn: (m) => logger.warn(m, 'migration'),
      error: (m) => logger.error(m, 'migration'),
      debug: (m) => logger.debug(m, 'migration'),
    },
  });
}

export async function migrate(sequelize: Sequelize, logger: Logger): Promise<string[]> {
  const done = await createMigrator(sequelize, logger).up();
  return done.map((m) => m.name);
}
