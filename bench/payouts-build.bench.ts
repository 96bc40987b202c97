import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../config/index.js';
import { seedDemo } from '../seeders/demo.js';
import { boot } from '../src/boot.js';
import { createLogger } from '../src/platform/logger.js';
import { migrate } from '../src/platform/migrator.js';
import { buildDuePayouts } from '../src/writers/payouts/index.js';
import { benchDatabase, type Benchmark, type Measurement } from './support.js';
import { ledgerCheck } from './wallet-support.js';

/**
 * Building the payout batches (issue 11's figure): 10,000 writers with 50 matured earnings each
 * (500,000 order_completion postings on their writer_payable accounts, with their orders and
 * earnings rows) are paid out by one run of the writers.build-payouts job (buildDuePayouts: per
 * website one INSERT … SELECT over ledger_entries — batches and their lines — and the audit rows). Target: 20,000 batch lines a second. The baseline, in the same database and run, is
 * a bare INSERT … SELECT of the same entries into an unindexed table. Afterwards the ledger
 * invariant is checked (npm run ledger:check) and the batches are counted against the payables.
 */
export const WRITERS = Number(process.env.BENCH_PAYOUT_WRITERS ?? 10_000);
const EARNINGS = Number(process.env.BENCH_PAYOUT_EARNINGS ?? 50);
const TARGET_LINES_PER_SECOND = 20_000;
const EARNING_CENTS = 1_000;

/** Writers, their completed orders, the maturity postings (entries with their balance chains) and the matured earnings, in SQL. */
export async function seed(client: pg.Client): Promise<void> {
  const one = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) => (await client.query<R>(text, values)).rows[0]!;
  const { websiteId, clientId } = await one<{ websiteId: string; clientId: string }>(
    `SELECT website_id AS "websiteId", id AS "clientId" FROM users WHERE email = 'client@scriptorium.test'`,
  );
  const { priceListId } = await one<{ priceListId: string | null }>(
    `SELECT (SELECT id FROM price_lists WHERE website_id = $1 ORDER BY id DESC LIMIT 1) AS "priceListId"`,
    [websiteId],
  );
  await client.query(
    `INSERT INTO users (website_id, role, registration_id, email, password_hash, display_name, pen_name)
     SELECT $1, 'writer', 'WB' || g, 'bench.writer' || g || '@bench.test', 'not-a-hash', 'Bench Writer ' || g, 'Bench ' || g
       FROM generate_series(1, $2::int) g`,
    [websiteId, WRITERS],
  );
  await client.query(`CREATE TEMP TABLE bench_writers AS
    SELECT id, row_number() OVER (ORDER BY id) AS n FROM users WHERE registration_id LIKE 'WB%'`);
  await client.query(
    `INSERT INTO orders (website_id, number, client_id, writer_id, status, topic, paper_type, academic_level, subject, pages, currency,
                         total_cents, paid_cents, price_list_id, deadline, placed_at, created_at, updated_at, last_activity_at)
     SELECT $1, 'PB' || (w.n * 100 + k), $2, w.id, 'completed', 'Bench payout order', 'essay', 'undergraduate', 'history', 5, 'USD',
            8395, 8395, $3, now() - interval '20 days', now() - interval '40 days', now() - interval '40 days', now(), now()
       FROM bench_writers w CROSS JOIN generate_series(1, $4::int) k ORDER BY w.n, k`,
    [websiteId, clientId, priceListId, EARNINGS],
  );
  await client.query(
    `INSERT INTO ledger_accounts (website_id, currency, kind, owner_type, owner_id)
     SELECT $1, 'USD', 'writer_payable', 'user', id FROM bench_writers ORDER BY id`,
    [websiteId],
  );
  await client.query(
    `INSERT INTO ledger_accounts (website_id, currency, kind) VALUES ($1, 'USD', 'platform_revenue')
     ON CONFLICT (website_id, currency, kind, (COALESCE(owner_id, 0))) DO NOTHING`,
    [websiteId],
  );
  await client.query(`CREATE TEMP TABLE bench_postings AS
    SELECT o.id AS order_id, o.writer_id, a.id AS account_id, row_number() OVER (ORDER BY o.id) AS seq
      FROM orders o JOIN ledger_accounts a ON a.kind = 'writer_payable' AND a.owner_id = o.writer_id
     WHERE o.number LIKE 'PB%'`);
  await client.query(`ALTER TABLE bench_postings ADD COLUMN transaction_id BIGINT`);
  await client.query(
    `WITH t AS (
       INSERT INTO ledger_transactions (website_id, currency, kind, reference_type, reference_id, memo, idempotency_key, input_hash)
       SELECT $1, 'USD', 'order_completion', 'order', p.order_id::text, 'Bench earning matured', 'bench-earning:' || p.order_id, repeat('0', 64)
         FROM bench_postings p ORDER BY p.seq
       RETURNING id, reference_id)
     UPDATE bench_postings p SET transaction_id = t.id FROM t WHERE t.reference_id = p.order_id::text`,
    [websiteId],
  );
  // Each transaction: a credit of the writer's payable, then a debit of revenue (posting order), with the balance chains.
  const { revenueId, revenueBalance } = await one<{ revenueId: string; revenueBalance: string }>(
    `SELECT id AS "revenueId", balance_cents AS "revenueBalance" FROM ledger_accounts WHERE website_id = $1 AND kind = 'platform_revenue' AND currency = 'USD'`,
    [websiteId],
  );
  await client.query(
    `INSERT INTO ledger_entries (transaction_id, account_id, amount_cents, balance_after_cents)
     SELECT x.transaction_id, x.account_id, x.amount, x.after FROM (
       SELECT p.seq, 1 AS side, p.transaction_id, p.account_id, $1::bigint AS amount,
              $1::bigint * row_number() OVER (PARTITION BY p.account_id ORDER BY p.seq) AS after
         FROM bench_postings p
       UNION ALL
       SELECT p.seq, 2, p.transaction_id, $2::bigint, -$1::bigint, $3::bigint - $1::bigint * row_number() OVER (ORDER BY p.seq)
         FROM bench_postings p) x
     ORDER BY x.seq, x.side`,
    [EARNING_CENTS, revenueId, revenueBalance],
  );
  await client.query(
    `UPDATE ledger_accounts a SET balance_cents = s.total
       FROM (SELECT account_id, sum(amount_cents) AS total FROM ledger_entries GROUP BY account_id) s
      WHERE s.account_id = a.id AND a.website_id = $1`,
    [websiteId],
  );
  await client.query(
    `INSERT INTO writer_earnings (website_id, order_id, writer_id, status, amount_cents, currency, breakdown, approved_at, matures_at,
                                  matured_at, maturity_transaction_id)
     SELECT $1, p.order_id, p.writer_id, 'matured', $2, 'USD', '{"bench": true}'::jsonb, now() - interval '20 days',
            now() - interval '6 days', now() - interval '6 days', p.transaction_id
       FROM bench_postings p ORDER BY p.seq`,
    [websiteId, EARNING_CENTS],
  );
  // As a live database would be: vacuumed and analysed (hint bits set, visibility map, statistics).
  await client.query('VACUUM ANALYZE');
}

const lines = (rps: number, seconds: number, requests: number): Measurement => ({
  rps,
  meanMs: (seconds * 1000) / Math.max(1, requests),
  p99Ms: seconds * 1000,
  requests,
  non2xx: 0,
  errors: 0,
});

const payoutsBuild: Benchmark = {
  name: 'payouts-build',
  connections: 1,
  description: `writers.build-payouts over ${WRITERS} writers × ${EARNINGS} matured earnings vs. a bare INSERT … SELECT of the same entries; target ${TARGET_LINES_PER_SECOND} lines/s`,
  async run() {
    const database = await benchDatabase('payouts-build');
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'scriptorium-bench-payouts-'));
    const logger = createLogger('warn');
    const context = await boot(
      loadConfig({ DATABASE_URL: database.url, DATA_DIR: dataDir, NODE_ENV: 'development', LOG_LEVEL: 'warn' }),
      logger,
    );
    const client = new pg.Client({ connectionString: database.url });
    try {
      await migrate(context.sequelize, logger);
      await seedDemo();
      await client.connect();
      let started = Date.now();
      await seed(client);
      console.log(`  seeded ${WRITERS} writers × ${EARNINGS} matured earnings in ${((Date.now() - started) / 1000).toFixed(1)} s`);

      // Baseline: the same entries copied by a bare INSERT … SELECT into a table without indexes.
      await client.query(
        'CREATE UNLOGGED TABLE bench_copy (entry_id BIGINT, transaction_id BIGINT, amount_cents BIGINT, posted_at TIMESTAMPTZ)',
      );
      started = performance.now();
      const copied = await client.query(
        `INSERT INTO bench_copy SELECT e.id, e.transaction_id, e.amount_cents, e.created_at
           FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE a.kind = 'writer_payable'`,
      );
      const baselineSeconds = (performance.now() - started) / 1000;
      const baselineRows = copied.rowCount ?? 0;

      // The job, at a time whose last period (monthly or fortnightly) ended after every posting.
      started = performance.now();
      const run = await buildDuePayouts(new Date(Date.now() + 45 * 86_400_000));
      const seconds = (performance.now() - started) / 1000;
      const perSecond = run.lines / seconds;
      console.log(
        `  built ${run.batches} batches, ${run.lines} lines, ${run.totalCents} cents in ${seconds.toFixed(2)} s: ${Math.round(perSecond)} lines/s`,
      );
      console.log(
        `  baseline: ${baselineRows} entries copied in ${baselineSeconds.toFixed(2)} s: ${Math.round(baselineRows / baselineSeconds)} rows/s`,
      );
      if (run.lines < WRITERS * EARNINGS) throw new Error(`expected at least ${WRITERS * EARNINGS} lines, built ${run.lines}`);

      const again = await buildDuePayouts(new Date(Date.now() + 45 * 86_400_000));
      if (again.batches !== 0) throw new Error(`a second run in the same period built ${again.batches} batches`);
      const counts = await client.query<{ payable: string; batched: string; earnings: string }>(
        `SELECT (SELECT sum(balance_cents) FROM ledger_accounts WHERE kind = 'writer_payable') AS payable,
                (SELECT sum(total_cents) FROM payouts WHERE status = 'pending') AS batched,
                (SELECT count(*) FROM payout_lines WHERE kind = 'earning') AS earnings`,
      );
      const row = counts.rows[0]!;
      if (row.payable !== row.batched) throw new Error(`payables ${row.payable} cents, batches ${row.batched} cents`);
      console.log(`  payables and batches agree (${row.batched} cents); ${row.earnings} earning lines; a second run built nothing`);
      const check = await ledgerCheck(database.url, dataDir);
      if (check.code !== 0) throw new Error(`the ledger invariant is broken after the run:\n${check.output}`);
      console.log('  ledger:check passed');
      const baselineRps = baselineRows / baselineSeconds;
      return {
        result: {
          name: 'payouts-build',
          rps: Math.round(perSecond),
          p99Ms: Math.round(seconds * 1000),
          baselineName: 'pg-insert-select-copy',
          baselineRps: Math.round(baselineRps),
          ratio: Number((perSecond / baselineRps).toFixed(3)),
          target: Number((TARGET_LINES_PER_SECOND / baselineRps).toFixed(3)),
        },
        target: lines(perSecond, seconds, run.lines),
        baseline: lines(baselineRps, baselineSeconds, baselineRows),
      };
    } finally {
      await client.end().catch(() => undefined);
      await context.close();
      await database.dispose().catch((err: unknown) => console.error('  dropping the database failed:', err));
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};

export default payoutsBuild;
