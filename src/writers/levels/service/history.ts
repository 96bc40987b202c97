import { sql } from '../../../platform/database.js';
import { writerRatingsOver } from '../../../reviews/index.js';
import type { PeriodCounts } from '../scoring.js';

/**
 * Read model of writers' history for the weekly evaluation: one aggregate over a website's orders
 * per period (what each writer completed, cancelled, delivered late, had revised or disputed),
 * instead of loading every order. Orders count for the writer who holds them (writer_id). The rating
 * is the average of the writer's reviews written in the period that count now (approved; the
 * reviews area's rule), null without any (the score is then reweighted without it: scoring.ts).
 */
export async function periodCountsOf(websiteId: number, start: Date, end: Date): Promise<Map<number, PeriodCounts>> {
  const rows = await sql<Record<string, string | number>>(
    `SELECT o.writer_id AS "writerId",
            COUNT(*) FILTER (WHERE o.completed_at >= $2 AND o.completed_at < $3) AS completed,
            COUNT(*) FILTER (WHERE o.cancelled_at >= $2 AND o.cancelled_at < $3) AS cancelled,
            COUNT(*) FILTER (WHERE o.delivered_at >= $2 AND o.delivered_at < $3) AS delivered,
            COUNT(*) FILTER (WHERE o.delivered_at >= $2 AND o.delivered_at < $3 AND o.delivered_at > o.writer_deadline) AS "deliveredLate",
            COUNT(*) FILTER (WHERE o.completed_at >= $2 AND o.completed_at < $3
                               AND EXISTS (SELECT 1 FROM order_revisions r WHERE r.order_id = o.id)) AS revised,
            COUNT(*) FILTER (WHERE ((o.completed_at >= $2 AND o.completed_at < $3) OR (o.cancelled_at >= $2 AND o.cancelled_at < $3))
                               AND EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.to_status = 'disputed')) AS disputed,
            COUNT(*) FILTER (WHERE o.completed_at < $3) AS "completedTotal"
       FROM orders o
      WHERE o.website_id = $1 AND o.writer_id IS NOT NULL
      GROUP BY o.writer_id`,
    [websiteId, start, end],
  );
  const ratings = await writerRatingsOver(websiteId, start, end);
  return new Map(
    rows.map((r) => [
      Number(r.writerId),
      {
        completed: Number(r.completed),
        cancelled: Number(r.cancelled),
        delivered: Number(r.delivered),
        deliveredLate: Number(r.deliveredLate),
        revised: Number(r.revised),
        disputed: Number(r.disputed),
        ratingCenti: ratingCentiOf(ratings.get(Number(r.writerId))),
        completedTotal: Number(r.completedTotal),
      },
    ]),
  );
}

/** The period's average in hundredths of a star, or null without reviews. */
const ratingCentiOf = (totals: { count: number; sum: number } | undefined): number | null =>
  totals && totals.count > 0 ? Math.round((totals.sum * 100) / totals.count) : null;

export const NO_HISTORY: PeriodCounts = {
  completed: 0,
  cancelled: 0,
  delivered: 0,
  deliveredLate: 0,
  revised: 0,
  disputed: 0,
  ratingCenti: null,
  completedTotal: 0,
};
