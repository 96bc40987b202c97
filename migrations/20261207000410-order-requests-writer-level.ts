import type { Migration } from '../src/platform/migrator.js';

/**
 * The requests queue shows the writer's level beside their completed orders and load: the level of
 * their writer profile, or the website's lowest level for a writer who has none yet (as the
 * writers' levels read it). CREATE OR REPLACE VIEW may only add columns at the end.
 */
const ACTIVE_FOR_WRITER = `'pending_writer_acceptance','in_progress','under_editing','revision_requested'`;

const view = (withLevel: boolean) => `
  CREATE OR REPLACE VIEW order_requests AS
    SELECT r.id, o.website_id, r.order_id, r.writer_id, r.status, r.note,
           r.decided_by, r.decided_at, r.decision_reason, r.created_at, r.updated_at,
           o.status AS order_status,
           (SELECT count(*) FROM orders c WHERE c.writer_id = r.writer_id AND c.status = 'completed')::int AS writer_completed_orders,
           (SELECT count(*) FROM orders a WHERE a.writer_id = r.writer_id AND a.status IN (${ACTIVE_FOR_WRITER}))::int AS writer_active_orders
           ${
             withLevel
               ? `, COALESCE(
                    (SELECT l.name FROM writer_profiles p JOIN writer_levels l ON l.id = p.level_id WHERE p.writer_id = r.writer_id),
                    (SELECT l.name FROM writer_levels l WHERE l.website_id = o.website_id ORDER BY l.rank ASC, l.id ASC LIMIT 1)
                  ) AS writer_level`
               : ''
           }
      FROM writer_requests r
      JOIN orders o ON o.id = r.order_id
     WHERE r.kind = 'request'`;

export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(view(true));
};

export const down: Migration = async ({ context: { sequelize } }) => {
  // A view cannot drop a column by replacement: recreate it as it was.
  await sequelize.query(`DROP VIEW IF EXISTS order_requests; ${view(false)}`);
};
