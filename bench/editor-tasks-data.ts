import { QueryTypes } from 'sequelize';
import { loadConfig } from '../config/index.js';
import { seedBenchOrders } from '../seeders/bench-orders.js';
import { seedDemo } from '../seeders/demo.js';
import { boot } from '../src/boot.js';
import { createLogger } from '../src/platform/logger.js';
import { migrate } from '../src/platform/migrator.js';

/**
 * The editor-task data set: TASKS editor tasks on website A, one per bench order (so at most one
 * open task per order, as the unique index wants), generated inside PostgreSQL: 30 % waiting in
 * the queue, 10 % held and 60 % decided by the demo editor. Kept between runs
 * (scriptorium_bench_editor_tasks) and topped up when smaller than asked.
 */
export const TASKS = Number(process.env.BENCH_EDITOR_TASKS ?? 100_000);

export async function prepareEditorTasksData(url: string): Promise<void> {
  const logger = createLogger('warn');
  const context = await boot(loadConfig({ DATABASE_URL: url, NODE_ENV: 'development', LOG_LEVEL: 'warn' }), logger);
  const { sequelize } = context;
  try {
    await migrate(sequelize, logger);
    await seedDemo();
    await seedBenchOrders(sequelize, { clients: Math.max(1, Math.round(TASKS / 10)), orders: TASKS });
    const one = async <R extends object>(sql: string, bind: unknown[] = []) =>
      (await sequelize.query<R>(sql, { bind, type: QueryTypes.SELECT }))[0]!;
    const { id: websiteId } = await one<{ id: number }>(`SELECT id FROM websites WHERE slug = 'scriptorium-a'`);
    const { id: editorId } = await one<{ id: number }>(`SELECT id FROM users WHERE email = 'editor@scriptorium.test'`);
    const { n } = await one<{ n: number }>(`SELECT count(*)::int AS n FROM editor_tasks WHERE website_id = $1`, [websiteId]);
    if (n >= TASKS) return;
    console.log(`  seeding editor tasks: ${n} -> ${TASKS}`);
    await sequelize.query(
      `INSERT INTO editor_tasks (website_id, order_id, writer_id, editor_id, round, status, claimed_at, claim_expires_at, decided_at, notes, created_at, updated_at)
       SELECT o.website_id, o.id, NULL,
              CASE WHEN s.status = 'available' THEN NULL ELSE $2::bigint END,
              1, s.status,
              CASE WHEN s.status = 'available' THEN NULL ELSE o.created_at + interval '1 hour' END,
              CASE WHEN s.status = 'claimed' THEN now() + interval '12 hours' END,
              CASE WHEN s.status IN ('approved', 'returned') THEN o.created_at + interval '3 hours' END,
              CASE WHEN s.status = 'returned' THEN 'Bench notes' END,
              o.created_at, o.created_at
         FROM (SELECT o.*, row_number() OVER (ORDER BY o.id) AS k
                 FROM orders o
                WHERE o.website_id = $1 AND o.topic LIKE 'Bench order %'
                  AND NOT EXISTS (SELECT 1 FROM editor_tasks t WHERE t.order_id = o.id)
                ORDER BY o.id LIMIT $3) o
         CROSS JOIN LATERAL (SELECT CASE WHEN o.k % 10 < 3 THEN 'available' WHEN o.k % 10 = 3 THEN 'claimed'
                                         WHEN o.k % 10 < 8 THEN 'approved' ELSE 'returned' END AS status) s`,
      { bind: [websiteId, editorId, TASKS - n] },
    );
    await sequelize.query('ANALYZE editor_tasks;');
  } finally {
    await context.close();
  }
}
