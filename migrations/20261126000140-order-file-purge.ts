import type { Migration } from '../src/platform/migrator.js';

/**
 * Retention purge of deleted order files (src/orders/files/purge.ts). A deleted file's object is
 * kept FILE_RETENTION_DAYS for disputes, then removed from storage; the row stays (audit trail,
 * order timeline) with purged_at set. purge_lease_until is a worker's claim on a row while it
 * removes the object: other workers skip the row until then, and a crashed worker's claim lapses.
 */
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    ALTER TABLE order_files
      ADD COLUMN purged_at TIMESTAMPTZ,
      ADD COLUMN purge_lease_until TIMESTAMPTZ,
      ADD CONSTRAINT order_files_purged_after_delete CHECK (purged_at IS NULL OR deleted_at IS NOT NULL);
    -- Deleted files whose object is still stored, oldest deletion first (the purge's scan).
    CREATE INDEX order_files_purge_idx ON order_files (deleted_at, id) WHERE deleted_at IS NOT NULL AND purged_at IS NULL;
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    DROP INDEX IF EXISTS order_files_purge_idx;
    ALTER TABLE order_files
      DROP CONSTRAINT IF EXISTS order_files_purged_after_delete,
      DROP COLUMN IF EXISTS purge_lease_until,
      DROP COLUMN IF EXISTS purged_at;
  `);
};
