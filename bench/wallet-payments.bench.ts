import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { findRedis } from '../test/support/services.js';
import { benchDatabase, compare, startServer, type Benchmark, type ServerProcess } from './support.js';

/**
 * Wallet payments through the real app: POST /api/v1/orders/:id/pay {method: wallet, amountCents: 1}
 * with an Idempotency-Key, 64 clients paying their own orders on 64 connections — each request is
 * one database transaction with the order lock, the ledger posting (wallet -> escrow, two account
 * rows locked), the order update and event, the payment row with its receipt number, the audit
 * row, plus the Idempotency-Key claim and answer, and the receipt email after commit. The baseline
 * is bare Express + pg doing one single-row UPDATE per request on the same PostgreSQL. Target:
 * 500 payments a second (expressed as the ratio 500 / baseline). Afterwards the ledger invariant
 * is checked (npm run ledger:check) and the money is counted: every 2xx is one payment, one cent.
 */
const CLIENTS = 64;
const POOL_SIZE = '20';
const TARGET_RPS = 500;
const WALLET_CENTS = 1_000_000;

interface Fixture {
  token: string;
  orderId: number;
  clientId: number;
}

function ledgerCheck(databaseUrl: string, dataDir: string): Promise<{ code: number | null; output: string }> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'development', LOG_LEVEL: 'silent', DATA_DIR: dataDir, DATABASE_URL: databaseUrl };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'ledger:check'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c));
  child.stderr.on('data', (c: Buffer) => (output += c));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

/** Every cent that left the bench wallets is one succeeded wallet payment and sits in an escrow. */
async function countMoney(databaseUrl: string, fixtures: Fixture[]): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const ids = fixtures.map((f) => f.clientId);
    const orders = fixtures.map((f) => f.orderId);
    const wallets = await client.query<{ spent: string }>(
      `SELECT coalesce(sum($2::bigint - balance_cents), 0) AS spent FROM ledger_accounts WHERE kind = 'client_wallet' AND owner_id = ANY($1)`, [ids, WALLET_CENTS],
    );
    const payments = await client.query<{ n: string; cents: string }>(
      `SELECT count(*) AS n, coalesce(sum(amount_cents), 0) AS cents FROM payments WHERE client_id = ANY($1) AND status = 'succeeded' AND method = 'wallet'`, [ids],
    );
    const escrow = await client.query<{ held: string }>(`SELECT coalesce(sum(balance_cents), 0) AS held FROM ledger_accounts WHERE kind = 'order_escrow' AND owner_id = ANY($1)`, [orders]);
    const paid = await client.query<{ paid: string }>('SELECT coalesce(sum(paid_cents), 0) AS paid FROM orders WHERE id = ANY($1)', [orders]);
    const figures = [wallets.rows[0]!.spent, payments.rows[0]!.cents, escrow.rows[0]!.held, paid.rows[0]!.paid];
    if (new Set(figures).size !== 1) throw new Error(`money does not add up: spent ${figures[0]}, payments ${figures[1]}, escrow ${figures[2]}, orders paid ${figures[3]}`);
    return `${payments.rows[0]!.n} payments, ${figures[0]} cents: wallets, payments, escrow and orders agree`;
  } finally {
    await client.end();
  }
}

const walletPayments: Benchmark = {
  name: 'wallet-payments',
  description: `POST /api/v1/orders/:id/pay (wallet, 1 cent, Idempotency-Key) by ${CLIENTS} clients vs. bare Express + pg single-row UPDATE; target ${TARGET_RPS}/s`,
  async run(options) {
    const database = await benchDatabase('wallet-payments');
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'scriptorium-bench-wallet-'));
    const fixtureFile = path.join(dataDir, 'fixtures.json');
    const servers: ServerProcess[] = [];
    const connections = CLIENTS;
    try {
      const shared = { BENCH_CLIENTS: String(CLIENTS), DATABASE_POOL_MAX: POOL_SIZE };
      // The app as startApp runs it (production, silent, no worker), with the bench's clients set up first.
      const redisUrl = await findRedis();
      const app = await startServer('bench/servers/wallet-app.ts', {
        NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: database.url, ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
        REDIS_PREFIX: `bench:${Date.now().toString(36)}:`, JWT_SECRET: randomBytes(32).toString('hex'), SESSION_SECRET: randomBytes(32).toString('hex'),
        RUN_WORKER: 'false', DATA_DIR: dataDir, BENCH_FIXTURE_FILE: fixtureFile, BENCH_WALLET_CENTS: String(WALLET_CENTS), ...shared,
      });
      const redis = Boolean(redisUrl);
      servers.push(app);
      const baselineServer = await startServer('bench/servers/express-pg-update.ts', { DATABASE_URL: database.url, ...shared });
      servers.push(baselineServer);
      const fixtures = JSON.parse(await readFile(fixtureFile, 'utf8')) as Fixture[];
      console.log(`  PostgreSQL database ${new URL(database.url).pathname.slice(1)}, ${redis ? 'Redis' : 'no Redis'}, pool ${POOL_SIZE} each, ${fixtures.length} clients, ${connections} connections`);

      let next = 0;
      let nextWallet = 0;
      const body = JSON.stringify({ method: 'wallet', amountCents: 1 });
      const { target, baseline } = await compare(
        {
          name: 'POST /api/v1/orders/:id/pay',
          url: `${app.url}/api/v1/orders/0/pay`,
          headers: { Host: 'localhost', 'Content-Type': 'application/json' },
          method: 'POST',
          body,
          setupRequest: (request) => {
            const fixture = fixtures[next++ % fixtures.length]!;
            return {
              ...request,
              path: `/api/v1/orders/${fixture.orderId}/pay`,
              headers: { ...request.headers, Authorization: `Bearer ${fixture.token}`, 'Idempotency-Key': randomUUID() },
            };
          },
        },
        {
          name: 'bare Express + pg UPDATE',
          url: `${baselineServer.url}/wallets/1/debit`,
          headers: { 'Content-Type': 'application/json' },
          method: 'POST',
          body: '{}',
          setupRequest: (request) => ({ ...request, path: `/wallets/${(nextWallet++ % CLIENTS) + 1}/debit` }),
        },
        { ...options, connections },
      );

      const check = await ledgerCheck(database.url, dataDir);
      if (check.code !== 0) throw new Error(`the ledger invariant is broken after the run:\n${check.output}`);
      console.log(`  ledger:check passed; ${await countMoney(database.url, fixtures)}`);
      return {
        result: {
          name: 'wallet-payments',
          rps: Math.round(target.rps),
          p99Ms: target.p99Ms,
          baselineName: 'express-pg-single-row-update',
          baselineRps: Math.round(baseline.rps),
          ratio: Number((target.rps / baseline.rps).toFixed(3)),
          target: Number((TARGET_RPS / baseline.rps).toFixed(3)),
        },
        target,
        baseline,
      };
    } finally {
      for (const server of servers) await server.stop().catch((err: unknown) => console.error('  stopping a server failed:', err));
      await database.dispose().catch((err: unknown) => console.error('  dropping the database failed:', err));
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};

export default walletPayments;
