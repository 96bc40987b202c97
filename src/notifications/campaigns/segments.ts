import { sql } from '../../platform/database.js';
import type { Audience } from './rules.js';

/**
 * A segment (rules.ts `Audience`) as SQL over one website's users, for the set-based statements
 * that snapshot a campaign's recipients and deliver a broadcast (docs/read-models.md rule 2): every
 * value is bound; the website is always in the WHERE (the service decided which website the actor
 * may address). Writer levels are read from writers' `writer_profiles`/`writer_levels` and recent
 * orders from `orders` (read only; notifications sits above both areas). Only accounts that may
 * use the site (active, or on probation) are in a segment; superadmins never are (no website).
 */
export interface SegmentQuery {
  /** `SELECT u.id AS user_id, u.email, u.display_name FROM users u WHERE …` with `$<offset+1>…` placeholders. */
  text: string;
  values: unknown[];
}

/** The segment's users as of `asOf` (activity windows count back from it); placeholders start after `offset`. */
export function segmentQuery(websiteId: number, audience: Audience, asOf: Date, offset = 0): SegmentQuery {
  const values: unknown[] = [];
  const bind = (value: unknown) => {
    values.push(value);
    return `$${offset + values.length}`;
  };
  const where = [`u.website_id = ${bind(websiteId)}::bigint`, `u.status IN ('active', 'probation')`, `u.role <> 'superadmin'`];
  if (audience.role) where.push(`u.role = ${bind(audience.role)}`);
  if (audience.writerLevel)
    // A writer without a profile row is at the website's lowest level (writers/levels).
    where.push(`lower(${bind(audience.writerLevel)}) = COALESCE(
                 (SELECT lower(wl.name) FROM writer_profiles wp JOIN writer_levels wl ON wl.id = wp.level_id WHERE wp.writer_id = u.id),
                 (SELECT lower(wl.name) FROM writer_levels wl WHERE wl.website_id = u.website_id ORDER BY wl.rank LIMIT 1))`);
  if (audience.activeWithinDays)
    where.push(`u.last_login_at >= ${bind(asOf)}::timestamptz - make_interval(days => ${bind(audience.activeWithinDays)}::int)`);
  if (audience.orderedWithinDays)
    where.push(`EXISTS (SELECT 1 FROM orders o WHERE o.client_id = u.id AND o.website_id = u.website_id
                 AND o.placed_at >= ${bind(asOf)}::timestamptz - make_interval(days => ${bind(audience.orderedWithinDays)}::int))`);
  return { text: `SELECT u.id AS user_id, u.email, u.display_name FROM users u WHERE ${where.join(' AND ')}`, values };
}

/** How many users the segment holds now (shown before a broadcast or a campaign goes out). */
export async function countSegment(websiteId: number, audience: Audience, asOf: Date): Promise<number> {
  const q = segmentQuery(websiteId, audience, asOf);
  const [row] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM (${q.text}) s`, q.values);
  return row?.n ?? 0;
}
