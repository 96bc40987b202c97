import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../src/identity/models.js';
import { Order } from '../../src/orders/models.js';
import type { Actor } from '../../src/platform/actor.js';
import { clearWebsiteCache } from '../../src/tenancy/index.js';
import { Website } from '../../src/tenancy/models.js';
import { HOST_A, login } from '../identity/helpers.js';
import { actorFor, newWriter, paidOrder } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * The answer to POST /orders/:id/reviews is the review as GET /reviews/mine shows it: the order's
 * number and, for a writer review, the writer's pen name (they were null in the answer to the POST).
 */
type Who = Actor & { userId: number; websiteId: number };

let t: TestApp;
let client: Who;
let token: string;

beforeAll(async () => {
  t = await startTestApp();
  client = (await actorFor('client@scriptorium.test')) as Who;
  token = (await login(t.app, 'client@scriptorium.test')).accessToken;
  const website = (await Website.findByPk(client.websiteId))!;
  await website.update({ settings: { ...website.settings, reviewBurstLimit: 100 } as typeof website.settings });
  clearWebsiteCache();
});
afterAll(() => t?.close());

const post = (path: string, body: object) =>
  request(t.app).post(`/api/v1${path}`).set('Host', HOST_A).set('Authorization', `Bearer ${token}`).send(body);

async function completedOrder() {
  const writer = await newWriter(client.websiteId);
  const order = await paidOrder(client, { pages: 1 });
  const now = new Date();
  await Order.update(
    { writerId: writer.userId, status: 'completed', assignedAt: now, deliveredAt: now, completedAt: now },
    { where: { id: order.id } },
  );
  return { order, penName: (await User.findByPk(writer.userId))!.penName! };
}

describe('the answer to a new review', () => {
  it('names the order by its number and the writer by pen name, as the author’s list does', async () => {
    const { order, penName } = await completedOrder();
    const ofOrder = await post(`/orders/${order.id}/reviews`, { target: 'order', rating: 4, text: 'Solid work' }).expect(201);
    expect(ofOrder.body).toMatchObject({ target: 'order', orderId: order.id, orderNumber: order.number, writerPenName: null });
    const ofWriter = await post(`/orders/${order.id}/reviews`, { target: 'writer', rating: 5, text: 'Careful writer' }).expect(201);
    expect(ofWriter.body).toMatchObject({ target: 'writer', orderId: order.id, orderNumber: order.number, writerPenName: penName });

    const mine = await request(t.app).get('/api/v1/reviews/mine').set('Host', HOST_A).set('Authorization', `Bearer ${token}`).expect(200);
    for (const created of [ofOrder.body, ofWriter.body]) {
      expect(mine.body.items.find((r: { id: number }) => r.id === created.id)).toEqual(created);
    }
  });
});
