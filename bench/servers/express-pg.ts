import express from 'express';
import pg from 'pg';

/**
 * The baseline: bare Express 5 + a pg Pool (DATABASE_URL, DATABASE_POOL_MAX) answering one indexed
 * query by primary key. Prints `listening <url>`.
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_MAX ?? 10) });
const app = express();
app.get('/users/:id', async (req, res) => {
  const { rows } = await pool.query('SELECT id, email, display_name FROM users WHERE id = $1', [Number(req.params.id)]);
  res.json(rows[0]);
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
