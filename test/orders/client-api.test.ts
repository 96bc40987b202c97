import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/platform/database.js';
import { Order } from '../../src/orders/models.js';
import { login } from '../identity/helpers.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let t: TestApp;
let token: string;
let tokenB: string;
let writerToken: string;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

beforeAll(async () => {
  t = await startTestApp();
  token = (await login(t.app, 'client@scriptorium.test')).accessToken;
  tokenB = (await login(t.app, 'client@b.scriptorium.test', { host: 'b.localhost' })).accessToken;
  writerToken = (await login(t.app, 'writer@scriptorium.test')).accessToken;
});
afterAll(() => t?.close());

const api = (method: 'get' | 'post' | 'patch', path: string, auth = token, host = 'localhost') =>
  request(t.app)[method](`/api/v1${path}`).set('Host', host).set('Authorization', `Bearer ${auth}`);

describe('client order wizard through HTTP', () => {
  it('creates a draft, fills it step by step, submits it and shows the frozen price and timeline', async () => {
    const created = await api('post', '/orders').send({ topic: 'Photosynthesis in desert plants' }).expect(201);
    expect(created.body).toMatchObject({ status: 'draft', topic: 'Photosynthesis in desert plants', totalCents: null, writer: null });
    const id = created.body.id as number;

    await api('patch', `/orders/${id}`).send({ paperType: 'research_paper', academicLevel: 'masters', subject: 'biology' }).expect(200);
    const step2 = await api('patch', `/orders/${id}`)
      .send({ pages: 5, spacing: 'double', deadline: inDays(4), extraServices: ['plagiarism_report'] })
      .expect(200);
    expect(step2.body).toMatchObject({ pages: 5, extraServices: ['plagiarism_report'] });

    const placed = await api('post', `/orders/${id}/submit`).expect(200);
    // 5 × 13.99 = 69.95 × 1.1 = 76.95 (76.945) × 1.5 = 115.43 (115.425) × 1.25 = 144.29 (144.2875)
    // × 1.10 (4 days: the 5-day band) = 158.72 (158.719) + 9.99 plagiarism report = 168.71,
    // less the first-order discount of 15 % (25.31): 143.40
    expect(placed.body).toMatchObject({ status: 'pending_payment', totalCents: 14_340, currency: 'USD' });
    expect(placed.body.priceBreakdown).toMatchObject({
      totalCents: 16_871,
      discounts: { sources: [{ source: 'first_order', amountCents: 2_531 }] },
    });
    expect(placed.body.priceBreakdown.lines.at(-1)).toMatchObject({ code: 'extra:plagiarism_report', amountCents: 999 });
    expect(placed.body.timeline.map((e: { action: string }) => e.action)).toEqual(['created', 'submit']);
    expect(placed.body).not.toHaveProperty('writerDeadline');
  });

  it('validates each step, naming the field, and changes nothing', async () => {
    const { body } = await api('post', '/orders').send({ topic: 'Valid topic' }).expect(201);
    for (const [patch, field] of [
      [{ pages: 0 }, 'pages'],
      [{ pages: 'many' }, 'pages'],
      [{ deadline: 'tomorrow-ish' }, 'deadline'],
      [{ spacing: 'triple' }, 'spacing'],
      [{ paperType: 'Research Paper!' }, 'paperType'],
      [{ clientId: 5 }, 'clientId'],
      [{ topic: 'x'.repeat(301) }, 'topic'],
    ] as const) {
      const res = await api('patch', `/orders/${body.id}`).send(patch).expect(400);
      expect(res.body.error.fields, JSON.stringify(patch)).toHaveProperty(field);
    }
    expect((await Order.findByPk(body.id))!.topic).toBe('Valid topic');
  });

  it('refuses to submit an incomplete order with the missing fields', async () => {
    const { body } = await api('post', '/orders').send({ topic: 'Incomplete' }).expect(201);
    const res = await api('post', `/orders/${body.id}/submit`).expect(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['academicLevel', 'deadline', 'pages', 'paperType', 'subject']);
  });

  it("answers 404 for another client's order and for another website's", async () => {
    const { body } = await api('post', '/orders').send({ topic: 'Private' }).expect(201);
    await api('get', `/orders/${body.id}`, tokenB, 'b.localhost').expect(404);
    await api('patch', `/orders/${body.id}`, tokenB, 'b.localhost').send({ pages: 2 }).expect(404);
    await api('get', '/orders/999999999').expect(404);
    await api('get', '/orders/abc').expect(400);
  });

  it('is for clients only', async () => {
    const res = await api('get', '/orders', writerToken).expect(403);
    expect(res.body.error.code).toBe('forbidden');
    await request(t.app).get('/api/v1/orders').set('Host', 'localhost').expect(401);
  });
});

describe('my orders list', () => {
  beforeAll(async () => {
    for (let i = 0; i < 7; i++)
      await api('post', '/orders')
        .send({ topic: i % 2 ? `Odd essay ${i}` : `Even essay ${i}` })
        .expect(201);
  });

  it('pages newest first with a cursor until the end', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await api('get', `/orders?limit=3${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      seen.push(...res.body.items.map((o: { id: number }) => o.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    const clientId = (await Order.findByPk(seen[0]))!.clientId;
    expect(seen.length).toBe(await Order.count({ where: { clientId: clientId! } }));
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });

  it('filters by status, text on topic or number, and creation dates', async () => {
    const odd = await api('get', '/orders?q=odd%20ESSAY&limit=50').expect(200);
    expect(odd.body.items).toHaveLength(3);
    const one = odd.body.items[0];
    const byNumber = await api('get', `/orders?q=${one.number}`).expect(200);
    expect(byNumber.body.items.map((o: { id: number }) => o.id)).toEqual([one.id]);
    const placed = await api('get', '/orders?status=pending_payment,ready_for_staffing&limit=50').expect(200);
    expect(placed.body.items.every((o: { status: string }) => o.status === 'pending_payment')).toBe(true);
    const future = await api('get', `/orders?createdFrom=${inDays(1)}`).expect(200);
    expect(future.body.items).toEqual([]);
    const wildcard = await api('get', '/orders?q=%25').expect(200);
    expect(wildcard.body.items).toEqual([]);
  });

  it('gives every order in the list as its detail gives it, dates cut to the millisecond', async () => {
    const [first, second] = (await api('get', '/orders?limit=50').expect(200)).body.items.map((o: { id: number }) => o.id as number);
    // A year past 9999 and a whole second; 999 microseconds that must be cut, not rounded; no date at all.
    await sql("UPDATE orders SET deadline = '12026-05-06 07:08:09.1+00', placed_at = '2026-01-02 03:04:06+00' WHERE id = $1", [first]);
    await sql(
      "UPDATE orders SET created_at = date_trunc('second', created_at) + interval '0.678999 second', placed_at = NULL WHERE id = $1",
      [second],
    );
    const list = (await api('get', '/orders?limit=50').expect(200)).body.items as Array<Record<string, unknown>>;
    const byId = new Map(list.map((item) => [item.id, item]));
    expect(byId.get(first)).toMatchObject({ deadline: '+012026-05-06T07:08:09.100Z', placedAt: '2026-01-02T03:04:06.000Z' });
    expect(byId.get(second)).toMatchObject({ placedAt: null, createdAt: expect.stringMatching(/:\d\d\.678Z$/) });
    for (const item of list) {
      const detail = (await api('get', `/orders/${item.id as number}`).expect(200)).body as Record<string, unknown>;
      expect(Object.fromEntries(Object.keys(item).map((key) => [key, detail[key]]))).toEqual(item);
    }
  });

  it('checks the session in the same statement: an empty page is a page, a revoked session or a suspended client a 401', async () => {
    const empty = await api('get', `/orders?createdFrom=${encodeURIComponent(inDays(3650))}`).expect(200);
    expect(empty.body).toEqual({ items: [], nextCursor: null });
    expect((await api('get', '/orders?q=no%20such%20topic%20anywhere').expect(200)).body.items).toEqual([]);

    const session = (await login(t.app, 'client@scriptorium.test')).accessToken;
    expect((await api('get', '/orders', session).expect(200)).body.items.length).toBeGreaterThan(0);
    await api('post', '/auth/logout', session).expect(204);
    expect((await api('get', '/orders', session).expect(401)).body.error.code).toBe('unauthorized');

    const [{ id }] = await sql<{ id: number }>(
      "UPDATE users SET status = 'suspended' WHERE email = 'client@scriptorium.test' RETURNING id",
      [],
    );
    try {
      await api('get', '/orders').expect(401);
    } finally {
      await sql('UPDATE users SET status = $1 WHERE id = $2', ['active', id]);
    }
    await api('get', '/orders').expect(200);
    // Signed in on website A, asking on B's host.
    await api('get', '/orders', token, 'b.localhost').expect(401);
  });

  it('refuses in order: no session 401, then the role 403, then bad filters 400', async () => {
    await request(t.app).get('/api/v1/orders?limit=1000').set('Host', 'localhost').expect(401);
    expect((await api('get', '/orders?limit=1000', writerToken).expect(403)).body.error.code).toBe('forbidden');
    await request(t.app).get('/api/v1/orders?cursor=garbage').set('Host', 'localhost').expect(401);
    expect((await api('get', '/orders?cursor=garbage', writerToken).expect(403)).body.error.code).toBe('forbidden');
  });

  it('refuses bad filters by name', async () => {
    expect((await api('get', '/orders?status=lost').expect(400)).body.error.fields).toHaveProperty('status.0');
    expect((await api('get', '/orders?limit=1000').expect(400)).body.error.fields).toHaveProperty('limit');
    expect((await api('get', '/orders?cursor=garbage').expect(400)).body.error.fields).toHaveProperty('cursor');
    // Well-formed but forged: the position is no timestamp (it would fail the query's cast).
    const forged = Buffer.from(JSON.stringify(['yesterday', 1])).toString('base64url');
    expect((await api('get', `/orders?cursor=${forged}`).expect(400)).body.error.fields).toHaveProperty('cursor');
    expect((await api('get', '/orders?sort=price').expect(400)).body.error.fields).toHaveProperty('sort');
  });
});
