import { QueryTypes } from 'sequelize';
import { loadConfig } from '../config/index.js';
import { seedBenchOrders } from '../seeders/bench-orders.js';
import { seedDemo } from '../seeders/demo.js';
import { boot } from '../src/boot.js';
import { createLogger } from '../src/platform/logger.js';
import { migrate } from '../src/platform/migrator.js';
import { recountRatings } from '../src/reviews/index.js';

/**
 * The reviews data set (kept between runs: scriptorium_bench_reviews_100k): the bench clients and
 * orders of website A, and one review of each order by its client — a fifth of them reviews of
 * the demo writer ("Quiet Owl", once per client), the rest of the order — mostly approved and
 * public, the rest pending, flagged or rejected, spread over a year; then the rating totals.
 */
export const REVIEWS = Number(process.env.BENCH_REVIEWS ?? 100_000);
const CLIENTS = Math.max(1, Math.round(REVIEWS / 5));

export async function prepareReviewsData(url: string): Promise<void> {
  const logger = createLogger('warn');
  const context = await boot(loadConfig({ DATABASE_URL: url, NODE_ENV: 'development', LOG_LEVEL: 'warn' }), logger);
  const { sequelize } = context;
  try {
    await migrate(sequelize, logger);
    await seedDemo();
    await seedBenchOrders(sequelize, { clients: CLIENTS, orders: REVIEWS });
    const [{ n }] = await sequelize.query<{ n: number }>('SELECT count(*)::int AS n FROM reviews', { type: QueryTypes.SELECT });
    if (n >= REVIEWS) return;
    console.log(`  seeding ${REVIEWS} reviews`);
    await sequelize.query(
      `WITH w AS (SELECT id, website_id FROM users WHERE email = 'writer@scriptorium.test'),
            o AS (SELECT o.id, o.website_id, o.client_id, o.created_at,
                         ROW_NUMBER() OVER (PARTITION BY o.client_id ORDER BY o.id) AS nth,
                         ROW_NUMBER() OVER (ORDER BY o.id) AS k
                    FROM orders o WHERE o.client_id IS NOT NULL
                     AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.order_id = o.id))
       INSERT INTO reviews (website_id, reviewer_id, target, order_id, writer_id, rating, text, status, visibility, signals, created_at, updated_at)
       SELECT o.website_id, o.client_id,
              CASE WHEN o.nth = 1 AND o.k % 5 = 0 THEN 'writer' ELSE 'order' END,
              o.id,
              CASE WHEN o.nth = 1 AND o.k % 5 = 0 THEN w.id END,
              (ARRAY[5,5,5,4,4,3,5,2,4,1])[1 + o.k % 10],
              'Bench review ' || o.k || ': the paper was on time and well sourced.',
              (ARRAY['approved','approved','approved','approved','approved','approved','approved','pending','flagged','rejected'])[1 + (o.k / 7) % 10],
              CASE WHEN (o.k / 7) % 10 = 9 THEN 'removed' ELSE 'public' END,
              CASE WHEN (o.k / 7) % 10 = 8 THEN ARRAY['link'] ELSE '{}'::text[] END,
              now() - (o.k % 365) * interval '1 day', now()
         FROM o CROSS JOIN w
        ORDER BY o.id
        LIMIT $1`,
      { bind: [REVIEWS - n] },
    );
    await recountRatings();
    await sequelize.query('ANALYZE reviews');
  } finally {
    await context.close();
  }
}
