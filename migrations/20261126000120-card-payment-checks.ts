import type { Migration } from '../src/platform/migrator.js';

/**
 * The payments.card-cleanup job asks Stripe about card payments left open (pending, or failed and
 * still payable at Stripe). card_check_next_at is both the claim of the worker checking a payment
 * (other workers skip it until then) and the wait before the next check of one Stripe leaves open
 * (processing, or Stripe unreachable); card_check_attempts counts the checks, for staff.
 */
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    ALTER TABLE payments
      ADD COLUMN card_check_next_at TIMESTAMPTZ,
      ADD COLUMN card_check_attempts INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX payments_open_card_idx ON payments (created_at, id) WHERE method = 'card' AND status IN ('pending', 'failed');
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    DROP INDEX IF EXISTS payments_open_card_idx;
    ALTER TABLE payments DROP COLUMN card_check_next_at, DROP COLUMN card_check_attempts;
  `);
};
