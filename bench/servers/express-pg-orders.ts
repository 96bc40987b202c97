import express from 'express';
import pg from 'pg';
import { startDiagnostics } from './diagnostics.js';

/**
 * The my-orders baseline: bare Express 5 + pg running the one indexed query a client's order list
 * needs (by client, newest first, a page of 20). Prints `listening <url>`.
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_MAX ?? 10) });
const app = express();
app.get('/clients/:id/orders', async (req, res) => {
  const { rows } = await pool.query(
    'SELECT id, number, status, topic, total_cents, created_at FROM orders WHERE client_id = $1 ORDER BY created_at DESC, id DESC LIMIT 21',
    [Number(req.params.id)],
  );
  res.json({ items: rows.slice(0, 20) });
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
});
const poolWait = startDiagnostics(server).histogram('poolWait');
if (poolWait) {
  // How long requests queue for one of the pool's connections (pool.query takes one through connect).
  type Callback = (err: Error | undefined, client: pg.PoolClient, done: (release?: unknown) => void) => void;
  const connect = pool.connect.bind(pool) as unknown as (callback: Callback) => void;
  (pool as unknown as { connect: (callback: Callback) => void }).connect = (callback) => {
    const start = process.hrtime.bigint();
    connect((err, client, done) => {
      poolWait.record(process.hrtime.bigint() - start || 1n);
      callback(err, client, done);
    });
  };
}
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.end().then(() => process.exit(0));
});
