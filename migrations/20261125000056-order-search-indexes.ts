import type { Migration } from '../src/platform/migrator.js';

/**
 * Indexes for the back office's order search on a million rows: trigram GIN on the topic (the
 * "contains" filter otherwise reads every row of the website), and a pattern-ops index so an
 * order-number prefix (`1002*`) is an index range whatever the database's collation.
 */
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX IF NOT EXISTS orders_topic_trgm_idx ON orders USING gin (topic gin_trgm_ops);
    CREATE INDEX IF NOT EXISTS orders_number_pattern_idx ON orders (website_id, number varchar_pattern_ops);
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    DROP INDEX IF EXISTS orders_number_pattern_idx;
    DROP INDEX IF EXISTS orders_topic_trgm_idx;
  `);
};
