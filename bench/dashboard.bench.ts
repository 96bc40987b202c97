import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/index.js';
import { dashboard } from '../src/analytics/index.js';
import { boot } from '../src/boot.js';
import type { Actor } from '../src/platform/actor.js';
import { sql } from '../src/platform/database.js';
import { createLogger } from '../src/platform/logger.js';
import { migrate } from '../src/platform/migrator.js';
import { benchDatabase, type Benchmark, type Measurement } from './support.js';

/**
 * The back-office dashboard on a large database (issue 14: "fast on 1M orders"). Run it on a copy
 * of the million-order database: `DATABASE_URL=postgres://…/scriptorium_bench_<you> npm run bench
 * -- dashboard` (it migrates that copy, which adds the dashboard's indexes). It times, in-process
 * through the service: the queue counts (live, never cached) and the figures of 7, 30 and 90 days
 * cold (computed: refresh) and cached, for the superadmin (every website, with the breakdown) and
 * for one website's admin. The result's rps is cached dashboards a second; its baseline the cold
 * 90-day dashboard of every website.
 */
const ROUNDS = Number(process.env.BENCH_DASHBOARD_ROUNDS ?? 3);
const CACHED_CALLS = 50;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (v: number) => `${v.toFixed(1)} ms`;

function measurement(meanMs: number, worstMs: number, requests: number): Measurement {
  return { rps: 1000 / meanMs, meanMs, p99Ms: worstMs, requests, non2xx: 0, errors: 0 };
}

const bench: Benchmark = {
  name: 'dashboard',
  description: 'dashboard queues and period figures (cold and cached) through the analytics service, on the database at DATABASE_URL',
  connections: 1,
  async run() {
    const database = await benchDatabase('dashboard');
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'scriptorium-bench-dashboard-'));
    const logger = createLogger('warn');
    const context = await boot(
      loadConfig({ DATABASE_URL: database.url, DATA_DIR: dataDir, NODE_ENV: 'development', LOG_LEVEL: 'warn' }),
      logger,
    );
    try {
      let started = Date.now();
      await migrate(context.sequelize, logger);
      console.log(`  migrated (the dashboard's indexes) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      const [counts] = await sql<{ orders: number; websites: number }>(
        `SELECT (SELECT count(*) FROM orders)::int AS orders, (SELECT count(*) FROM websites)::int AS websites`,
        [],
      );
      const websiteIds = (await sql<{ id: number }>(`SELECT id FROM websites ORDER BY id`, [])).map((w) => Number(w.id));
      const [staff] = await sql<{ superadmin: number; admin: number; website: number }>(
        `SELECT (SELECT id FROM users WHERE role = 'superadmin' ORDER BY id LIMIT 1) AS superadmin,
                (SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1) AS admin,
                (SELECT website_id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1) AS website`,
        [],
      );
      console.log(`  ${counts!.orders} orders on ${counts!.websites} websites; cache: ${context.redis ? 'Redis' : 'memory'}`);
      const actors: Array<[string, Actor]> = [
        ['superadmin, all websites', { userId: Number(staff!.superadmin), role: 'superadmin', websiteId: null }],
        [`admin of website ${staff!.website}`, { userId: Number(staff!.admin), role: 'admin', websiteId: Number(staff!.website) }],
      ];
      started = Date.now();
      let baselineMs = 0;
      let baselineWorst = 0;
      const cachedTimes: number[] = [];
      for (const [who, actor] of actors) {
        for (const days of ['7', '30', '90']) {
          const cold: number[] = [];
          for (let i = 0; i < ROUNDS; i++) cold.push(await timed(() => dashboard(actor, { days, refresh: 'true' })));
          const cached: number[] = [];
          for (let i = 0; i < CACHED_CALLS; i++) cached.push(await timed(() => dashboard(actor, { days })));
          cachedTimes.push(...cached);
          console.log(
            `  ${who}, ${days.padStart(2)} days: cold median ${ms(median(cold))} (worst ${ms(Math.max(...cold))}), cached median ${ms(median(cached))} (worst ${ms(Math.max(...cached))})`,
          );
          if (actor.role === 'superadmin' && days === '90') {
            baselineMs = median(cold);
            baselineWorst = Math.max(...cold);
          }
        }
      }
      // The queues alone: the part of every dashboard that is never cached.
      const { queueCounts } = await import('../src/analytics/queues.js');
      for (const [who, actor] of actors) {
        const times: number[] = [];
        for (let i = 0; i < 10; i++)
          times.push(await timed(() => queueCounts(actor, actor.websiteId === null ? websiteIds : [actor.websiteId], null)));
        console.log(`  queue counts, ${who}: median ${ms(median(times))} (worst ${ms(Math.max(...times))})`);
      }
      const cachedMean = cachedTimes.reduce((a, b) => a + b, 0) / cachedTimes.length;
      console.log(`  measured in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return {
        result: {
          name: 'dashboard',
          rps: Math.round(1000 / cachedMean),
          p99Ms: Number(Math.max(...cachedTimes).toFixed(1)),
          baselineName: 'cold 90-day dashboard, all websites',
          baselineRps: Number((1000 / baselineMs).toFixed(2)),
          ratio: Number((baselineMs / cachedMean).toFixed(1)),
        },
        target: measurement(cachedMean, Math.max(...cachedTimes), cachedTimes.length),
        baseline: measurement(baselineMs, baselineWorst, ROUNDS),
      };
    } finally {
      await context.close();
      await database.dispose().catch((err: unknown) => console.error('  dropping the database failed:', err));
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};

export default bench;
