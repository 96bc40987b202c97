import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { User } from '../../src/identity/models.js';
import { Order } from '../../src/orders/models.js';
import type { Actor } from '../../src/platform/actor.js';
import { Review } from '../../src/reviews/models.js';
import { recountRatings, reviewWebsite, websiteRating, writerRating } from '../../src/reviews/index.js';
import { clearWebsiteCache } from '../../src/tenancy/index.js';
import { Website } from '../../src/tenancy/models.js';
import { HOST_A, HOST_B, login } from '../identity/helpers.js';
import { actorFor, newClient, newWriter, paidOrder } from '../orders/fixtures.js';
import { adminGet, adminPost, listedIds, recordActions, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';

/**
 * Reviews as their users meet them, through HTTP: a client reviews a completed order and its
 * writer (once each) and the website; a review with a link or contact details is flagged and
 * never public; staff approve, shadow, reject in the back office (one at a time or in bulk), and
 * the public lists of the website and of the writer, and their ratings, follow in the same
 * transaction; a shadowed review is seen by its author only; the refusals hold.
 */
type Who = Actor & { userId: number; websiteId: number };

let t: TestApp;
let client: Who;
let token: string;
let writerToken: string;
let admin: Agent;
let support: Agent;
let adminB: Agent;
const reviews = recordActions('reviews');

beforeAll(async () => {
  t = await startAdminApp();
  client = (await actorFor('client@scriptorium.test')) as Who;
  token = (await login(t.app, 'client@scriptorium.test')).accessToken;
  writerToken = (await login(t.app, 'writer@scriptorium.test')).accessToken;
  // This file's one client writes many reviews in a minute: the burst signal is tested on its own below.
  await allowBursts(client.websiteId);
  ({ admin, support, adminB } = await signInStaff(t.app));
});
afterAll(() => t?.close());

const as = (bearer: string, host = HOST_A) => ({
  post: (path: string, body: object) =>
    request(t.app).post(`/api/v1${path}`).set('Host', host).set('Authorization', `Bearer ${bearer}`).send(body),
  get: (path: string) => request(t.app).get(`/api/v1${path}`).set('Host', host).set('Authorization', `Bearer ${bearer}`),
});
const visitor = (path: string, host = HOST_A) => request(t.app).get(`/api/v1${path}`).set('Host', host);

/** A completed order of the demo client, written by a fresh writer (so their rating starts empty). */
async function completedOrder(status: 'completed' | 'submitted' = 'completed') {
  const writer = await newWriter(client.websiteId);
  const order = await paidOrder(client, { pages: 1 });
  await Order.update(
    {
      writerId: writer.userId,
      status,
      assignedAt: new Date(),
      deliveredAt: new Date(),
      ...(status === 'completed' ? { completedAt: new Date() } : {}),
    },
    { where: { id: order.id } },
  );
  const penName = (await User.findByPk(writer.userId))!.penName!;
  return { order, writerId: writer.userId, penName };
}

async function allowBursts(websiteId: number, reviewBurstLimit = 100) {
  const website = (await Website.findByPk(websiteId))!;
  await website.update({ settings: { ...website.settings, reviewBurstLimit } as typeof website.settings });
  clearWebsiteCache();
}

const publicIds = async (path = '/public/reviews', host = HOST_A) =>
  ((await visitor(path, host).expect(200)).body.items as Array<{ id: number }>).map((r) => r.id);

describe('writing reviews', () => {
  it('a review with a link is flagged with its reasons, audited, not public; its author sees it waiting', async () => {
    const { order } = await completedOrder();
    const res = await as(token)
      .post(`/orders/${order.id}/reviews`, { target: 'order', rating: 5, text: 'Great paper! More samples at www.cheap-essays.com' })
      .expect(201);
    expect(res.body).toMatchObject({ target: 'order', orderId: order.id, rating: 5, status: 'pending' });
    const stored = (await Review.findByPk(res.body.id))!;
    expect(stored).toMatchObject({ status: 'flagged', signals: ['link'], visibility: 'public' });
    expect(stored.moderationReason).toMatch(/link/);
    const audit = await AuditLog.findOne({ where: { action: 'review.create', targetId: String(stored.id) } });
    expect(audit?.changes).toMatchObject({ after: { status: 'flagged', signals: ['link'] } });

    expect(await publicIds()).not.toContain(stored.id);
    const mine = await as(token).get('/reviews/mine').expect(200);
    expect(mine.body.items.map((r: { id: number }) => r.id)).toContain(stored.id);

    // Contact details too; the queue lists both first.
    const other = await completedOrder();
    const contact = await as(token)
      .post(`/orders/${other.order.id}/reviews`, { target: 'order', rating: 4, text: 'Write me at jane.doe@gmail.com for more' })
      .expect(201);
    expect((await Review.findByPk(contact.body.id))!.signals).toEqual(['contact']);
    const queue = await adminGet(admin, 'reviews/actions/list?filters.awaitingModeration=true&perPage=100').expect(200);
    expect(listedIds(queue.body)).toEqual(expect.arrayContaining([stored.id, contact.body.id]));

    // Approved for its content, it is public with the address masked; its author still reads it whole.
    await reviews.act(support, contact.body.id, 'approve').expect(200);
    const shown = ((await visitor('/public/reviews?limit=100').expect(200)).body.items as Array<{ id: number; text: string }>).find(
      (r) => r.id === contact.body.id,
    );
    expect(shown?.text).toMatch(/^Write me at .+ for more$/);
    expect(shown?.text).not.toContain('jane.doe');
    const own = (await as(token).get('/reviews/mine').expect(200)).body.items.find((r: { id: number }) => r.id === contact.body.id);
    expect(own.text).toBe('Write me at jane.doe@gmail.com for more');
  });

  it('an approved review is public and moves the writer’s and the website’s rating; shadowed, only its author sees it', async () => {
    const { order, writerId, penName } = await completedOrder();
    const websiteBefore = await websiteRating(client.websiteId);
    const res = await as(token)
      .post(`/orders/${order.id}/reviews`, { target: 'writer', rating: 4, text: 'Careful work, on time.' })
      .expect(201);
    const id = res.body.id as number;
    expect(await Review.findByPk(id)).toMatchObject({ status: 'pending', writerId, signals: [] });
    expect(await publicIds()).not.toContain(id);

    const approved = await reviews.act(support, id, 'approve').expect(200);
    expect(approved.body.notice, JSON.stringify(approved.body)).toMatchObject({ type: 'success' });
    expect(await writerRating(writerId)).toEqual({ count: 1, average: 4 });
    expect(await websiteRating(client.websiteId)).toMatchObject({ count: websiteBefore.count + 1 });

    const list = await visitor('/public/reviews').expect(200);
    expect(list.body.items.map((r: { id: number }) => r.id)).toContain(id);
    expect(list.body.rating.count).toBe(websiteBefore.count + 1);
    const byWriter = await visitor(`/public/writers/${encodeURIComponent(penName)}/reviews`).expect(200);
    expect(byWriter.body).toMatchObject({ writer: { penName }, rating: { count: 1, average: 4 } });
    expect(byWriter.body.items).toEqual([
      { id, target: 'writer', rating: 4, text: 'Careful work, on time.', writerPenName: penName, createdAt: expect.any(String) },
    ]);
    // Nothing names the client: no user id, registration id, e-mail or order.
    const reviewer = (await User.findByPk(client.userId))!;
    const body = JSON.stringify(list.body) + JSON.stringify(byWriter.body);
    for (const secret of [reviewer.registrationId, reviewer.email, order.number, 'reviewerId', 'orderId'])
      expect(body).not.toContain(secret);
    // Website B never shows website A's reviews.
    expect(await publicIds('/public/reviews', HOST_B)).not.toContain(id);
    await visitor(`/public/writers/${encodeURIComponent(penName)}/reviews`, HOST_B).expect(404);

    const shadowed = await reviews.act(admin, id, 'shadow', { reason: 'Suspected paid review' }).expect(200);
    expect(shadowed.body.notice, JSON.stringify(shadowed.body.notice)).toMatchObject({ type: 'success' });
    expect(await Review.findByPk(id)).toMatchObject({
      status: 'approved',
      visibility: 'shadowed',
      moderationReason: 'Suspected paid review',
    });
    expect(await publicIds()).not.toContain(id);
    expect(await publicIds(`/public/writers/${encodeURIComponent(penName)}/reviews`)).toEqual([]);
    expect(await writerRating(writerId)).toEqual({ count: 0, average: null });
    const mine = await as(token).get('/reviews/mine').expect(200);
    expect(mine.body.items.find((r: { id: number }) => r.id === id)).toMatchObject({ status: 'approved', rating: 4 });
    expect(await AuditLog.count({ where: { action: ['review.approve', 'review.shadow'], targetId: String(id) } })).toBe(2);
    // The stored totals equal a recount from the reviews.
    expect(await recountRatings()).toBe(0);
  });

  it('one review per reviewer per target: a second one is a 409, and the website is reviewed once', async () => {
    const { order } = await completedOrder();
    await as(token).post(`/orders/${order.id}/reviews`, { target: 'order', rating: 3 }).expect(201);
    await as(token).post(`/orders/${order.id}/reviews`, { target: 'writer', rating: 5 }).expect(201);
    const again = await as(token).post(`/orders/${order.id}/reviews`, { target: 'order', rating: 5, text: 'Changed my mind' }).expect(409);
    expect(again.body.error.code).toBe('conflict');
    await as(token).post(`/orders/${order.id}/reviews`, { target: 'writer', rating: 1 }).expect(409);

    const first = await as(token).post('/reviews/website', { rating: 5, text: 'Easy ordering.' });
    expect([201, 409]).toContain(first.status); // another test of this file may have reviewed the website already
    await as(token).post('/reviews/website', { rating: 1 }).expect(409);
    expect(await Review.count({ where: { reviewerId: client.userId, target: 'website' } })).toBe(1);
  });

  it('refuses what it must: an order not completed, another client’s order, a writer reviewing, bad input, another website', async () => {
    const open = await completedOrder('submitted');
    const notDone = await as(token).post(`/orders/${open.order.id}/reviews`, { target: 'order', rating: 4 }).expect(409);
    expect(notDone.body.error).toMatchObject({ code: 'conflict', currentStatus: 'submitted' });

    // Another client's completed order is not found.
    const other = await newClient(client.websiteId);
    const theirs = await paidOrder(other, { pages: 1 });
    await Order.update({ status: 'completed', completedAt: new Date() }, { where: { id: theirs.id } });
    await as(token).post(`/orders/${theirs.id}/reviews`, { target: 'order', rating: 4 }).expect(404);

    const { order } = await completedOrder();
    const writerTry = await as(writerToken).post(`/orders/${order.id}/reviews`, { target: 'order', rating: 1 }).expect(403);
    expect(writerTry.body.error.message).toMatch(/Writers may not review/);
    await as(writerToken).post('/reviews/website', { rating: 1 }).expect(403);

    const bad = await as(token).post(`/orders/${order.id}/reviews`, { target: 'order', rating: 6 }).expect(400);
    expect(Object.keys(bad.body.error.fields)).toContain('rating');
    await as(token).post(`/orders/${order.id}/reviews`, { target: 'client', rating: 3 }).expect(400);

    // Website B's client cannot review website A's order; A's token does not work on B.
    const tokenB = (await login(t.app, 'client@b.scriptorium.test', { host: HOST_B })).accessToken;
    const { order: orderA } = await completedOrder();
    await as(tokenB, HOST_B).post(`/orders/${orderA.id}/reviews`, { target: 'order', rating: 2 }).expect(404);
    const crossed = await as(token, HOST_B).post(`/orders/${orderA.id}/reviews`, { target: 'order', rating: 2 });
    expect([401, 403, 404]).toContain(crossed.status);
    expect(await Review.count({ where: { orderId: orderA.id } })).toBe(0);
  });
});

describe('moderation in the back office', () => {
  it('the queue filters by status, visibility, target, rating, signal and website', async () => {
    for (const filter of [
      'status=flagged',
      'visibility=public',
      'target=writer',
      'rating=1',
      'signals=link',
      `websiteId=${client.websiteId}`,
      'awaitingModeration=true',
    ]) {
      const res = await adminGet(admin, `reviews/actions/list?filters.${filter}&sortBy=awaitingModeration&direction=desc`);
      expect(res.status, `${filter}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
      expect(res.body.records, filter).toBeDefined();
    }
  });

  it('website B’s admin cannot see or moderate website A’s reviews; support decides; a reason is required to reject', async () => {
    const { order } = await completedOrder();
    const res = await as(token).post(`/orders/${order.id}/reviews`, { target: 'order', rating: 2, text: 'Too late.' }).expect(201);
    const id = res.body.id as number;

    const listB = await adminGet(adminB, 'reviews/actions/list?perPage=100', HOST_B).expect(200);
    expect(listedIds(listB.body)).not.toContain(id);
    const refused = await reviews.act(adminB, id, 'approve', {}, HOST_B).expect((r) => expect([200, 404]).toContain(r.status));
    expect(JSON.stringify(refused.body)).not.toContain('"type":"success"');
    expect((await Review.findByPk(id))!.status).toBe('pending');

    const noReason = await reviews.act(support, id, 'reject').expect(200);
    expect(noReason.body.notice).toMatchObject({ type: 'error', message: expect.stringMatching(/reason/i) });
    // A GET shows the confirmation and changes nothing.
    await reviews.get(support, id, 'reject').expect(200);
    expect((await Review.findByPk(id))!.status).toBe('pending');

    await reviews.act(support, id, 'reject', { reason: 'Not about the paper' }).expect(200);
    expect(await Review.findByPk(id)).toMatchObject({ status: 'rejected', visibility: 'removed', moderationReason: 'Not about the paper' });
    const twice = await reviews.act(support, id, 'reject', { reason: 'again' }).expect(200);
    expect(twice.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('rejected') });
    expect(await AuditLog.count({ where: { action: 'review.reject', targetId: String(id) } })).toBe(1);
  });

  it('bulkApprove and bulkReject decide exactly the reviews chosen, each audited; another website’s id is refused', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { order } = await completedOrder();
      ids.push(
        (
          await as(token)
            .post(`/orders/${order.id}/reviews`, { target: 'order', rating: 3 + (i % 2) })
            .expect(201)
        ).body.id,
      );
    }
    const websiteB = (await Website.findOne({ where: { slug: 'scriptorium-b' } }))!;
    const clientB = (await actorFor('client@b.scriptorium.test')) as Who;
    const foreign = await Review.create({
      websiteId: websiteB.id,
      reviewerId: clientB.userId,
      target: 'website',
      orderId: null,
      writerId: null,
      rating: 1,
      text: null,
    });

    const before = await websiteRating(client.websiteId);
    const approved = await adminPost(admin, `reviews/bulk/bulkApprove?recordIds=${ids[0]},${ids[1]},${foreign.id}`).expect(200);
    expect(approved.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('2 of 3') });
    expect(approved.body.results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: ids[0], ok: true, status: 'approved' }),
        expect.objectContaining({ id: foreign.id, ok: false }),
      ]),
    );
    expect((await Review.findByPk(foreign.id))!.status).toBe('pending');
    expect((await Review.findByPk(ids[2]))!.status).toBe('pending');
    expect(await websiteRating(client.websiteId)).toMatchObject({ count: before.count + 2 });

    const noReason = await adminPost(admin, `reviews/bulk/bulkReject?recordIds=${ids[2]}`).expect(200);
    expect(noReason.body.notice).toMatchObject({ type: 'error' });
    const rejected = await adminPost(admin, `reviews/bulk/bulkReject?recordIds=${ids[0]},${ids[2]}`, { reason: 'Spam wave' }).expect(200);
    expect(rejected.body.notice).toMatchObject({ type: 'success', message: 'All 2 rejected' });
    expect(await Review.count({ where: { id: [ids[0]!, ids[2]!], status: 'rejected' } })).toBe(2);
    expect(await websiteRating(client.websiteId)).toMatchObject({ count: before.count + 1 });
    expect(await AuditLog.count({ where: { action: 'review.reject', targetId: [String(ids[0]), String(ids[2])] } })).toBe(2);
    expect(await recountRatings()).toBe(0);
  });
});

describe('spam signals through HTTP, with website B’s own settings', () => {
  it('a burst from one account, a text repeated from another account and a word of the website’s list are flagged', async () => {
    const websiteB = (await Website.findOne({ where: { slug: 'scriptorium-b' } }))!;
    const clientB = (await actorFor('client@b.scriptorium.test')) as Who;
    // A burst: the third review from now on (whatever this file had the client write before).
    const reviewBurstLimit = (await Review.count({ where: { reviewerId: clientB.userId } })) + 2;
    await websiteB.update({ settings: { ...websiteB.settings, reviewProfanity: ['scam'], reviewBurstLimit } as typeof websiteB.settings });
    clearWebsiteCache();
    const tokenB = (await login(t.app, 'client@b.scriptorium.test', { host: HOST_B })).accessToken;
    const orderOf = async () => {
      const writer = await newWriter(websiteB.id);
      const order = await paidOrder(clientB, { pages: 1 });
      await Order.update({ writerId: writer.userId, status: 'completed', completedAt: new Date() }, { where: { id: order.id } });
      return order;
    };
    const post = async (text: string | null) => {
      const res = await as(tokenB, HOST_B)
        .post(`/orders/${(await orderOf()).id}/reviews`, { target: 'order', rating: 5, text })
        .expect(201);
      return (await Review.findByPk(res.body.id))!;
    };

    const repeatedText = 'The best writing service I have ever used, five stars from me';
    const someoneElse = await newClient(websiteB.id);
    await reviewWebsite(someoneElse, { rating: 5, text: repeatedText });

    expect(await post('Solid work.')).toMatchObject({ status: 'pending', signals: [] });
    expect(await post(repeatedText.toUpperCase() + '!!')).toMatchObject({ status: 'flagged', signals: ['repeated'] });
    const third = await post('What a SCAM, the paper was late');
    expect(third).toMatchObject({ status: 'flagged', signals: ['burst', 'profanity'] });
    expect(third.moderationReason).toBe('Flagged automatically: too many reviews from one account in a short time; profanity (scam)');
    // Flagged ones are not public on website B.
    const listed = await publicIds('/public/reviews', HOST_B);
    expect(listed).not.toContain(third.id);
  });
});
