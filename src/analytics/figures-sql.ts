import { sql } from '../platform/database.js';
import type { Period } from './period.js';

/**
 * The dashboard's aggregates (docs/read-models.md, "aggregates and reports"): each statement reads
 * one date range of the websites in scope through its own index (migration
 * 20261210000300-dashboard-indexes: `website_id = ANY($1)` and the period bound the scan; the
 * covering columns make most of them index-only), grouped by website, UTC day and currency.
 * Money is summed in SQL as integer cents and never summed across currencies.
 * Measured by bench/dashboard.bench.ts.
 */
type Range = [number[], Date, Date];
const range = (websiteIds: number[], period: Period): Range => [websiteIds, period.from, period.to];
// Grouped by the date (cheap to compare), formatted once per group.
const DATE = (column: string) => `(${column} AT TIME ZONE 'UTC')::date`;
const DAY = (column: string) => `to_char(${DATE(column)}, 'YYYY-MM-DD')`;

export interface PlacedRow {
  website_id: number;
  day: string;
  currency: string;
  placed: number;
  value_cents: number;
  paid: number;
}
export interface CountRow {
  website_id: number;
  day: string;
  n: number;
}
export interface DeliveredRow {
  website_id: number;
  day: string;
  delivered: number;
  on_time: number;
}
export interface MoneyRow {
  website_id: number;
  day: string;
  currency: string;
  cents: number;
}
export interface WebsiteCountRow {
  website_id: number;
  n: number;
}
export interface DiscountRow {
  website_id: number;
  currency: string;
  orders: number;
  cents: number;
  campaign_orders: number;
  campaign_cents: number;
}

/** Orders placed in the period: count, their value and how many are paid (placed -> paid). */
export const placedOrders = (ids: number[], period: Period) =>
  sql<PlacedRow>(
    `SELECT website_id, ${DAY('placed_at')} AS day, currency, count(*)::int AS placed,
            coalesce(sum(total_cents), 0)::bigint AS value_cents, count(paid_at)::int AS paid
       FROM orders
      WHERE website_id = ANY($1::bigint[]) AND placed_at IS NOT NULL AND placed_at >= $2 AND placed_at < $3
      GROUP BY website_id, ${DATE('placed_at')}, currency`,
    range(ids, period),
  );

/** Orders that reached a moment (completed_at, cancelled_at) in the period, per day. */
const ordersAt = (column: 'completed_at' | 'cancelled_at') => (ids: number[], period: Period) =>
  sql<CountRow>(
    `SELECT website_id, ${DAY(column)} AS day, count(*)::int AS n
       FROM orders
      WHERE website_id = ANY($1::bigint[]) AND ${column} IS NOT NULL AND ${column} >= $2 AND ${column} < $3
      GROUP BY website_id, ${DATE(column)}`,
    range(ids, period),
  );
export const completedOrders = ordersAt('completed_at');
export const cancelledOrders = ordersAt('cancelled_at');

/** Deliveries in the period (the latest delivery of each order) and how many came by the client's deadline. */
export const deliveredOrders = (ids: number[], period: Period) =>
  sql<DeliveredRow>(
    `SELECT website_id, ${DAY('delivered_at')} AS day, count(*)::int AS delivered,
            count(*) FILTER (WHERE deadline IS NULL OR delivered_at <= deadline)::int AS on_time
       FROM orders
      WHERE website_id = ANY($1::bigint[]) AND delivered_at IS NOT NULL AND delivered_at >= $2 AND delivered_at < $3
      GROUP BY website_id, ${DATE('delivered_at')}`,
    range(ids, period),
  );

/** Writers active: distinct writers who delivered in the period (a writer works for one website). */
export const activeWriters = (ids: number[], period: Period) =>
  sql<WebsiteCountRow>(
    `SELECT website_id, count(DISTINCT writer_id)::int AS n
       FROM orders
      WHERE website_id = ANY($1::bigint[]) AND delivered_at IS NOT NULL AND delivered_at >= $2 AND delivered_at < $3
      GROUP BY 1`,
    range(ids, period),
  );

/** Revenue: payments for orders (not wallet top-ups: that money is counted when it pays an order), by the day they succeeded. */
export const revenue = (ids: number[], period: Period) =>
  sql<MoneyRow>(
    `SELECT website_id, ${DAY('succeeded_at')} AS day, currency, sum(amount_cents)::bigint AS cents
       FROM payments
      WHERE website_id = ANY($1::bigint[]) AND status = 'succeeded' AND purpose <> 'wallet_topup'
        AND succeeded_at >= $2 AND succeeded_at < $3
      GROUP BY website_id, ${DATE('succeeded_at')}, currency`,
    range(ids, period),
  );

/** Refunds processed (money given back) in the period. */
export const refunds = (ids: number[], period: Period) =>
  sql<MoneyRow>(
    `SELECT website_id, ${DAY('processed_at')} AS day, currency, sum(amount_cents)::bigint AS cents
       FROM refunds
      WHERE website_id = ANY($1::bigint[]) AND status = 'processed' AND processed_at >= $2 AND processed_at < $3
      GROUP BY website_id, ${DATE('processed_at')}, currency`,
    range(ids, period),
  );

/** Discount codes used in the period: orders and amount, and those of campaign codes (in the order's currency). */
export const discounts = (ids: number[], period: Period) =>
  sql<DiscountRow>(
    `SELECT u.website_id, o.currency, count(DISTINCT u.order_id)::int AS orders, coalesce(sum(u.amount_cents), 0)::bigint AS cents,
            count(DISTINCT u.order_id) FILTER (WHERE c.campaign_id IS NOT NULL)::int AS campaign_orders,
            coalesce(sum(u.amount_cents) FILTER (WHERE c.campaign_id IS NOT NULL), 0)::bigint AS campaign_cents
       FROM discount_usages u
       JOIN orders o ON o.id = u.order_id
       JOIN discount_codes c ON c.id = u.code_id
      WHERE u.website_id = ANY($1::bigint[]) AND u.status = 'used' AND u.used_at >= $2 AND u.used_at < $3
      GROUP BY 1, 2`,
    range(ids, period),
  );

/** Campaign emails sent in the period. */
export const campaignEmailsSent = (ids: number[], period: Period) =>
  sql<WebsiteCountRow>(
    `SELECT website_id, count(*)::int AS n
       FROM email_campaign_recipients
      WHERE website_id = ANY($1::bigint[]) AND status = 'sent' AND sent_at >= $2 AND sent_at < $3
      GROUP BY 1`,
    range(ids, period),
  );
