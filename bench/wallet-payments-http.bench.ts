import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findRedis } from '../test/support/services.js';
import { benchDatabase, compare, startServer, type Benchmark, type ServerProcess } from './support.js';
import { countMoney, ledgerCheck, WALLET_CENTS } from './wallet-support.js';

/**
 * Wallet payments through the whole API: POST /api/v1/orders/:id/pay {method: wallet, amountCents: 1}
 * with an Idempotency-Key, 64 clients each on its own connection paying its own order — the
 * request's bearer-token check, the Idempotency-Key claim and answer, and the payment use case
 * (bench wallet-payments measures that alone). The receipt is the worker's (the outbox job), not
 * this process's. The baseline is bare Express + pg doing one single-row UPDATE per request on the
 * same PostgreSQL. Reported, with no target of its own (the issue's figure is wallet-payments').
 * Afterwards the ledger invariant is checked and the money is counted: every 2xx is one payment.
 */
const CLIENTS = 64;
const POOL_SIZE = '20';

interface Fixture {
  token: string;
  orderId: number;
  clientId: number;
}

const walletPaymentsHttp: Benchmark = {
  name: 'wallet-payments-http',
  connections: CLIENTS,
  description: `POST /api/v1/orders/:id/pay (wallet, 1 cent, Idempotency-Key) by ${CLIENTS} clients vs. bare Express + pg single-row UPDATE`,
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
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        DATABASE_URL: database.url,
        ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
        REDIS_PREFIX: `bench:${Date.now().toString(36)}:`,
        JWT_SECRET: randomBytes(32).toString('hex'),
        SESSION_SECRET: randomBytes(32).toString('hex'),
        RUN_WORKER: 'false',
        DATA_DIR: dataDir,
        BENCH_FIXTURE_FILE: fixtureFile,
        BENCH_WALLET_CENTS: String(WALLET_CENTS),
        ...shared,
      });
      const redis = Boolean(redisUrl);
      servers.push(app);
      const baselineServer = await startServer('bench/servers/express-pg-update.ts', { DATABASE_URL: database.url, ...shared });
      servers.push(baselineServer);
      const fixtures = JSON.parse(await readFile(fixtureFile, 'utf8')) as Fixture[];
      console.log(
        `  PostgreSQL database ${new URL(database.url).pathname.slice(1)}, ${redis ? 'Redis' : 'no Redis'}, pool ${POOL_SIZE} each, ${fixtures.length} clients, ${connections} connections`,
      );

      // A client pays again only once its last payment was answered, as a person at a browser would:
      // a request takes a client who is not paying right now and gives it back with the answer.
      let idle: number[] = [];
      let nextWallet = 0;
      const body = JSON.stringify({ method: 'wallet', amountCents: 1 });
      const { target, baseline } = await compare(
        {
          name: 'POST /api/v1/orders/:id/pay',
          url: `${app.url}/api/v1/orders/0/pay`,
          headers: { Host: 'localhost', 'Content-Type': 'application/json' },
          method: 'POST',
          body,
          setupRequest: (request, context) => {
            const index = idle.shift()!;
            context.payer = index;
            const fixture = fixtures[index]!;
            return {
              ...request,
              path: `/api/v1/orders/${fixture.orderId}/pay`,
              headers: { ...request.headers, Authorization: `Bearer ${fixture.token}`, 'Idempotency-Key': randomUUID() },
            };
          },
          onResponse: (_status, _body, context) => idle.push(context.payer as number),
          onMeasureStart: () => (idle = fixtures.map((_, i) => i)),
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
          name: 'wallet-payments-http',
          rps: Math.round(target.rps),
          p99Ms: target.p99Ms,
          baselineName: 'express-pg-single-row-update',
          baselineRps: Math.round(baseline.rps),
          ratio: Number((target.rps / baseline.rps).toFixed(3)),
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

export default walletPaymentsHttp;
