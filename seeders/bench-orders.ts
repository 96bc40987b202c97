import { QueryTypes, type Sequelize } from 'sequelize';
import { hashPassword } from '../src/identity/index.js';
import { DEMO_PASSWORD } from './demo.js';

/**
 * Bench data: many clients and orders on demo website A, generated inside PostgreSQL
 * (INSERT … SELECT generate_series) in batches so a million rows take about a minute.
 * Idempotent: it tops up to the requested counts and never duplicates.
 */
export interface BenchSeedOptions {
  clients: number;
  orders: number;
  batchSize?: number;
  onProgress?: (done: number, total: number, stage: 'clients' | 'orders') => void;
}

export const BENCH_EMAIL_DOMAIN = 'bench.scriptorium.test';

const STATUSES = [
  'completed',
  'completed',
  'completed',
  'archived',
  'in_progress',
  'submitted',
  'ready_for_staffing',
  'pending_payment',
  'cancelled',
  'draft',
];

export async function seedBenchOrders(sequelize: Sequelize, options: BenchSeedOptions): Promise<{ clients: number; orders: number }> {
  const batch = options.batchSize ?? 50_000;
  const [{ id: websiteId }] = await sequelize.query<{ id: number }>("SELECT id FROM websites WHERE slug = 'scriptorium-a'", {
    type: QueryTypes.SELECT,
  });
  const count = async (sql: string) =>
    Number((await sequelize.query<{ n: number }>(sql, { bind: [websiteId], type: QueryTypes.SELECT }))[0]!.n);

  // Every bench client shares one real hash of the demo password, so any of them can sign in.
  const hash = await hashPassword(DEMO_PASSWORD);
  let clients = await count(`SELECT count(*) AS n FROM users WHERE website_id = $1 AND email LIKE '%@${BENCH_EMAIL_DOMAIN}'`);
  while (clients < options.clients) {
    const size = Math.min(batch, options.clients - clients);
    await sequelize.query(
      `INSERT INTO users (website_id, role, registration_id, email, password_hash, display_name, status, created_at, updated_at)
       SELECT $1, 'client', 'CL-' || lpad(nextval('registration_seq_client')::text, 6, '0'),
              'client' || (g + $2) || '@${BENCH_EMAIL_DOMAIN}', $3, 'Bench Client ' || (g + $2), 'active', now(), now()
         FROM generate_series(1, $4) AS g`,
      { bind: [websiteId, clients, hash, size] },
    );
    clients += size;
    options.onProgress?.(clients, options.clients, 'clients');
  }

  const clientIds = (
    await sequelize.query<{ id: number }>(
      `SELECT id FROM users WHERE website_id = $1 AND email LIKE '%@${BENCH_EMAIL_DOMAIN}' ORDER BY id`,
      {
        bind: [websiteId],
        type: QueryTypes.SELECT,
      },
    )
  ).map((r) => r.id);
  const [priceList] = await sequelize.query<{ id: number }>("SELECT id FROM price_lists WHERE website_id = $1 AND status = 'active'", {
    bind: [websiteId],
    type: QueryTypes.SELECT,
  });

  let orders = await count(`SELECT count(*) AS n FROM orders WHERE website_id = $1 AND topic LIKE 'Bench order %'`);
  while (orders < options.orders) {
    const size = Math.min(batch, options.orders - orders);
    // Numbers continue the website's counter; clients are spread evenly; dates over two years.
    await sequelize.query(
      `WITH numbered AS (
         SELECT g, (SELECT coalesce(max(value), 100000) FROM website_counters WHERE website_id = $1 AND name = 'order_number') + g AS num
           FROM generate_series(1, $2) AS g
       ), inserted AS (
         INSERT INTO orders (website_id, number, client_id, status, topic, paper_type, academic_level, subject, pages, currency,
                             total_cents, paid_cents, price_list_id, deadline, placed_at, created_at, updated_at, last_activity_at)
         SELECT $1, num::text, ($3::bigint[])[1 + ((g + $4) % array_length($3::bigint[], 1))],
                ($5::text[])[1 + (g % array_length($5::text[], 1))],
                'Bench order ' || (g + $4), 'essay', 'undergraduate', 'history', 1 + (g % 12), 'USD',
                1679 * (1 + (g % 12)), CASE WHEN g % 10 IN (7, 9) THEN 0 ELSE 1679 * (1 + (g % 12)) END, $6,
                now() - ((g % 730) || ' days')::interval + interval '10 days',
                now() - ((g % 730) || ' days')::interval, now() - ((g % 730) || ' days')::interval - ((g % 86400) || ' seconds')::interval,
                now(), now()
           FROM numbered
         RETURNING number
       )
       INSERT INTO website_counters (website_id, name, value)
       SELECT $1, 'order_number', max(number::bigint) FROM inserted
       ON CONFLICT (website_id, name) DO UPDATE SET value = GREATEST(website_counters.value, EXCLUDED.value)`,
      { bind: [websiteId, size, clientIds, orders, STATUSES, priceList?.id ?? null] },
    );
    orders += size;
    options.onProgress?.(orders, options.orders, 'orders');
  }
  await sequelize.query('ANALYZE users; ANALYZE orders;');
  return { clients, orders };
}
