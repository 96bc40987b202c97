import type { Migration } from '../src/platform/migrator.js';

/**
 * Tips over $1,000 wait for staff review (src/writers/tips): an admin approves one (it posts then,
 * as a tip under the limit posts at once) or refuses it with a reason (nothing ever posts). Who
 * decided, when and why is kept on the tip.
 */
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    ALTER TABLE tips DROP CONSTRAINT IF EXISTS tips_status_check;
    ALTER TABLE tips ADD CONSTRAINT tips_status_check CHECK (status IN ('posted', 'pending_review', 'refused'));
    ALTER TABLE tips
      ADD COLUMN reviewed_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
      ADD COLUMN reviewed_at TIMESTAMPTZ,
      ADD COLUMN review_reason VARCHAR(1000);
    -- The review queue: tips waiting, oldest first.
    CREATE INDEX tips_review_idx ON tips (created_at, id) WHERE status = 'pending_review';
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    DROP INDEX IF EXISTS tips_review_idx;
    DELETE FROM tips WHERE status = 'refused';
    ALTER TABLE tips DROP COLUMN IF EXISTS reviewed_by, DROP COLUMN IF EXISTS reviewed_at, DROP COLUMN IF EXISTS review_reason;
    ALTER TABLE tips DROP CONSTRAINT IF EXISTS tips_status_check;
    ALTER TABLE tips ADD CONSTRAINT tips_status_check CHECK (status IN ('posted', 'pending_review'));
  `);
};
