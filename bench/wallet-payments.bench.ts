import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { benchDatabase, type Benchmark, type Measurement } from './support.js';
import { countMoney, ledgerCheck, WALLET_CENTS, type PayerRef } from './wallet-support.js';

/**
 * Wallet payments posted through the ledger (issue 4's figure): in one process,
 * 64 clients each paying its own order one cent at a time through the payment use case
 * (payOrderFromWallet: one database transaction with the order lock, the ledger posting — client
 * wallet -> order escrow, both accounts locked in id order, floors checked — the order's paid
 * amount and event, the payment row with its receipt number, the audit row), against 64 loops of
 * a bare single-row UPDATE through a pg pool of the same size, in the same process and run.
 * Target: 500 payments a second (the ratio 500 / baseline). Afterwards the ledger invariant is
 * checked (npm run ledger:check) and the money is counted. wallet-payments-http measures the same
 * payments through the API.
 */
const CLIENTS = 64;
const POOL_SIZE = '20';
const TARGET_RPS = 500;

interface LoopResult {
  target: Measurement;
  baseline: Measurement;
  payers: PayerRef[];
}

function runLoop(env: Record<string, string>): Promise<LoopResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/servers/wallet-loop.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c));
  child.stderr.on('data', (c: Buffer) => (output += c));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const line = /^result (.*)$/m.exec(output);
      if (code === 0 && line) resolve(JSON.parse(line[1]!) as LoopResult);
      else reject(new Error(`wallet-loop exited with ${code}:\n${output}`));
    });
  });
}

const walletPayments: Benchmark = {
  name: 'wallet-payments',
  connections: CLIENTS,
  description: `payOrderFromWallet (1 cent) by ${CLIENTS} concurrent clients in one process vs. ${CLIENTS} loops of a bare single-row UPDATE; target ${TARGET_RPS}/s`,
  async run(options) {
    const database = await benchDatabase('wallet-payments');
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'scriptorium-bench-wallet-'));
    try {
      const { target, baseline, payers } = await runLoop({
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        DATABASE_URL: database.url,
        DATA_DIR: dataDir,
        RUN_WORKER: 'false',
        JWT_SECRET: randomBytes(32).toString('hex'),
        SESSION_SECRET: randomBytes(32).toString('hex'),
        BENCH_CLIENTS: String(CLIENTS),
        DATABASE_POOL_MAX: POOL_SIZE,
        BENCH_WALLET_CENTS: String(WALLET_CENTS),
        BENCH_SECONDS: String(options.seconds),
        BENCH_WARMUP_SECONDS: String(options.warmupSeconds),
        BENCH_ROUNDS: process.env.BENCH_ROUNDS ?? '4',
      });
      if (target.errors || baseline.errors) throw new Error(`${target.errors} payments and ${baseline.errors} updates failed`);
      console.log(`  PostgreSQL database ${new URL(database.url).pathname.slice(1)}, pool ${POOL_SIZE}, ${CLIENTS} clients`);
      console.log(`  Node CPU: ${target.cpuMsPerOp?.toFixed(2)} ms per payment, ${baseline.cpuMsPerOp?.toFixed(3)} ms per bare UPDATE`);
      const check = await ledgerCheck(database.url, dataDir);
      if (check.code !== 0) throw new Error(`the ledger invariant is broken after the run:\n${check.output}`);
      console.log(`  ledger:check passed; ${await countMoney(database.url, payers)}`);
      return {
        result: {
          name: 'wallet-payments',
          rps: Math.round(target.rps),
          p99Ms: target.p99Ms,
          baselineName: 'pg-single-row-update-loop',
          baselineRps: Math.round(baseline.rps),
          ratio: Number((target.rps / baseline.rps).toFixed(3)),
          target: Number((TARGET_RPS / baseline.rps).toFixed(3)),
        },
        target,
        baseline,
      };
    } finally {
      await database.dispose().catch((err: unknown) => console.error('  dropping the database failed:', err));
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};

export default walletPayments;
