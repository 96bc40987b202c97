import express from 'express';
import pg from 'pg';

/**
 * The wallet-payments baseline: bare Express 5 + pg doing one single-row UPDATE per request
 * (`UPDATE bench_wallets SET balance_cents = balance_cents - 1 WHERE id = $1`, autocommit) on a
 * table of BENCH_CLIENTS rows it creates. Prints `listening <url>`.
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_MAX ?? 10) });
await pool.query('CREATE TABLE IF NOT EXISTS bench_wallets (id INTEGER PRIMARY KEY, balance_cents BIGINT NOT NULL)');
await pool.query('INSERT INTO bench_wallets SELECT g, 1000000000 FROM generate_series(1, $1::int) g ON CONFLICT DO NOTHING', [
  Number(process.env.BENCH_CLIENTS ?? 64),
]);
const app = express();
app.use(express.json());
app.post('/wallets/:id/debit', async (req, res) => {
  const { rows } = await pool.query('UPDATE bench_wallets SET balance_cents = balance_cents - 1 WHERE id = $1 RETURNING balance_cents', [
    Number(req.params.id),
  ]);
  res.status(201).json({ balanceCents: Number(rows[0].balance_cents) });
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.end().then(() => process.exit(0));
});
