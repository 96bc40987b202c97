import { sql } from '../../platform/database.js';
import type { Review } from '../models.js';
import { averageRating, ratingDelta, type RatingTotals, type ReviewStatus, type ReviewVisibility } from '../rules.js';

/**
 * The rating totals (review_ratings) of writers and websites, kept current inside the moderation
 * change that moves them: a review that starts or stops counting (rules.ts countsInRating) adds
 * or takes away its rating, by a conditional increment in the same transaction as the change and
 * its audit row. The review's row lock (taken by the moderation) serialises changes of one review.
 */

export interface Rating {
  count: number;
  /** The average, two decimals (4.83), or null without reviews. */
  average: number | null;
}

export const ratingOf = (totals: RatingTotals): Rating => ({ count: totals.count, average: averageRating(totals) });

async function addTo(subject: 'writer' | 'website', subjectId: number, websiteId: number, delta: RatingTotals): Promise<void> {
  // The row first (empty), then the increment: a proposed row of negative totals would break the CHECKs before any conflict.
  await sql(
    `INSERT INTO review_ratings (subject, subject_id, website_id) VALUES ($1, $2, $3) ON CONFLICT (subject, subject_id) DO NOTHING`,
    [subject, subjectId, websiteId],
  );
  await sql(
    `UPDATE review_ratings SET review_count = review_count + $3, rating_sum = rating_sum + $4, updated_at = now()
      WHERE subject = $1 AND subject_id = $2`,
    [subject, subjectId, delta.count, delta.sum],
  );
}

/**
 * Applies a moderation change of one review to the totals it feeds: its website's (every review)
 * and, for a writer review, the writer's. Nothing when the review neither joins nor leaves.
 */
export async function applyRatingChange(
  review: Pick<Review, 'websiteId' | 'target' | 'writerId' | 'rating'>,
  before: { status: ReviewStatus; visibility: ReviewVisibility },
  after: { status: ReviewStatus; visibility: ReviewVisibility },
): Promise<RatingTotals> {
  const delta = ratingDelta(before, after, review.rating);
  if (delta.count === 0) return delta;
  await addTo('website', review.websiteId, review.websiteId, delta);
  if (review.target === 'writer' && review.writerId !== null) await addTo('writer', review.writerId, review.websiteId, delta);
  return delta;
}

/** A subject's current totals (zero when none counted yet). */
export async function ratingTotalsOf(subject: 'writer' | 'website', subjectId: number): Promise<RatingTotals> {
  const rows = await sql<{ count: number; sum: number }>(
    `SELECT review_count AS count, rating_sum AS sum FROM review_ratings WHERE subject = $1 AND subject_id = $2`,
    [subject, subjectId],
  );
  return rows[0] ? { count: Number(rows[0].count), sum: Number(rows[0].sum) } : { count: 0, sum: 0 };
}

/** A writer's current rating (count and average of the approved reviews that count). */
export const writerRating = async (writerId: number): Promise<Rating> => ratingOf(await ratingTotalsOf('writer', writerId));
/** A website's current rating. */
export const websiteRating = async (websiteId: number): Promise<Rating> => ratingOf(await ratingTotalsOf('website', websiteId));

/**
 * Each writer's totals over a period, for the weekly levels evaluation: the writer reviews written
 * in [start, end) that count now (approved, public or internal). Only writers with such reviews.
 */
export async function writerRatingsOver(websiteId: number, start: Date, end: Date): Promise<Map<number, RatingTotals>> {
  const rows = await sql<{ writerId: number; count: number; sum: number }>(
    `SELECT writer_id AS "writerId", COUNT(*)::int AS count, SUM(rating)::int AS sum
       FROM reviews
      WHERE website_id = $1 AND target = 'writer' AND created_at >= $2 AND created_at < $3
        AND status = 'approved' AND visibility IN ('public', 'internal')
      GROUP BY writer_id`,
    [websiteId, start, end],
  );
  return new Map(rows.map((r) => [Number(r.writerId), { count: Number(r.count), sum: Number(r.sum) }]));
}

/**
 * Recounts every total from the reviews (a check, and a repair after a restore): the stored
 * totals should always equal these. Returns the subjects whose stored totals differed.
 */
export async function recountRatings(): Promise<number> {
  const rows = await sql<{ fixed: number }>(
    `WITH counted AS (
       SELECT 'website'::varchar AS subject, website_id AS subject_id, website_id, COUNT(*)::int AS c, SUM(rating)::int AS s
         FROM reviews WHERE status = 'approved' AND visibility IN ('public', 'internal') GROUP BY website_id
       UNION ALL
       SELECT 'writer', writer_id, MIN(website_id), COUNT(*)::int, SUM(rating)::int
         FROM reviews WHERE target = 'writer' AND status = 'approved' AND visibility IN ('public', 'internal') GROUP BY writer_id
     ), wanted AS (
       SELECT COALESCE(c.subject, r.subject) AS subject, COALESCE(c.subject_id, r.subject_id) AS subject_id,
              COALESCE(c.website_id, r.website_id) AS website_id, COALESCE(c.c, 0) AS c, COALESCE(c.s, 0) AS s,
              r.review_count AS old_c, r.rating_sum AS old_s
         FROM counted c FULL JOIN review_ratings r ON r.subject = c.subject AND r.subject_id = c.subject_id
     ), fixed AS (
       INSERT INTO review_ratings (subject, subject_id, website_id, review_count, rating_sum, updated_at)
       SELECT subject, subject_id, website_id, c, s, now() FROM wanted
        WHERE old_c IS DISTINCT FROM c OR old_s IS DISTINCT FROM s
       ON CONFLICT (subject, subject_id) DO UPDATE
          SET review_count = EXCLUDED.review_count, rating_sum = EXCLUDED.rating_sum, updated_at = now()
       RETURNING 1
     )
     SELECT COUNT(*)::int AS fixed FROM fixed`,
    [],
  );
  return Number(rows[0]?.fixed ?? 0);
}
