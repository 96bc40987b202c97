import type { Migration } from '../src/platform/migrator.js';

/**
 * Receipts leave through an outbox: a succeeded payment whose receipt has not been emailed is
 * pending (receipt_emailed_at IS NULL), and the payments.receipts job sends them. The paying
 * request no longer renders and sends mail after its commit (that cost the API process as much as
 * the payment itself), and a crash between commit and send no longer loses the receipt.
 * receipt_email_next_at is both the lease of a worker that claimed the receipt and the back-off
 * after a failed attempt. Receipts of payments made before this migration count as sent.
 */
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    ALTER TABLE payments
      ADD COLUMN receipt_emailed_at TIMESTAMPTZ,
      ADD COLUMN receipt_email_attempts SMALLINT NOT NULL DEFAULT 0,
      ADD COLUMN receipt_email_next_at TIMESTAMPTZ;
    UPDATE payments SET receipt_emailed_at = succeeded_at WHERE status = 'succeeded';
    CREATE INDEX payments_receipt_outbox ON payments (id) WHERE status = 'succeeded' AND receipt_emailed_at IS NULL;
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    DROP INDEX IF EXISTS payments_receipt_outbox;
    ALTER TABLE payments DROP COLUMN receipt_emailed_at, DROP COLUMN receipt_email_attempts, DROP COLUMN receipt_email_next_at;
  `);
};
