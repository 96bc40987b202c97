import express from 'express';
import pg from 'pg';

/**
 * The public reviews baseline: bare Express 5 + pg running the indexed queries a website's public
 * review page needs (a page of 20 approved public reviews, newest first, with the writer's pen
 * name, and the website's rating totals). Prints `listening <url>`.
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_MAX ?? 10) });
const app = express();
app.get('/websites/:id/reviews', async (req, res) => {
  const id = Number(req.params.id);
  const [page, rating] = await Promise.all([
    pool.query(
      `SELECT r.id, r.target, r.rating, r.text, u.pen_name, r.created_at FROM reviews r LEFT JOIN users u ON u.id = r.writer_id
        WHERE r.website_id = $1 AND r.status = 'approved' AND r.visibility = 'public' ORDER BY r.id DESC LIMIT 21`,
      [id],
    ),
    pool.query(`SELECT review_count, rating_sum FROM review_ratings WHERE subject = 'website' AND subject_id = $1`, [id]),
  ]);
  res.json({ rating: rating.rows[0] ?? null, items: page.rows.slice(0, 20) });
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
