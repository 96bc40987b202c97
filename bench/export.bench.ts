import { readFileSync } from 'node:fs';
import pg from 'pg';
import { withDatabase } from '../test/support/services.js';
import { prepareOrdersData } from './orders-data.js';
import { startProductionServer } from './production-server.js';
import { FORWARDED, persistentBenchDatabase, signInAdmin, type Benchmark, type Measurement } from './support.js';

/**
 * The back office's CSV export of the Orders list on the million-order data set: website A's admin
 * downloads GET /admin/export/orders.csv (every order: all of them are website A's) while the
 * server's resident memory (VmRSS of its process) is sampled every SAMPLE_MS. Figures: the
 * server's RSS before the download and its peak during it, rows, seconds, rows/s.
 *
 * The server is the production one (bench/production-server.ts: compiled, NODE_ENV=production).
 * It fails when the file's rows differ from the count of orders, when the server's RSS reaches
 * ISSUE_LIMIT_MB (the issue's figure; the ratio is ISSUE_LIMIT_MB / peak, target 1) or when the
 * download grows it by GROWTH_LIMIT_MB or more. The server runs with its heap capped as a
 * deployment would (NODE_ARGS, `--max-old-space-size=256` unless BENCH_EXPORT_NODE_ARGS says
 * otherwise): a million orders as rows would be ~1 GB of objects and the CSV itself is ~180 MB,
 * so an export that held either would die or show; without the cap V8 lets garbage pile up to
 * several hundred MB before a full collection, which says nothing about the export.
 *
 * The export writes its audit row, so it runs on a copy of the data set
 * (scriptorium_bench_orders_1m is never written to), dropped afterwards; with DATABASE_URL set it
 * runs on that database as it is.
 */
const ISSUE_LIMIT_MB = 300;
const GROWTH_LIMIT_MB = 100;
/** Node flags of the server (BENCH_EXPORT_NODE_ARGS, space-separated; empty string: none). */
const NODE_ARGS = (process.env.BENCH_EXPORT_NODE_ARGS ?? '--max-old-space-size=256').split(' ').filter(Boolean);
const SAMPLE_MS = 100;

function rssMb(pid: number): number {
  const line = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return line ? Number(line[1]) / 1024 : 0;
}

/** A copy of the million-order database to write to (CREATE DATABASE … TEMPLATE waits while anyone is connected to the source). */
async function copyOfOrders(): Promise<{ url: string; dispose(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, dispose: async () => undefined };
  const source = await persistentBenchDatabase('orders_1m');
  await prepareOrdersData(source.url);
  const name = `scriptorium_bench_export_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: withDatabase(source.url, 'postgres') });
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE scriptorium_bench_orders_1m`);
        break;
      } catch (err) {
        if (attempt >= 30) throw err;
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    }
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(source.url, name),
    async dispose() {
      const client = new pg.Client({ connectionString: withDatabase(source.url, 'postgres') });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

const measurement = (rps: number, ms: number): Measurement => ({
  rps,
  meanMs: ms,
  p99Ms: Math.round(ms),
  requests: 1,
  non2xx: 0,
  errors: 0,
});

const exportBench: Benchmark = {
  name: 'export',
  connections: 1,
  description: `CSV export of every order (GET /admin/export/orders.csv) from the production server: its RSS stays under ${ISSUE_LIMIT_MB} MB (and grows by less than ${GROWTH_LIMIT_MB} MB)`,
  async run() {
    const database = await copyOfOrders();
    try {
      const db = new pg.Client({ connectionString: database.url });
      await db.connect();
      const expected = Number(
        (
          await db.query<{ n: string }>(
            `SELECT count(*) AS n FROM orders o JOIN websites w ON w.id = o.website_id WHERE w.slug = 'scriptorium-a'`,
          )
        ).rows[0]!.n,
      );
      await db.end();

      // The server as production runs it (compiled, NODE_ENV=production, components bundled in a
      // child process, the job worker in the same process): a tsx-run server carries the compiler.
      const server = await startProductionServer(
        database.url,
        { DATABASE_POOL_MAX: '4', RATE_LIMIT_ADMIN_LOGIN_PER_15_MIN: '1000' },
        NODE_ARGS,
      );
      try {
        const cookie = await signInAdmin(server.url);
        const headers = { Host: 'localhost', Cookie: cookie, ...FORWARDED };
        // Warm up (AdminJS, the statement plans) on a small filtered export, then read the baseline.
        const warm = await fetch(`${server.url}/admin/export/orders.csv?filters.status=disputed`, { headers });
        if (!warm.ok) throw new Error(`warm-up export failed: ${warm.status} ${(await warm.text()).slice(0, 300)}`);
        await warm.arrayBuffer();
        const idleMb = rssMb(server.pid);
        let peakMb = idleMb;
        const sampler = setInterval(() => {
          peakMb = Math.max(peakMb, rssMb(server.pid));
        }, SAMPLE_MS);

        const started = performance.now();
        let lines = 0;
        let bytes = 0;
        try {
          const res = await fetch(`${server.url}/admin/export/orders.csv`, { headers });
          if (!res.ok || !res.body) throw new Error(`export failed: ${res.status} ${(await res.text()).slice(0, 300)}`);
          console.log(`  X-Total-Count ${res.headers.get('x-total-count')} (exact: ${res.headers.get('x-total-count-exact')})`);
          const reader = res.body.getReader();
          let nextReport = 100_000;
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            bytes += value.length;
            for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
            if (lines >= nextReport) {
              console.log(`    ${lines - 1} rows, RSS ${rssMb(server.pid).toFixed(0)} MB`);
              nextReport += 100_000;
            }
          }
        } finally {
          clearInterval(sampler);
        }
        peakMb = Math.max(peakMb, rssMb(server.pid));
        const seconds = (performance.now() - started) / 1000;
        const rows = lines - 1;
        const rowsPerSecond = rows / seconds;
        console.log(`  rows ${rows} of ${expected} expected, ${(bytes / 1024 / 1024).toFixed(0)} MB of CSV`);
        console.log(`  ${seconds.toFixed(1)} s, ${Math.round(rowsPerSecond)} rows/s`);
        const growthMb = Math.max(peakMb - idleMb, 1);
        console.log(`  server node flags: ${NODE_ARGS.join(' ') || '(none)'}`);
        console.log(
          `  server RSS: ${idleMb.toFixed(0)} MB before, peak ${peakMb.toFixed(0)} MB during the download (+${growthMb.toFixed(0)} MB)`,
        );
        console.log(`  issue's figure, whole process under ${ISSUE_LIMIT_MB} MB: ${peakMb < ISSUE_LIMIT_MB ? 'MET' : 'NOT MET'}`);
        if (rows !== expected) throw new Error(`the CSV has ${rows} rows, the orders are ${expected}`);
        if (growthMb >= GROWTH_LIMIT_MB)
          throw new Error(`the download grew the server's RSS by ${growthMb.toFixed(0)} MB ≥ ${GROWTH_LIMIT_MB} MB`);
        if (peakMb >= ISSUE_LIMIT_MB) throw new Error(`the server's RSS peaked at ${peakMb.toFixed(0)} MB ≥ ${ISSUE_LIMIT_MB} MB`);
        return {
          result: {
            name: 'export',
            rps: Math.round(rowsPerSecond),
            p99Ms: Math.round(seconds * 1000),
            baselineName: `rss-limit-${ISSUE_LIMIT_MB}mb`,
            baselineRps: ISSUE_LIMIT_MB,
            ratio: Number((ISSUE_LIMIT_MB / peakMb).toFixed(3)),
            target: 1,
          },
          target: measurement(rowsPerSecond, seconds * 1000),
          baseline: measurement(ISSUE_LIMIT_MB, 0),
        };
      } finally {
        await server.stop();
      }
    } finally {
      await database.dispose();
    }
  },
};

export default exportBench;
