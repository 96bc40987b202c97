import type { Migration } from '../src/platform/migrator.js';

/**
 * Installments paid by card (src/payments/card, purpose 'installment'). A card payment's money can
 * arrive for an installment that another payment paid meanwhile (two intents started, both
 * confirmed): it is then credited to the client's wallet, as any card money that its target can no
 * longer take (payments.credited_to_wallet, backfilled from the ledger for earlier ones). Such a
 * payment still names the installment it was for, so "one succeeded payment per installment"
 * becomes "one succeeded payment per installment whose money went into the order" — still held by
 * the database whatever the code does.
 */
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    ALTER TABLE payments ADD COLUMN credited_to_wallet BOOLEAN NOT NULL DEFAULT false;
    UPDATE payments p SET credited_to_wallet = true
      FROM ledger_transactions t
     WHERE t.id = p.ledger_transaction_id AND t.kind = 'wallet_topup_card' AND p.purpose <> 'wallet_topup';
    ALTER TABLE payments ADD CONSTRAINT payments_credited_to_wallet_check CHECK (NOT credited_to_wallet OR (status = 'succeeded' AND purpose <> 'wallet_topup'));
    DROP INDEX IF EXISTS payments_one_paid_installment;
    CREATE UNIQUE INDEX payments_one_paid_installment ON payments (installment_id)
      WHERE installment_id IS NOT NULL AND status = 'succeeded' AND NOT credited_to_wallet;
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    DROP INDEX IF EXISTS payments_one_paid_installment;
    CREATE UNIQUE INDEX payments_one_paid_installment ON payments (installment_id) WHERE installment_id IS NOT NULL AND status = 'succeeded';
    ALTER TABLE payments DROP CONSTRAINT IF EXISTS payments_credited_to_wallet_check;
    ALTER TABLE payments DROP COLUMN IF EXISTS credited_to_wallet;
  `);
};
