import { z } from 'zod';
import { AppError } from '../errors.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Query fields every cursor-paginated list accepts; areas extend it with their filters. */
export const paginationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().max(500).optional(),
});

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The position after the last row of a page: its sort value and id (the tie-breaker). */
export interface CursorPosition {
  value: string | number | null;
  id: number;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.value, position.id])).toString('base64url');
}

/**
 * The position a cursor holds; a 400 naming the field when it is not one a page gave. A list sorted
 * by a timestamp says so (`'timestamp'`): its value must then be one (Date#toISOString's form), so
 * a forged value is refused here rather than failing the query's cast.
 */
export function decodeCursor(cursor: string | undefined, sortedBy?: 'timestamp'): CursorPosition | undefined {
  if (!cursor) return undefined;
  const position = positionOf(cursor, sortedBy);
  if (!position) throw new AppError('validation_failed', 'Invalid cursor', { cursor: NOT_A_CURSOR });
  return position;
}

const NOT_A_CURSOR = 'is not a cursor returned by this list';
const ISO_TIMESTAMP = /^[+-]?\d{4,6}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

function positionOf(cursor: string, sortedBy?: 'timestamp'): CursorPosition | undefined {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) return undefined;
  const [value, id] = decoded as [unknown, unknown];
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return undefined;
  if (sortedBy === 'timestamp') {
    if (typeof value !== 'string' || !ISO_TIMESTAMP.test(value) || Number.isNaN(Date.parse(value))) return undefined;
  } else if (value !== null && typeof value !== 'string' && typeof value !== 'number') return undefined;
  return { value, id };
}

/**
 * The cursor field of a list sorted by a timestamp: checked with the rest of the query (a 400
 * naming it), so a route refuses it in the same order as any other bad filter.
 */
export const timestampCursor = z
  .string()
  .max(500)
  .refine((cursor) => positionOf(cursor, 'timestamp') !== undefined, NOT_A_CURSOR);

/**
 * Builds a page from rows fetched with `limit + 1` (the extra row only tells whether more exist).
 * `positionOf` gives the sort value and id of a row.
 */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  positionOf: (row: Row) => CursorPosition,
  serialize: (row: Row) => Item,
): Page<Item> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(serialize),
    nextCursor: hasMore && last ? encodeCursor(positionOf(last)) : null,
  };
}
