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

export function decodeCursor(cursor: string | undefined): CursorPosition | undefined {
  if (!cursor) return undefined;
  try {
    const [value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw new Error('bad id');
    if (value !== null && typeof value !== 'string' && typeof value !== 'number') throw new Error('bad value');
    return { value, id };
  } catch {
    throw new AppError('validation_failed', 'Invalid cursor', { cursor: 'is not a cursor returned by this list' });
  }
}

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
