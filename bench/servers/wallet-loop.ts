import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../../config/index.js';
import { seedDemo } from '../../seeders/demo.js';
import { boot } from '../../src/boot.js';
import { payOrderFromWallet } from '../../src/payments/index.js';
import { createLogger } from '../../src/platform/logger.js';
import { migrate } from '../../src/platform/migrator.js';
import { sumRounds, type Measurement } from '../support.js';
import { createWalletPayers } from './wallet-fixtures.js';

/**
 * The wallet-payments benchmark's one process: BENCH_CLIENTS clients each paying their own order
 * one cent at a time through payOrderFromWallet (the use case: order lock, ledger posting, order
 * update and event, payment row, audit — one database transaction, a fresh idempotency key each),
 * all at once in a loop; against the same number of loops doing a bare single-row UPDATE
 * (autocommit) through a pg pool of the same size. Warm-up, then BENCH_ROUNDS alternating rounds
 * of BENCH_SECONDS / rounds each; prints `result <json>` with both measurements and exits.
 */
const clients = Number(process.env.BENCH_CLIENTS ?? 64);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const warmup = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 4));

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
const context = await boot(config, logger);
await migrate(context.sequelize, logger);
await seedDemo();
const payers = await createWalletPayers(clients, Number(process.env.BENCH_WALLET_CENTS ?? 1_000_000));

const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_MAX });
await pool.query('CREATE TABLE IF NOT EXISTS bench_wallets (id INTEGER PRIMARY KEY, balance_cents BIGINT NOT NULL)');
await pool.query('INSERT INTO bench_wallets SELECT g, 1000000000 FROM generate_series(1, $1::int) g ON CONFLICT DO NOTHING', [clients]);

type Operation = (loop: number) => Promise<unknown>;

const payment: Operation = (loop) => {
  const { user, websiteId, orderId } = payers[loop]!;
  return payOrderFromWallet({ userId: user.id, role: 'client', websiteId }, orderId, {
    amountCents: 1,
    requestKey: `${user.id}:${randomUUID()}`,
  });
};
const update: Operation = (loop) => pool.query('UPDATE bench_wallets SET balance_cents = balance_cents - 1 WHERE id = $1', [loop + 1]);

/** Runs `clients` loops of `operation` for `duration` seconds. */
async function run(operation: Operation, duration: number): Promise<Measurement> {
  const latencies: number[] = [];
  let errors = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const until = started + duration * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, loop) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        try {
          await operation(loop);
          latencies.push(performance.now() - t0);
        } catch (err) {
          if (errors++ === 0) logger.error({ err }, 'a benchmark operation failed');
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / elapsed,
    meanMs: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    p99Ms: Math.round(latencies[Math.floor(latencies.length * 0.99)] ?? 0),
    requests: latencies.length,
    non2xx: 0,
    errors,
    cpuMsPerOp: (used.user + used.system) / 1000 / Math.max(1, latencies.length),
  };
}

// BENCH_ONLY=target runs the payments alone (for profiling them).
const only = process.env.BENCH_ONLY;
const measured = (['baseline', 'target'] as const).filter((which) => !only || which === only);
for (const which of measured) await run(which === 'target' ? payment : update, warmup);
const results = { target: [] as Measurement[], baseline: [] as Measurement[] };
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? measured : [...measured].reverse();
  for (const which of order) results[which].push(await run(which === 'target' ? payment : update, Math.max(1, seconds / rounds)));
}
console.log(
  `result ${JSON.stringify({ target: results.target.length ? sumRounds(results.target) : null, baseline: results.baseline.length ? sumRounds(results.baseline) : null, payers: payers.map((p) => ({ clientId: p.user.id, orderId: p.orderId })) })}`,
);
await pool.end();
await context.close();
process.exit(0);
