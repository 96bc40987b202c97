import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/platform/database.js';
import { publicReviews } from '../../src/reviews/service/queries.js';
import { Website } from '../../src/tenancy/models.js';
import { HOST_A, HOST_B } from '../identity/helpers.js';
import { actorFor, paidOrder } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * GET /api/v1/public/reviews answers from a read model (src/reviews/read-models/public-reviews.ts:
 * the page and the rating in one statement, timestamps read as text). Its pages must be exactly
 * those of publicReviews, the same list read through the models: every page, with and without a
 * target filter, beside reviews that are not public and another website's; a text approved with
 * contact details is masked in both; an empty page still carries the rating; bad input is a 400.
 */
let t: TestApp;
let websiteA: number;
let websiteB: number;

const visit = (query = '', host = HOST_A) => request(t.app).get(`/api/v1/public/reviews${query}`).set('Host', host);

beforeAll(async () => {
  t = await startTestApp();
  websiteA = (await Website.findOne({ where: { slug: 'scriptorium-a' } }))!.id;
  websiteB = (await Website.findOne({ where: { slug: 'scriptorium-b' } }))!.id;
  const [client] = await sql<{ id: number }>(`SELECT id FROM users WHERE email = 'client@scriptorium.test'`, []);
  const [clientB] = await sql<{ id: number }>(`SELECT id FROM users WHERE email = 'client@b.scriptorium.test'`, []);
  const [writer] = await sql<{ id: number }>(`SELECT id FROM users WHERE email = 'writer@scriptorium.test'`, []);
  const order = await paidOrder(await actorFor('client@scriptorium.test'), { pages: 1 });
  // Website reviews by many reviewers (one per reviewer per target), some not public, with microsecond timestamps.
  const reviewers = await sql<{ id: number }>(`SELECT id FROM users WHERE website_id = $1 ORDER BY id LIMIT 12`, [websiteA]);
  for (const [i, r] of reviewers.entries()) {
    const status = i % 5 === 4 ? 'pending' : 'approved';
    const visibility = i % 6 === 5 ? 'shadowed' : 'public';
    await sql(
      `INSERT INTO reviews (website_id, reviewer_id, target, rating, text, status, visibility, created_at)
       VALUES ($1, $2, 'website', $3, $4, $5, $6, '2026-03-04 05:06:07.123456+00'::timestamptz + ($7 || ' minutes')::interval)`,
      [websiteA, r.id, i % 6, i % 3 ? `Review number ${i}` : null, status, visibility, String(i)],
    );
  }
  await sql(
    `INSERT INTO reviews (website_id, reviewer_id, target, order_id, writer_id, rating, text, status, visibility, signals)
     VALUES ($1, $2, 'writer', $3, $4, 5, 'Ask her at jane.doe@gmail.com, she is great', 'approved', 'public', '{contact}')`,
    [websiteA, client!.id, order.id, writer!.id],
  );
  await sql(
    `INSERT INTO reviews (website_id, reviewer_id, target, rating, text, status, visibility) VALUES ($1, $2, 'website', 3, 'B', 'approved', 'public')`,
    [websiteB, clientB!.id],
  );
  await sql(
    `INSERT INTO review_ratings (subject, subject_id, website_id, review_count, rating_sum) VALUES ('website', $1, $1, 9, 30)
     ON CONFLICT (subject, subject_id) DO UPDATE SET review_count = 9, rating_sum = 30`,
    [websiteA],
  );
});
afterAll(() => t?.close());

async function allPages(query: { limit: number; target?: 'website' | 'writer' }) {
  const pages: unknown[] = [];
  let cursor: string | undefined;
  do {
    const qs = new URLSearchParams({
      limit: String(query.limit),
      ...(query.target ? { target: query.target } : {}),
      ...(cursor ? { cursor } : {}),
    });
    const res = await visit(`?${qs}`).expect(200);
    const expected = await publicReviews(websiteA, { ...query, ...(cursor ? { cursor } : {}) });
    expect(res.body).toEqual(JSON.parse(JSON.stringify(expected)));
    pages.push(res.body);
    cursor = res.body.nextCursor ?? undefined;
  } while (cursor);
  return pages;
}

describe('GET /api/v1/public/reviews (read model)', () => {
  it('answers every page exactly as the model code does, with and without a target', async () => {
    const pages = await allPages({ limit: 2 });
    expect(pages.length).toBeGreaterThan(2);
    await allPages({ limit: 2, target: 'writer' });
    await allPages({ limit: 50, target: 'website' });
  });

  it('masks an approved text with contact details, carries the rating, keeps other websites apart', async () => {
    const res = await visit('?limit=100').expect(200);
    const texts = (res.body.items as Array<{ text: string | null }>).map((r) => r.text);
    expect(texts.some((x) => x?.startsWith('Ask her at ') && !x.includes('jane.doe'))).toBe(true);
    expect(texts).not.toContain('B');
    expect(res.body.rating).toEqual({ count: 9, average: 3.33 });
    const b = await visit('?limit=100', HOST_B).expect(200);
    expect((b.body.items as Array<{ text: string }>).map((r) => r.text)).toContain('B');
  });

  it('answers an empty page with the rating, and refuses bad input naming the field', async () => {
    const empty = await visit('?target=order').expect(200);
    expect(empty.body).toMatchObject({ items: [], nextCursor: null, rating: { count: 9 } });
    const bad = await visit('?limit=0').expect(400);
    expect(JSON.stringify(bad.body)).toContain('limit');
    await visit('?colour=red').expect(400);
  });
});
