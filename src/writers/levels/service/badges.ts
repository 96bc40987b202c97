import { recordAudit } from '../../../audit/index.js';
import { systemActor } from '../../../platform/actor.js';
import { clock } from '../../../platform/clock.js';
import { inTransaction, sql } from '../../../platform/database.js';
import { WriterBadge } from '../models.js';

/**
 * Badges by rules (RULES.md "Writers"). Each rule is one query naming the writers who meet it.
 */
export const BADGE_RULES = {
  /** The writer's last 50 deliveries were all on time. */
  on_time_50: {
    label: '50 on-time deliveries in a row',
    query: `SELECT writer_id AS "writerId", MIN(website_id) AS "websiteId" FROM (
              SELECT o.writer_id, o.website_id, o.delivered_at <= o.writer_deadline AS on_time,
                     ROW_NUMBER() OVER (PARTITION BY o.writer_id ORDER BY o.delivered_at DESC) AS n
                FROM orders o
               WHERE o.writer_id IS NOT NULL AND o.delivered_at IS NOT NULL AND o.writer_deadline IS NOT NULL) last
             WHERE n <= 50
             GROUP BY writer_id
            HAVING COUNT(*) = 50 AND BOOL_AND(on_time)`,
  },
  /** An average of 4.8 or more over at least 20 reviews that count (the reviews area's rating totals, kept by moderation). */
  top_rated: {
    label: 'Average rating of 4.8 or more over 20 reviews',
    query: `SELECT subject_id AS "writerId", website_id AS "websiteId" FROM review_ratings
             WHERE subject = 'writer' AND review_count >= 20 AND rating_sum * 10 >= review_count * 48`,
  },
} as const;
export type BadgeCode = keyof typeof BADGE_RULES;

/** The writers.award-badges job: every writer meeting a rule gets its badge once (audited). */
export async function awardBadges(): Promise<{ awarded: number }> {
  let awarded = 0;
  for (const [code, rule] of Object.entries(BADGE_RULES)) {
    const winners = await sql<{ writerId: number; websiteId: number }>(rule.query, []);
    for (const { writerId, websiteId } of winners) {
      const created = await inTransaction(async () => {
        const rows = await sql<{ id: number }>(
          `INSERT INTO writer_badges (website_id, writer_id, code, awarded_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (writer_id, code) DO NOTHING RETURNING id`,
          [websiteId, writerId, code, clock.now()],
        );
        if (!rows.length) return false;
        await recordAudit(systemActor(Number(websiteId)), {
          action: 'writer.badge_awarded',
          targetType: 'user',
          targetId: writerId,
          websiteId: Number(websiteId),
          after: { badge: code },
        });
        return true;
      });
      if (created) awarded++;
    }
  }
  return { awarded };
}

export const badgesOf = (writerId: number) => WriterBadge.findAll({ where: { writerId }, order: [['awardedAt', 'ASC']] });
