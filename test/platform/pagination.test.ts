import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, paginationQuery, toPage } from '../../src/platform/http/pagination.js';
import { AppError } from '../../src/platform/errors.js';

describe('cursor pagination', () => {
  it('round-trips a position', () => {
    const cursor = encodeCursor({ value: '2026-11-25T10:00:00.000Z', id: 42 });
    expect(decodeCursor(cursor)).toEqual({ value: '2026-11-25T10:00:00.000Z', id: 42 });
  });

  it('refuses a forged cursor with a field error', () => {
    for (const bad of ['not-base64!', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[{},1]').toString('base64url')]) {
      try {
        decodeCursor(bad);
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).fields).toHaveProperty('cursor');
      }
    }
  });

  it('builds a page from limit + 1 rows', () => {
    const rows = [1, 2, 3].map((id) => ({ id, at: `t${id}` }));
    const page = toPage(
      rows,
      2,
      (r) => ({ value: r.at, id: r.id }),
      (r) => r.id,
    );
    expect(page.items).toEqual([1, 2]);
    expect(decodeCursor(page.nextCursor!)).toEqual({ value: 't2', id: 2 });
    expect(
      toPage(
        rows.slice(0, 2),
        2,
        (r) => ({ value: r.at, id: r.id }),
        (r) => r.id,
      ).nextCursor,
    ).toBeNull();
  });

  it('bounds the page size', () => {
    expect(paginationQuery.parse({}).limit).toBe(20);
    expect(paginationQuery.safeParse({ limit: '1000' }).success).toBe(false);
    expect(paginationQuery.safeParse({ limit: '0' }).success).toBe(false);
  });
});
