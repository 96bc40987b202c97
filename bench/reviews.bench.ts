import pg from 'pg';
import { prepareReviewsData, REVIEWS } from './reviews-data.js';
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
 * The reviews lists on 100,000 reviews (scriptorium_bench_reviews_100k, kept between runs):
 * - the back office's Reviews list (the moderation queue, as the list screen calls it, signed in as
 *   website A's admin) against AdminJS's default list of the same table (stock resource, exact
 *   COUNT(*), same website filter): the queue's first page, a deep page, a status filter and a
 *   rating filter. Target, as the admin Orders list: ours at least as fast (ratio ≥ 1).
 * - GET /api/v1/public/reviews (no sign-in: Host -> website, keyset page, the website's rating)
 *   against bare Express + pg running the same indexed queries. Target, as the client's order
 *   list: ≥ 40 % of the baseline.
 * The result is the scenario furthest below its own target (its ratio and target are reported).
 */
const POOL_SIZE = '10';

const adminScenarios = [
  { name: 'queue, first page', query: 'page=1&perPage=20&sortBy=awaitingModeration&direction=desc' },
  { name: 'queue, page 50', query: 'page=50&perPage=20&sortBy=awaitingModeration&direction=desc' },
  { name: 'status = flagged', query: 'page=1&perPage=20&sortBy=awaitingModeration&direction=desc&filters.status=flagged' },
  { name: 'rating = 1', query: 'page=1&perPage=20&sortBy=awaitingModeration&direction=desc&filters.rating=1' },
];

const line = (label: string, m: Measurement) =>
  `    ${label.padEnd(16)} ${m.meanMs.toFixed(1).padStart(7)} ms mean   p99 ${String(m.p99Ms).padStart(5)} ms   ${m.rps.toFixed(1).padStart(7)} req/s`;

interface ScenarioResult {
  name: string;
  baselineName: string;
  targetRatio: number;
  target: Measurement;
  baseline: Measurement;
}

const reviewsBench: Benchmark = {
  name: 'reviews',
  connections: 4,
  description: `Back-office Reviews list vs. AdminJS's default list, and GET /api/v1/public/reviews vs. bare Express + pg, on ${REVIEWS} reviews`,
  async run(options) {
    const database = await persistentBenchDatabase('reviews_100k');
    await prepareReviewsData(database.url);
    const servers: ServerProcess[] = [];
    try {
      const { server: app } = await startApp(database.url, {
        DATABASE_POOL_MAX: POOL_SIZE,
        BENCH_WITH_ADMIN: 'true',
        RATE_LIMIT_ADMIN_LOGIN_PER_15_MIN: '1000',
      });
      servers.push(app);
      const stock = await startServer('bench/servers/adminjs-default-reviews.ts', {
        DATABASE_URL: database.url,
        DATABASE_POOL_MAX: POOL_SIZE,
      });
      servers.push(stock);
      const bare = await startServer('bench/servers/express-pg-reviews.ts', { DATABASE_URL: database.url, DATABASE_POOL_MAX: POOL_SIZE });
      servers.push(bare);
      const cookie = await signInAdmin(app.url);
      const db = new pg.Client({ connectionString: database.url });
      await db.connect();
      const websiteId = (await db.query<{ id: number }>(`SELECT id FROM websites WHERE slug = 'scriptorium-a'`)).rows[0]!.id;
      await db.end();

      const results: ScenarioResult[] = [];
      for (const scenario of adminScenarios) {
        console.log(`  admin list: ${scenario.name}`);
        const ours = `${app.url}/admin/api/resources/reviews/actions/list?${scenario.query}`;
        const check = await fetch(ours, { headers: { Host: 'localhost', Cookie: cookie, ...FORWARDED } });
        const body = (await check.json()) as { records?: unknown[]; meta?: { total: number } };
        if (!check.ok || !body.records) throw new Error(`our list failed: ${check.status} ${JSON.stringify(body).slice(0, 300)}`);
        console.log(`    ours: ${body.records.length} rows, total shown ${body.meta?.total}`);
        const { target, baseline } = await compare(
          { name: `ours: ${scenario.name}`, url: ours, headers: { Host: 'localhost', Cookie: cookie, ...FORWARDED } },
          {
            name: `AdminJS default: ${scenario.name}`,
            url: `${stock.url}/admin/api/resources/reviews/actions/list?${scenario.query}&filters.websiteId=${websiteId}`,
            headers: {},
          },
          { ...options, connections: 4 },
        );
        console.log(line('ours', target));
        console.log(line('AdminJS default', baseline));
        results.push({ name: `admin list: ${scenario.name}`, baselineName: 'adminjs-default-list', targetRatio: 1, target, baseline });
      }

      console.log('  GET /api/v1/public/reviews');
      const publicUrl = `${app.url}/api/v1/public/reviews?limit=20`;
      const check = await fetch(publicUrl, { headers: { Host: 'localhost' } });
      if (!check.ok) throw new Error(`GET /api/v1/public/reviews failed: ${check.status} ${await check.text()}`);
      const page = (await check.json()) as { items: unknown[]; rating: { count: number; average: number } };
      console.log(`    ${page.items.length} reviews a page; the website's rating ${page.rating.average} over ${page.rating.count}`);
      const { target, baseline } = await compare(
        { name: 'GET /api/v1/public/reviews', url: publicUrl, headers: { Host: 'localhost' }, cpuMs: app.cpuMs },
        { name: 'bare Express + pg', url: `${bare.url}/websites/${websiteId}/reviews`, headers: {}, cpuMs: bare.cpuMs },
        { ...options, connections: 32 },
      );
      console.log(line('ours', target));
      console.log(line('bare', baseline));
      results.push({ name: 'public list', baselineName: 'express-pg-public-reviews', targetRatio: 0.4, target, baseline });

      const score = (r: ScenarioResult) => r.target.rps / r.baseline.rps / r.targetRatio;
      const worst = results.reduce((a, b) => (score(b) < score(a) ? b : a));
      console.log(`  furthest below its target: ${worst.name}`);
      return {
        result: {
          name: 'reviews',
          rps: Math.round(worst.target.rps),
          p99Ms: worst.target.p99Ms,
          baselineName: worst.baselineName,
          baselineRps: Math.round(worst.baseline.rps),
          ratio: Number((worst.target.rps / worst.baseline.rps).toFixed(3)),
          target: worst.targetRatio,
        },
        target: worst.target,
        baseline: worst.baseline,
      };
    } finally {
      for (const server of servers) await server.stop().catch((err: unknown) => console.error('  stopping a server failed:', err));
    }
  },
};

export default reviewsBench;
