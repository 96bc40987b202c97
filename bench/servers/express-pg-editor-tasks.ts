import express from 'express';
import pg from 'pg';

/**
 * The editor queue's baseline: bare Express 5 + pg running the one indexed query the available
 * list needs (a website's available tasks, oldest first, a page of 20, each with its order's
 * summary). Prints `listening <url>`.
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_MAX ?? 10) });
const app = express();
app.get('/websites/:id/available-tasks', async (req, res) => {
  const { rows } = await pool.query(
    `SELECT t.id, t.status, t.round, t.order_id, o.number, o.topic, o.paper_type, o.academic_level, o.pages, o.deadline,
            t.claimed_at, t.claim_expires_at, t.decided_at, t.created_at
       FROM editor_tasks t JOIN orders o ON o.id = t.order_id
      WHERE t.website_id = $1 AND t.status = 'available' ORDER BY t.id LIMIT 21`,
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
