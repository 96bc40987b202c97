import pg from 'pg';
import { ORDERS, prepareOrdersData } from './orders-data.js';
import {
  compare,
  persistentBenchDatabase,
  startApp,
  startServer,
  type Benchmark,
  type Measurement,
  type ServerProcess,
  FORWARDED,
  signInAdmin,
} from './support.js';

/**
 * The back office's Orders list page (GET /admin/api/resources/orders/actions/list, as the list
 * screen calls it) on the million-order data set, signed in as the website's admin, against
 * AdminJS's default list of the same table (stock @adminjs/sequelize resource: exact COUNT(*),
 * its own filters) given the same website filter. Several pages a staff member really opens:
 * the first page, a deep page, a status filter and a text search on the topic. Target: ours
 * faster on every one (ratio of requests/s ≥ 1; the worst scenario is the result).
 */
const CONNECTIONS = 4;
const POOL_SIZE = '10';

const scenarios: Array<{ name: string; query: string }> = [
  { name: 'first page (newest first)', query: 'page=1&perPage=20&sortBy=createdAt&direction=desc' },
  { name: 'page 50', query: 'page=50&perPage=20&sortBy=createdAt&direction=desc' },
  { name: 'status = in_progress', query: 'page=1&perPage=20&sortBy=createdAt&direction=desc&filters.status=in_progress' },
  { name: 'topic contains "order 4242"', query: 'page=1&perPage=20&sortBy=createdAt&direction=desc&filters.topic=order%204242' },
];

const adminOrdersList: Benchmark = {
  name: 'admin-orders-list',
  connections: CONNECTIONS,
  description: `Back-office Orders list on ${ORDERS} orders vs. AdminJS's default list (same table, same website filter)`,
  async run(options) {
    const database = await persistentBenchDatabase('orders_1m');
    await prepareOrdersData(database.url);
    const servers: ServerProcess[] = [];
    try {
      const { server: app } = await startApp(database.url, {
        DATABASE_POOL_MAX: POOL_SIZE,
        BENCH_WITH_ADMIN: 'true',
        RATE_LIMIT_ADMIN_LOGIN_PER_15_MIN: '1000',
      });
      servers.push(app);
      const stock = await startServer('bench/servers/adminjs-default.ts', { DATABASE_URL: database.url, DATABASE_POOL_MAX: POOL_SIZE });
      servers.push(stock);
      const cookie = await signInAdmin(app.url);
      const db = new pg.Client({ connectionString: database.url });
      await db.connect();
      const websiteId = (await db.query<{ id: number }>(`SELECT id FROM websites WHERE slug = 'scriptorium-a'`)).rows[0]!.id;
      await db.end();

      const results: Array<{ name: string; target: Measurement; baseline: Measurement }> = [];
      for (const scenario of scenarios) {
        console.log(`  ${scenario.name}`);
        const ours = `${app.url}/admin/api/resources/orders/actions/list?${scenario.query}`;
        const check = await fetch(ours, { headers: { Host: 'localhost', Cookie: cookie, ...FORWARDED } });
        const body = (await check.json()) as { records?: unknown[]; meta?: { total: number } };
        if (!check.ok || !body.records) throw new Error(`our list failed: ${check.status} ${JSON.stringify(body).slice(0, 300)}`);
        console.log(`    ours: ${body.records.length} rows, total shown ${body.meta?.total}`);
        const { target, baseline } = await compare(
          { name: `ours: ${scenario.name}`, url: ours, headers: { Host: 'localhost', Cookie: cookie, ...FORWARDED } },
          {
            name: `AdminJS default: ${scenario.name}`,
            url: `${stock.url}/admin/api/resources/orders/actions/list?${scenario.query}&filters.websiteId=${websiteId}`,
            headers: {},
          },
          { ...options, connections: CONNECTIONS },
        );
        for (const [who, m] of [
          ['ours', target],
          ['AdminJS default', baseline],
        ] as const) {
          if (!m.requests) throw new Error(`${who}: no answer within a ${Math.round(options.seconds / 2)} s round for "${scenario.name}"`);
        }
        const line = (label: string, m: Measurement) =>
          `    ${label.padEnd(16)} ${m.meanMs.toFixed(1).padStart(7)} ms mean   p99 ${String(m.p99Ms).padStart(5)} ms   ${m.rps.toFixed(1).padStart(7)} req/s`;
        console.log(line('ours', target));
        console.log(line('AdminJS default', baseline));
        results.push({ name: scenario.name, target, baseline });
      }
      const worst = results.reduce((a, b) => (b.target.rps / b.baseline.rps < a.target.rps / a.baseline.rps ? b : a));
      console.log(`  slowest relative to AdminJS: ${worst.name}`);
      return {
        result: {
          name: 'admin-orders-list',
          rps: Math.round(worst.target.rps),
          p99Ms: worst.target.p99Ms,
          baselineName: 'adminjs-default-list',
          baselineRps: Math.round(worst.baseline.rps),
          ratio: Number((worst.target.rps / worst.baseline.rps).toFixed(3)),
          target: 1,
        },
        target: worst.target,
        baseline: worst.baseline,
      };
    } finally {
      for (const server of servers) await server.stop().catch((err: unknown) => console.error('  stopping a server failed:', err));
    }
  },
};

export default adminOrdersList;
