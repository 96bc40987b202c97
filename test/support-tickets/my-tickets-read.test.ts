import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/actor.js';
import { sql } from '../../src/platform/database.js';
import { listMyTickets, openTicket } from '../../src/support/index.js';
import { HOST_A, HOST_B, login } from '../identity/helpers.js';
import { actorFor, paidOrder } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * GET /api/v1/support/tickets answers from a read model (src/support/read-models/my-tickets.ts:
 * raw SQL in the session check's statement, timestamps read as text). Its pages must be exactly
 * those of listMyTickets, the same list read through the models: every page, with and without a
 * status filter, for a client and a writer, beside other customers' and another website's tickets;
 * and it refuses as the other support routes do (401, 403, then 400).
 */
let t: TestApp;
let client: Actor;
let writer: Actor;
const tokens: Record<string, string> = {};

const list = (token: string, query = '', host = HOST_A) =>
  request(t.app).get(`/api/v1/support/tickets${query}`).set('Host', host).set('Authorization', `Bearer ${token}`);

const ticket = (actor: Actor, n: number, orderId?: number) =>
  openTicket(actor, {
    subject: `Question ${n}`,
    body: `Details of question ${n}`,
    category: n % 2 ? 'order' : 'account',
    priority: (['low', 'normal', 'high', 'urgent'] as const)[n % 4],
    ...(orderId ? { orderId } : {}),
  });

beforeAll(async () => {
  t = await startTestApp();
  client = await actorFor('client@scriptorium.test');
  writer = await actorFor('writer@scriptorium.test');
  const clientB = await actorFor('client@b.scriptorium.test');
  for (const [email, host] of [
    ['client@scriptorium.test', HOST_A],
    ['writer@scriptorium.test', HOST_A],
    ['editor@scriptorium.test', HOST_A],
    ['client@b.scriptorium.test', HOST_B],
  ] as const)
    tokens[email] = (await login(t.app, email, { host })).accessToken;

  const order = await paidOrder(client, { topic: 'Ticketed order' });
  const ids: number[] = [];
  for (let n = 1; n <= 7; n++) ids.push((await ticket(client, n, n % 3 === 0 ? order.id : undefined)).id);
  for (let n = 1; n <= 3; n++) await ticket(writer, n);
  await ticket(clientB, 1);
  // Statuses and timestamps the list shows, microseconds included (the read model prints them as text).
  await sql(
    `UPDATE tickets SET status = 'resolved', first_responded_at = '2026-03-04 05:06:07.123456+00', resolved_at = '2026-03-05 01:02:03.9+00'
      WHERE id = ANY($1)`,
    [[ids[1], ids[4]]],
  );
  await sql(`UPDATE tickets SET status = 'closed', closed_at = '2026-03-06 00:00:00+00', updated_at = now() WHERE id = $1`, [ids[5]]);
});
afterAll(() => t?.close());

/** Every page of the API's list and of listMyTickets for the same query, side by side. */
async function bothWalks(actor: Actor, token: string, filter: { status?: 'open' | 'resolved' | 'closed' }, limit: number) {
  const api: unknown[] = [];
  const models: unknown[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({
      limit: String(limit),
      ...(filter.status ? { status: filter.status } : {}),
      ...(cursor ? { cursor } : {}),
    });
    const res = await list(token, `?${query}`).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    api.push(res.body);
    const page = await listMyTickets(actor, { limit, ...filter, ...(cursor ? { cursor } : {}) });
    models.push(JSON.parse(JSON.stringify(page)));
    cursor = res.body.nextCursor ?? undefined;
  } while (cursor && api.length < 20);
  return { api, models };
}

describe('GET /api/v1/support/tickets (read model)', () => {
  it('gives exactly the pages listMyTickets gives, for a client and a writer, with and without a status', async () => {
    for (const [actor, token] of [
      [client, tokens['client@scriptorium.test']!],
      [writer, tokens['writer@scriptorium.test']!],
    ] as const) {
      for (const filter of [{}, { status: 'open' as const }, { status: 'resolved' as const }, { status: 'closed' as const }]) {
        for (const limit of [2, 20]) {
          const { api, models } = await bothWalks(actor, token, filter, limit);
          expect(api).toEqual(models);
        }
      }
    }
    // What the walk compared is the customer's own list, order numbers and timestamps included.
    const all = (await list(tokens['client@scriptorium.test']!, '?limit=100').expect(200)).body;
    expect(all.items).toHaveLength(7);
    expect(all.items.filter((i: { orderNumber: string | null }) => i.orderNumber !== null)).toHaveLength(2);
    const resolved = all.items.find((i: { status: string }) => i.status === 'resolved');
    expect(resolved).toMatchObject({ firstRespondedAt: '2026-03-04T05:06:07.123Z', resolvedAt: '2026-03-05T01:02:03.900Z' });
    expect((await list(tokens['writer@scriptorium.test']!, '?limit=100').expect(200)).body.items).toHaveLength(3);
    const onB = (await list(tokens['client@b.scriptorium.test']!, '?limit=100', HOST_B).expect(200)).body;
    expect(onB.items.map((i: { subject: string }) => i.subject)).toEqual(['Question 1']);
  });

  it('refuses as the other support routes: 401 without a live session, 403 for staff, then 400 naming the field', async () => {
    await request(t.app).get('/api/v1/support/tickets').set('Host', HOST_A).expect(401);
    await request(t.app).get('/api/v1/support/tickets?limit=0').set('Host', HOST_A).expect(401);
    await list('not-a-token').expect(401);
    await list(tokens['editor@scriptorium.test']!).expect(403);
    await list(tokens['editor@scriptorium.test']!, '?limit=0').expect(403);
    const bad = await list(tokens['client@scriptorium.test']!, '?limit=0').expect(400);
    expect(bad.body.error.fields).toHaveProperty('limit');
    const status = await list(tokens['client@scriptorium.test']!, '?status=lost').expect(400);
    expect(status.body.error.fields).toHaveProperty('status');
    const cursor = await list(tokens['client@scriptorium.test']!, '?cursor=nonsense').expect(400);
    expect(cursor.body.error.fields).toHaveProperty('cursor');
    // A token of website A's client on website B's host is not a live session there.
    await list(tokens['client@scriptorium.test']!, '', HOST_B).expect(401);
  });
});
