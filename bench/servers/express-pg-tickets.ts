import express from 'express';
import pg from 'pg';

/**
 * The my-tickets baseline: bare Express 5 + pg running the one indexed query a customer's ticket
 * list needs (by requester, newest first, a page of 20). Prints `listening <url>`.
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_MAX ?? 10) });
const app = express();
app.get('/requesters/:id/tickets', async (req, res) => {
  const { rows } = await pool.query(
    'SELECT id, subject, category, priority, status, order_id, created_at, updated_at FROM tickets WHERE requester_id = $1 ORDER BY id DESC LIMIT 21',
    [Number(req.params.id)],
  );
  res.json({ items: rows.slice(0, 20) });
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
