import { spawn } from 'node:child_process';
import pg from 'pg';

/** What the wallet benchmarks check after their run: the ledger invariant and where every cent went. */

export const WALLET_CENTS = 1_000_000;

export interface PayerRef {
  orderId: number;
  clientId: number;
}

export function ledgerCheck(databaseUrl: string, dataDir: string): Promise<{ code: number | null; output: string }> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'development',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'ledger:check'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c));
  child.stderr.on('data', (c: Buffer) => (output += c));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

/** Every cent that left the bench wallets is one succeeded wallet payment and sits in an escrow. */
export async function countMoney(databaseUrl: string, fixtures: PayerRef[]): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const ids = fixtures.map((f) => f.clientId);
    const orders = fixtures.map((f) => f.orderId);
    const wallets = await client.query<{ spent: string }>(
      `SELECT coalesce(sum($2::bigint - balance_cents), 0) AS spent FROM ledger_accounts WHERE kind = 'client_wallet' AND owner_id = ANY($1)`,
      [ids, WALLET_CENTS],
    );
    const payments = await client.query<{ n: string; cents: string }>(
      `SELECT count(*) AS n, coalesce(sum(amount_cents), 0) AS cents FROM payments WHERE client_id = ANY($1) AND status = 'succeeded' AND method = 'wallet'`,
      [ids],
    );
    const escrow = await client.query<{ held: string }>(
      `SELECT coalesce(sum(balance_cents), 0) AS held FROM ledger_accounts WHERE kind = 'order_escrow' AND owner_id = ANY($1)`,
      [orders],
    );
    const paid = await client.query<{ paid: string }>('SELECT coalesce(sum(paid_cents), 0) AS paid FROM orders WHERE id = ANY($1)', [
      orders,
    ]);
    const figures = [wallets.rows[0]!.spent, payments.rows[0]!.cents, escrow.rows[0]!.held, paid.rows[0]!.paid];
    if (new Set(figures).size !== 1)
      throw new Error(
        `money does not add up: spent ${figures[0]}, payments ${figures[1]}, escrow ${figures[2]}, orders paid ${figures[3]}`,
      );
    return `${payments.rows[0]!.n} payments, ${figures[0]} cents: wallets, payments, escrow and orders agree`;
  } finally {
    await client.end();
  }
}
