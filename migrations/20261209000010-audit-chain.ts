import type { Migration } from '../src/platform/migrator.js';

/**
 * The audit log's hash chain (src/audit/chain.ts), one chain per website (and one for rows of no
 * website): the sealer gives each committed row, in the order it seals them, its place in its
 * chain (`chain_seq`), the previous row's hash and its own hash (SHA-256 over the previous hash
 * and the row's content). `audit_chain_heads` keeps each chain's last link, so a removed tail is
 * seen too. Rows are written unsealed in the use case's transaction (no lock on the hot path);
 * sealing runs after commit (job audit.seal, and audit:verify before it checks).
 */
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    ALTER TABLE audit_logs
      ADD COLUMN chain_seq BIGINT,
      ADD COLUMN prev_hash CHAR(64),
      ADD COLUMN hash CHAR(64);
    CREATE INDEX audit_logs_unsealed_idx ON audit_logs (id) WHERE hash IS NULL;
    CREATE UNIQUE INDEX audit_logs_chain_idx ON audit_logs ((COALESCE(website_id, 0)), chain_seq) WHERE chain_seq IS NOT NULL;
    CREATE TABLE audit_chain_heads (
      -- The website's id, or 0 for the rows of no website (platform-wide actions).
      chain_key BIGINT PRIMARY KEY,
      last_seq BIGINT NOT NULL,
      last_hash CHAR(64) NOT NULL,
      last_audit_id BIGINT NOT NULL,
      sealed_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    DROP TABLE IF EXISTS audit_chain_heads;
    DROP INDEX IF EXISTS audit_logs_chain_idx;
    DROP INDEX IF EXISTS audit_logs_unsealed_idx;
    ALTER TABLE audit_logs DROP COLUMN IF EXISTS hash, DROP COLUMN IF EXISTS prev_hash, DROP COLUMN IF EXISTS chain_seq;
  `);
};
