import type { Migration } from '../src/platform/migrator.js';

/**
 * Failed sign-ins no longer lock accounts: they throttle the IP that makes them, per account, in
 * Redis or memory (src/identity/sign-in-throttle.ts). The per-account counter and lock end date
 * have no meaning left; a staff-set lock remains the user status 'locked'.
 */
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    ALTER TABLE users DROP COLUMN IF EXISTS failed_login_count;
    ALTER TABLE users DROP COLUMN IF EXISTS locked_until;
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    ALTER TABLE users ADD COLUMN IF NOT EXISTS failed_login_count INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE users ADD COLUMN IF NOT EXISTS locked_until TIMESTAMPTZ;
  `);
};
