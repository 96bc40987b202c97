import type { Migration } from '../src/platform/migrator.js';

/**
 * Subject gating (RULES.md "Orders"): the subjects each writer is qualified for. Writers who exist
 * when this arrives are qualified for every subject their website offers, so turning the rule on
 * locks nobody out; staff narrow it from there.
 */
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE TABLE writer_subjects (
      writer_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      website_id BIGINT NOT NULL REFERENCES websites(id) ON DELETE CASCADE,
      subject_code VARCHAR(60) NOT NULL,
      granted_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (writer_id, subject_code)
    );
    INSERT INTO writer_subjects (writer_id, website_id, subject_code)
    SELECT DISTINCT u.id, u.website_id, o.code
      FROM users u
      JOIN price_lists p ON p.website_id = u.website_id AND p.status = 'active'
      JOIN price_options o ON o.price_list_id = p.id AND o.kind = 'subject' AND o.active
     WHERE u.role = 'writer';
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query('DROP TABLE IF EXISTS writer_subjects');
};
