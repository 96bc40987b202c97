import pg from 'pg';

const parseTimestamptz = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (text: string) => Date;

/**
 * A timestamptz printed by PostgreSQL (a column selected as `::text`) -> the ISO string
 * `Date#toISOString` gives for it (milliseconds, the rest cut off, as pg's parser does), without
 * building a Date or matching a pattern: a page of orders has some sixty timestamps, and both showed
 * in the bench (time, then garbage). For read models (docs/read-models.md). Our sessions print UTC
 * as '2026-11-26 04:18:36.10848+00' (fraction optional); anything else (another offset, a year past
 * 9999, BC) goes through pg's own parser.
 */
export function isoOfTimestamp(text: string | null): string | null {
  if (text === null) return null;
  const length = text.length;
  // 'YYYY-MM-DD HH:MM:SS' (19), then '.' and 1-6 digits or nothing, then '+00'.
  const utc =
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(10) === 32 &&
    text.endsWith('+00') &&
    (length === 22 || (length >= 24 && length <= 29 && text.charCodeAt(19) === 46));
  if (!utc) return parseTimestamptz(text).toISOString();
  const fraction = length === 22 ? '000' : text.slice(20, Math.min(23, length - 3)).padEnd(3, '0');
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${fraction}Z`;
}
