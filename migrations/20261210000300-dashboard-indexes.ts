import type { Migration } from '../src/platform/migrator.js';

/**
 * Indexes for the back-office dashboard (src/analytics): each figure reads one date range of one
 * website (or a list of websites: `website_id = ANY(…)` walks the index once per website), and
 * the covering columns make it an index-only scan, so a 90-day period on a million orders reads
 * the period's rows and no heap. The overdue queue gets a partial index of its own (few rows).
 */
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE INDEX IF NOT EXISTS orders_placed_figures_idx ON orders (website_id, placed_at) INCLUDE (currency, total_cents, paid_at)
      WHERE placed_at IS NOT NULL;
    CREATE INDEX IF NOT EXISTS orders_completed_figures_idx ON orders (website_id, completed_at) WHERE completed_at IS NOT NULL;
    CREATE INDEX IF NOT EXISTS orders_cancelled_figures_idx ON orders (website_id, cancelled_at) WHERE cancelled_at IS NOT NULL;
    CREATE INDEX IF NOT EXISTS orders_delivered_figures_idx ON orders (website_id, delivered_at) INCLUDE (deadline, writer_id)
      WHERE delivered_at IS NOT NULL;
    CREATE INDEX IF NOT EXISTS orders_overdue_queue_idx ON orders (website_id)
      WHERE overdue_at IS NOT NULL AND status IN ('in_progress', 'revision_requested');
    CREATE INDEX IF NOT EXISTS payments_succeeded_figures_idx ON payments (website_id, succeeded_at) INCLUDE (currency, amount_cents, purpose)
      WHERE status = 'succeeded';
    CREATE INDEX IF NOT EXISTS refunds_processed_figures_idx ON refunds (website_id, processed_at) INCLUDE (currency, amount_cents)
      WHERE status = 'processed';
    CREATE INDEX IF NOT EXISTS discount_usages_used_figures_idx ON discount_usages (website_id, used_at) WHERE status = 'used';
    CREATE INDEX IF NOT EXISTS email_campaign_recipients_sent_figures_idx ON email_campaign_recipients (website_id, sent_at)
      WHERE status = 'sent';
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    DROP INDEX IF EXISTS email_campaign_recipients_sent_figures_idx;
    DROP INDEX IF EXISTS discount_usages_used_figures_idx;
    DROP INDEX IF EXISTS refunds_processed_figures_idx;
    DROP INDEX IF EXISTS payments_succeeded_figures_idx;
    DROP INDEX IF EXISTS orders_overdue_queue_idx;
    DROP INDEX IF EXISTS orders_delivered_figures_idx;
    DROP INDEX IF EXISTS orders_cancelled_figures_idx;
    DROP INDEX IF EXISTS orders_completed_figures_idx;
    DROP INDEX IF EXISTS orders_placed_figures_idx;
  `);
};
