import { screenForCounterparty } from '../../orders/index.js';
import { sql } from '../../platform/database.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { isoOfTimestamp } from '../../platform/iso-timestamp.js';
import type { ReviewTarget } from '../rules.js';
import { ratingOf } from '../service/ratings.js';
import type { PublicReviewsPage } from '../service/queries.js';

/**
 * The read model of a website's public reviews (GET /api/v1/public/reviews), every visitor's read
 * of the website's reviews page and a benchmarked one (`npm run bench -- reviews`, against bare
 * Express + pg): the page and the website's rating in one statement (the rating row joined once,
 * the keyset page laterally), timestamps read as text. docs/read-models.md says when such a module
 * is allowed; test/reviews/public-reviews-read.test.ts holds it equal to publicReviews (the model code).
 *
 * A text flagged for contact details and approved anyway is masked here, as in the model code; the
 * others are printed as written, so masking costs nothing on the common page.
 */

export interface PublicReviewsQuery {
  limit: number;
  cursor?: string;
  target?: ReviewTarget;
}

interface PublicReviewRow {
  count: number | null;
  sum: number | null;
  id: number | null;
  target: ReviewTarget;
  rating: number;
  text: string | null;
  masked: boolean;
  writerPenName: string | null;
  createdAt: string;
}

export async function publicReviewsRead(websiteId: number, query: PublicReviewsQuery): Promise<PublicReviewsPage> {
  const cursor = decodeCursor(query.cursor);
  const values: unknown[] = [websiteId, query.limit + 1];
  const where = [`r.website_id = $1`, `r.status = 'approved'`, `r.visibility = 'public'`];
  if (query.target) where.push(`r.target = $${values.push(query.target)}`);
  if (cursor) where.push(`r.id < $${values.push(cursor.id)}`);
  // A row even when the page is empty (the rating is always answered): the page joins a one-row base.
  const rows = await sql<PublicReviewRow>(
    `SELECT t.review_count AS count, t.rating_sum AS sum, p.id, p.target, p.rating, p.text, p.masked,
            p."writerPenName", p."createdAt"
       FROM (SELECT $1::bigint AS website_id) w
       LEFT JOIN review_ratings t ON t.subject = 'website' AND t.subject_id = w.website_id
       LEFT JOIN LATERAL (
         SELECT r.id, r.target, r.rating::int AS rating, r.text, 'contact' = ANY(r.signals) AS masked,
                u.pen_name AS "writerPenName", r.created_at::text AS "createdAt"
           FROM reviews r LEFT JOIN users u ON u.id = r.writer_id
          WHERE ${where.join(' AND ')}
          ORDER BY r.id DESC LIMIT $2
       ) p ON true
      ORDER BY p.id DESC`,
    values,
    // Equality on the website, keyset on id: one index plan whatever the values (a target filter varies it).
    { prepare: !query.target },
  );
  const first = rows[0];
  const rating = ratingOf({ count: Number(first?.count ?? 0), sum: Number(first?.sum ?? 0) });
  const reviews = rows.filter((r): r is PublicReviewRow & { id: number } => r.id !== null);
  const page = toPage(
    reviews,
    query.limit,
    (r) => ({ value: null, id: r.id }),
    (r) => ({
      id: r.id,
      target: r.target,
      rating: r.rating,
      text: r.masked ? screenForCounterparty(r.text) : r.text,
      writerPenName: r.writerPenName,
      createdAt: isoOfTimestamp(r.createdAt)!,
    }),
  );
  return { rating, ...page };
}
