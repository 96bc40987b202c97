import type { Migration } from '../src/platform/migrator.js';

/**
 * The requests queue of the back office. A writer's request is decided by staff: approved (the
 * order is assigned to them), declined with a reason, or closed as "went elsewhere" when another
 * writer got the order — who decided, when and why is kept on the request.
 *
 * `order_requests` is the queue's read model (the back office names its resources by table): the
 * writers' requests (not staff invitations) with the order's website and status and the writer's
 * standing today — completed orders and current load (the same active statuses as capacity).
 */
const ACTIVE_FOR_WRITER = `'pending_writer_acceptance','in_progress','under_editing','revision_requested'`;

export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    ALTER TABLE writer_requests DROP CONSTRAINT IF EXISTS writer_requests_status_check;
    ALTER TABLE writer_requests ALTER COLUMN status TYPE VARCHAR(16);
    ALTER TABLE writer_requests ADD CONSTRAINT writer_requests_status_check
      CHECK (status IN ('open','accepted','declined','withdrawn','expired','went_elsewhere'));
    ALTER TABLE writer_requests
      ADD COLUMN decided_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
      ADD COLUMN decided_at TIMESTAMPTZ,
      ADD COLUMN decision_reason VARCHAR(1000);
    CREATE INDEX writer_requests_queue_idx ON writer_requests (created_at, id) WHERE status = 'open' AND kind = 'request';

    CREATE VIEW order_requests AS
      SELECT r.id, o.website_id, r.order_id, r.writer_id, r.status, r.note,
             r.decided_by, r.decided_at, r.decision_reason, r.created_at, r.updated_at,
             o.status AS order_status,
             (SELECT count(*) FROM orders c WHERE c.writer_id = r.writer_id AND c.status = 'completed')::int AS writer_completed_orders,
             (SELECT count(*) FROM orders a WHERE a.writer_id = r.writer_id AND a.status IN (${ACTIVE_FOR_WRITER}))::int AS writer_active_orders
        FROM writer_requests r
        JOIN orders o ON o.id = r.order_id
       WHERE r.kind = 'request';
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    DROP VIEW IF EXISTS order_requests;
    DROP INDEX IF EXISTS writer_requests_queue_idx;
    ALTER TABLE writer_requests DROP COLUMN IF EXISTS decided_by, DROP COLUMN IF EXISTS decided_at, DROP COLUMN IF EXISTS decision_reason;
    UPDATE writer_requests SET status = 'withdrawn' WHERE status = 'went_elsewhere';
    ALTER TABLE writer_requests DROP CONSTRAINT IF EXISTS writer_requests_status_check;
    ALTER TABLE writer_requests ALTER COLUMN status TYPE VARCHAR(12);
    ALTER TABLE writer_requests ADD CONSTRAINT writer_requests_status_check
      CHECK (status IN ('open','accepted','declined','withdrawn','expired'));
  `);
};
