import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchBackOffice } from '../../src/analytics/search/index.js';
import { User } from '../../src/identity/models.js';
import type { Actor } from '../../src/platform/actor.js';
import { inTransaction } from '../../src/platform/database.js';
import { AppError } from '../../src/platform/errors.js';
import { postMessage } from '../../src/orders/messages/service/post.js';
import { Order } from '../../src/orders/models.js';
import { Payment } from '../../src/payments/models.js';
import { openTicket } from '../../src/support/index.js';
import { actorFor, newClient, newWriter, paidOrder } from '../orders/fixtures.js';
import { orderWithWriter } from '../orders/messages-fixtures.js';
import { signIn, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { websiteBySlug } from '../admin/helpers.js';

/**
 * The back-office search (issue 14): GET /admin/search behind the admin session, and the service
 * behind it. Each kind of record is found by what staff type; identifiers rank before full text,
 * full text before a corrected typo; staff see their website only (the superadmin every one), and
 * support what the back office lists to support.
 */
let t: TestApp;
let admin: Agent;
let support: Agent;
let adminB: Agent;
let superadmin: Agent;
let actors: { admin: Actor; support: Actor; adminB: Actor; superadmin: Actor };
const seen: Record<string, { id: number; number?: string; receipt?: string; registrationId?: string; email?: string }> = {};

type Result = { type: string; id: number; title: string; url: string };
const search = (agent: Agent, q: string, host = 'localhost') =>
  agent.get('/admin/search').query({ q }).set('Host', host).set('Accept', 'application/json');
const ids = (body: { results: Result[] }, type: string) => body.results.filter((r) => r.type === type).map((r) => r.id);

beforeAll(async () => {
  t = await startAdminApp();
  ({ admin, support, adminB } = await signInStaff(t.app));
  superadmin = await signIn(t.app, 'superadmin@scriptorium.test');
  actors = {
    admin: await actorFor('admin@scriptorium.test'),
    support: await actorFor('support@scriptorium.test'),
    adminB: await actorFor('admin@b.scriptorium.test'),
    superadmin: await actorFor('superadmin@scriptorium.test'),
  };
  const siteA = (await websiteBySlug('scriptorium-a')).id;
  const siteB = (await websiteBySlug('scriptorium-b')).id;

  const clientA = await newClient(siteA);
  await inTransaction(() => User.update({ displayName: 'Zebulon Quartermaine' }, { where: { id: clientA.userId } }));
  const clientB = await newClient(siteB);
  const orderA = await paidOrder(clientA, { topic: 'Photosynthesis in desert succulents' });
  const orderB = await paidOrder(clientB, { topic: 'Photosynthesis in alpine mosses' });
  const paymentA = (await Payment.findOne({ where: { orderId: orderA.id, status: 'succeeded' } }))!;
  const paymentB = (await Payment.findOne({ where: { orderId: orderB.id, status: 'succeeded' } }))!;
  // An order whose topic names order A's number: the number itself must still come first.
  const mention = await paidOrder(clientA, { topic: `Follow-up to order ${orderA.number}` });
  const message = await postMessage(clientA, orderA.id, 'client_support', 'Please double-check the xerophyte citations');
  const writer = await newWriter(siteA);
  await inTransaction(() => User.update({ penName: 'Quill Nightingale' }, { where: { id: writer.userId } }));
  const withWriter = await orderWithWriter(clientA, actors.admin, writer.userId);
  const held = await postMessage(clientA, withWriter.id, 'client_writer', 'My cactus notes are at https://example.com/cactus');
  expect(held.status).toBe('held');
  const ticket = await openTicket(clientA, {
    subject: 'Refund question',
    body: 'Where is my marzipan refund?',
    category: 'payment',
    priority: 'normal',
  });
  const userA = (await User.findByPk(clientA.userId))!;
  Object.assign(seen, {
    orderA: { id: orderA.id, number: orderA.number },
    orderB: { id: orderB.id, number: orderB.number },
    mention: { id: mention.id },
    paymentA: { id: paymentA.id, receipt: paymentA.receiptNumber! },
    paymentB: { id: paymentB.id, receipt: paymentB.receiptNumber! },
    userA: { id: userA.id, registrationId: userA.registrationId, email: userA.email },
    writer: { id: writer.userId },
    message: { id: message.id },
    held: { id: held.id },
    ticket: { id: ticket.id },
  });
});
afterAll(() => t?.close());

describe('GET /admin/search finds each kind of record', () => {
  it('an order by its number, first, with the JSON shape exactly', async () => {
    const res = await search(admin, seen.orderA!.number!).expect(200);
    expect(Object.keys(res.body)).toEqual(['results']);
    const first = res.body.results[0] as Result;
    expect(first).toEqual({
      type: 'order',
      id: seen.orderA!.id,
      title: expect.stringContaining(`Order ${seen.orderA!.number}`),
      url: `/admin/resources/orders/records/${seen.orderA!.id}/show`,
    });
    for (const r of res.body.results as Result[]) {
      expect(Object.keys(r).sort()).toEqual(['id', 'title', 'type', 'url']);
      expect(typeof r.id).toBe('number');
      expect(r.url).toMatch(/^\/admin\/resources\/[a-z_]+\/records\/\d+\/show$/);
    }
    // The order whose topic mentions the number is found too, after it (full text ranks below identifiers).
    expect(ids(res.body, 'order')).toContain(seen.mention!.id);
    expect(ids(res.body, 'order').indexOf(seen.orderA!.id)).toBeLessThan(ids(res.body, 'order').indexOf(seen.mention!.id));
  });

  it('an order by a word of its topic', async () => {
    const res = await search(admin, 'succulents').expect(200);
    expect(ids(res.body, 'order')).toEqual([seen.orderA!.id]);
  });

  it('a person by registration id, email, name and a writer by pen name', async () => {
    const { id, registrationId, email } = seen.userA!;
    for (const q of [registrationId!, registrationId!.toLowerCase(), email!, 'Quartermaine', 'zebulon quar']) {
      const res = await search(admin, q).expect(200);
      expect(ids(res.body, 'user'), q).toContain(id);
      expect(res.body.results.find((r: Result) => r.type === 'user' && r.id === id).url).toBe(`/admin/resources/users/records/${id}/show`);
    }
    const exact = await search(admin, email!).expect(200);
    expect(exact.body.results[0]).toMatchObject({ type: 'user', id });
    const pen = await search(admin, 'Nightingale').expect(200);
    expect(ids(pen.body, 'user')).toContain(seen.writer!.id);
  });

  it('a payment by receipt number', async () => {
    const res = await search(admin, seen.paymentA!.receipt!).expect(200);
    expect(res.body.results[0]).toMatchObject({
      type: 'payment',
      id: seen.paymentA!.id,
      url: `/admin/resources/payments/records/${seen.paymentA!.id}/show`,
    });
  });

  it('order messages (held ones included) and ticket messages by a word of their body', async () => {
    const res = await search(admin, 'xerophyte').expect(200);
    expect(res.body.results).toEqual([
      expect.objectContaining({
        type: 'message',
        id: seen.message!.id,
        url: `/admin/resources/order_messages/records/${seen.message!.id}/show`,
      }),
    ]);
    const held = await search(admin, 'cactus').expect(200);
    expect(held.body.results[0]).toMatchObject({ type: 'message', id: seen.held!.id, title: expect.stringContaining('(held)') });
    const ticket = await search(admin, 'marzipan').expect(200);
    expect(ticket.body.results[0]).toMatchObject({
      type: 'ticket_message',
      url: `/admin/resources/tickets/records/${seen.ticket!.id}/show`,
    });
  });

  it('a typo is corrected to a word the texts use', async () => {
    const res = await search(admin, 'photosynthsis').expect(200);
    expect(ids(res.body, 'order')).toEqual([seen.orderA!.id]);
    const answer = await searchBackOffice(actors.admin, { q: 'succulnets' });
    expect(answer.correctedQuery).toBe('succulents');
    expect(answer.results.map((r) => r.id)).toEqual([seen.orderA!.id]);
    expect((await searchBackOffice(actors.admin, { q: 'succulents' })).correctedQuery).toBeNull();
  });
});

describe('who finds what', () => {
  it("an admin never finds another website's records; the superadmin finds both", async () => {
    const a = await search(admin, 'photosynthesis').expect(200);
    expect(ids(a.body, 'order')).toEqual([seen.orderA!.id]);
    const b = await search(adminB, 'photosynthesis', 'b.localhost').expect(200);
    expect(ids(b.body, 'order')).toEqual([seen.orderB!.id]);
    const all = await search(superadmin, 'photosynthesis').expect(200);
    expect(ids(all.body, 'order').sort()).toEqual([seen.orderA!.id, seen.orderB!.id].sort());

    const receiptB = await search(admin, seen.paymentB!.receipt!).expect(200);
    expect(ids(receiptB.body, 'payment')).not.toContain(seen.paymentB!.id);
    const numberB = await search(admin, seen.orderB!.number!).expect(200);
    expect(ids(numberB.body, 'order')).not.toContain(seen.orderB!.id);
    const typo = await search(adminB, 'succulnets', 'b.localhost').expect(200);
    expect(typo.body.results).toEqual([]);
  });

  it('support finds what the back office lists to support (payments, held messages) on its website only', async () => {
    const payment = await search(support, seen.paymentA!.receipt!).expect(200);
    expect(ids(payment.body, 'payment')).toContain(seen.paymentA!.id);
    const held = await search(support, 'cactus').expect(200);
    expect(ids(held.body, 'message')).toEqual([seen.held!.id]);
    const other = await search(support, 'alpine').expect(200);
    expect(other.body.results).toEqual([]);
    const service = await searchBackOffice(actors.support, { q: seen.paymentB!.receipt! });
    expect(service.results.filter((r) => r.type === 'payment').map((r) => r.id)).not.toContain(seen.paymentB!.id);
  });

  it('only staff search, whatever the caller', async () => {
    const client = await newClient(actors.admin.websiteId!);
    await expect(searchBackOffice(client, { q: 'photosynthesis' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(searchBackOffice({ ...actors.admin, websiteId: null }, { q: 'photosynthesis' })).rejects.toBeInstanceOf(AppError);
  });
});

describe('the request', () => {
  it('answers 400 naming q when q is empty or too short, and limit out of range', async () => {
    for (const q of ['', ' ', 'a']) {
      const res = await search(admin, q).expect(400);
      expect(res.body.error).toMatchObject({ code: 'validation_failed', fields: { q: expect.any(String) } });
    }
    const none = await admin.get('/admin/search').set('Accept', 'application/json').expect(400);
    expect(none.body.error.fields).toHaveProperty('q');
    const limit = await admin.get('/admin/search').query({ q: 'photosynthesis', limit: '0' }).set('Accept', 'application/json').expect(400);
    expect(limit.body.error.fields).toHaveProperty('limit');
    const one = await admin
      .get('/admin/search')
      .query({ q: seen.orderA!.number!, limit: '1' })
      .set('Accept', 'application/json')
      .expect(200);
    expect(one.body.results).toHaveLength(1);
  });

  it('answers the page: the box and the ranked results as links; empty or short q shows the empty page', async () => {
    const res = await admin.get('/admin/search').query({ q: 'succulents' }).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('action="/admin/search"');
    expect(res.text).toContain('value="succulents"');
    expect(res.text).toContain(`href="/admin/resources/orders/records/${seen.orderA!.id}/show"`);
    const empty = await admin.get('/admin/search').expect(200);
    expect(empty.text).toContain('name="q"');
    expect(empty.text).not.toContain('data-testid="search-results"');
    const short = await admin.get('/admin/search').query({ q: 'a' }).expect(200);
    expect(short.text).toContain('at least 2 characters');
    const hostile = await admin.get('/admin/search').query({ q: '<script>alert(1)</script>' }).expect(200);
    expect(hostile.text).not.toContain('<script>alert(1)</script>');
  });

  it('without a session: 401 JSON, or the login page', async () => {
    await request(t.app).get('/admin/search').query({ q: 'photosynthesis' }).set('Accept', 'application/json').expect(401);
    const page = await request(t.app).get('/admin/search').query({ q: 'photosynthesis' }).expect(302);
    expect(page.headers.location).toBe('/admin/login');
  });
});

describe('the lexicon follows the texts', () => {
  it('a new topic word is known at once (trigger), so its typo is corrected', async () => {
    const order = await Order.findByPk(seen.mention!.id);
    await inTransaction(() => Order.update({ topic: 'Bioluminescence of deep-sea squid' }, { where: { id: order!.id } }));
    const answer = await searchBackOffice(actors.admin, { q: 'bioluminesence' });
    expect(answer.correctedQuery).toBe('bioluminescence');
    expect(answer.results.map((r) => r.id)).toEqual([order!.id]);
  });
});
