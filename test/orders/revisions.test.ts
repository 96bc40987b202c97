import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import type { Actor } from '../../src/platform/actor.js';
import { Order, OrderEvent } from '../../src/orders/models.js';
import { OrderRevision } from '../../src/orders/revisions/models.js';
import { approveOrder, openDispute } from '../../src/orders/service/client-actions.js';
import { getWriterOrder } from '../../src/orders/service/writer-queries.js';
import { Payment } from '../../src/payments/index.js';
import { clock } from '../../src/platform/clock.js';
import { inTransaction } from '../../src/platform/database.js';
import { Website } from '../../src/tenancy/models.js';
import { HOST_A, login } from '../identity/helpers.js';
import { clientWithLogin, type ClientActor } from '../payments/fixtures.js';
import { DAY, deliveredOrder, HOUR, waitingRevision } from '../payments/revision-fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { actorFor } from './fixtures.js';

/** Asking for revisions through the API: free ones start at once, paid ones wait for their charge. */
let t: TestApp;
let client: ClientActor & { email: string };
let other: ClientActor & { email: string };
let admin: Actor;
let token: string;
let otherToken: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await actorFor('admin@scriptorium.test');
  client = await clientWithLogin(admin.websiteId!);
  other = await clientWithLogin(admin.websiteId!);
  token = (await login(t.app, client.email)).accessToken;
  otherToken = (await login(t.app, other.email)).accessToken;
});
afterEach(() => clock.reset());
afterAll(() => t?.close());

const as = (bearer: string) => ({
  ask: (orderId: number, body: Record<string, unknown>) =>
    request(t.app).post(`/api/v1/orders/${orderId}/revision`).set('Host', HOST_A).set('Authorization', `Bearer ${bearer}`).send(body),
  terms: (orderId: number, query: Record<string, string>) =>
    request(t.app)
      .get(`/api/v1/orders/${orderId}/revision-terms`)
      .query(query)
      .set('Host', HOST_A)
      .set('Authorization', `Bearer ${bearer}`),
  list: (orderId: number) =>
    request(t.app).get(`/api/v1/orders/${orderId}/revisions`).set('Host', HOST_A).set('Authorization', `Bearer ${bearer}`),
  withdraw: (orderId: number, revisionId: number) =>
    request(t.app)
      .post(`/api/v1/orders/${orderId}/revisions/${revisionId}/withdraw`)
      .set('Host', HOST_A)
      .set('Authorization', `Bearer ${bearer}`)
      .send(),
});
const inDays = (days: number) => new Date(clock.now().getTime() + days * DAY).toISOString();

describe('POST /api/v1/orders/:id/revision', () => {
  it('a free revision (inside 14 days, same instructions) starts at once and is listed as started', async () => {
    const { order } = await deliveredOrder(client, admin, 2);
    const res = await as(token).ask(order.id, { instructions: 'Please expand section two.', deadline: inDays(2) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.revision).toMatchObject({ status: 'started', paid: false, chargeCents: 0, reason: 'Free revision' });
    expect(res.body.order.status).toBe('revision_requested');
    expect(res.body.order.totalCents).toBe(order.totalCents);
    const listed = await as(token).list(order.id);
    expect(listed.body.items).toEqual([res.body.revision]);
  });

  it('a late revision is recorded awaiting payment at half the original price; the order stays delivered', async () => {
    const { order } = await deliveredOrder(client, admin, 15);
    const half = Math.floor((order.totalCents! + 1) / 2);
    const terms = await as(token).terms(order.id, { deadline: inDays(3) });
    expect(terms.status, JSON.stringify(terms.body)).toBe(200);
    expect(terms.body).toEqual({
      paid: true,
      chargeCents: half,
      currency: order.currency,
      reason: 'More than 14 days after delivery',
      paidSharePercent: 50,
    });

    const res = await as(token).ask(order.id, { instructions: 'Please rework the conclusion.', deadline: inDays(3) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.revision).toMatchObject({
      status: 'awaiting_payment',
      paid: true,
      chargeCents: half,
      currency: order.currency,
      settledAt: null,
    });
    expect(res.body.order).toMatchObject({ status: 'submitted', totalCents: order.totalCents });
    expect(res.body.order.timeline.at(-1)).toMatchObject({ action: 'revision_awaiting_payment', byRole: 'client' });
    expect(await AuditLog.count({ where: { action: 'order.revision_requested', targetId: String(order.id) } })).toBe(1);
    expect(await Payment.count({ where: { orderId: order.id, purpose: 'revision' } })).toBe(0);
  });

  it('changed instructions make even an early revision paid', async () => {
    const { order } = await deliveredOrder(client, admin, 1);
    const res = await as(token).ask(order.id, {
      instructions: 'New brief: argue the opposite.',
      deadline: inDays(2),
      instructionsChanged: true,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.revision).toMatchObject({
      status: 'awaiting_payment',
      reason: 'Changed instructions make the revision paid',
      instructionsChanged: true,
    });
  });

  it("prices with the website's percentage", async () => {
    const website = (await Website.findByPk(client.websiteId))!;
    const settings = website.settings;
    await inTransaction(() => website.update({ settings: { ...settings, revisionPaidSharePercent: 30 } }));
    try {
      const { order } = await deliveredOrder(client, admin, 20);
      const res = await as(token).ask(order.id, { instructions: 'Please rework the conclusion.', deadline: inDays(3) });
      expect(res.body.revision.chargeCents).toBe(Math.floor((order.totalCents! * 3 + 5) / 10)); // 30 %, half up
    } finally {
      await inTransaction(() => website.update({ settings }));
    }
  });

  it('one waits at a time: a second request is a 409 until the first is withdrawn', async () => {
    const { order, revision } = await waitingRevision(client, admin);
    const again = await as(token).ask(order.id, { instructions: 'And one more thing please.', deadline: inDays(3) });
    expect(again.status).toBe(409);
    expect(again.body.error.revisionId).toBe(revision.id);
    const withdrawn = await as(token).withdraw(order.id, revision.id);
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body).toMatchObject({ id: revision.id, status: 'withdrawn' });
    expect(withdrawn.body.settledAt).not.toBeNull();
    expect((await as(token).withdraw(order.id, revision.id)).status).toBe(409);
    expect(await AuditLog.count({ where: { action: 'order.revision_withdrawn', targetId: String(order.id) } })).toBe(1);
    const fresh = await as(token).ask(order.id, { instructions: 'And one more thing please.', deadline: inDays(3) });
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(201);
    expect((await as(token).list(order.id)).body.items.map((r: { status: string }) => r.status)).toEqual(['awaiting_payment', 'withdrawn']);
  });

  it("another client's order is a 404 everywhere; bad input is a 400 naming the field; a rushed deadline is refused", async () => {
    const { order, revision } = await waitingRevision(client, admin);
    expect((await as(otherToken).ask(order.id, { instructions: 'Please rework the conclusion.', deadline: inDays(3) })).status).toBe(404);
    expect((await as(otherToken).terms(order.id, { deadline: inDays(3) })).status).toBe(404);
    expect((await as(otherToken).list(order.id)).status).toBe(404);
    expect((await as(otherToken).withdraw(order.id, revision.id)).status).toBe(404);
    expect((await OrderRevision.findByPk(revision.id))!.status).toBe('awaiting_payment');

    const { order: early } = await deliveredOrder(client, admin, 1);
    const short = await as(token).ask(early.id, {
      instructions: 'Too short notice!',
      deadline: new Date(clock.now().getTime() + 3 * HOUR).toISOString(),
    });
    expect(short.status).toBe(400);
    expect(short.body.error.fields.deadline).toMatch(/24 hours/);
    const bad = await as(token).ask(early.id, { instructions: 'short', deadline: 'soon', extra: 1 });
    expect(bad.status).toBe(400);
    expect((await as(token).terms(early.id, { deadline: inDays(2), instructionsChanged: 'maybe' })).status).toBe(400);
    expect((await Order.findByPk(early.id))!.status).toBe('submitted');
  });
});

describe('what the writer sees', () => {
  it('nothing of a revision waiting for payment: the order stays delivered and the timeline shows no request', async () => {
    const { order, writer } = await waitingRevision(client, admin, 'Rework the conclusion, client-only note.');
    const seen = await getWriterOrder(writer, order.id);
    expect(seen.status).toBe('submitted');
    expect(seen.timeline!.map((e) => e.action)).not.toContain('revision_awaiting_payment');
    expect(JSON.stringify(seen)).not.toContain('client-only note');
  });
});

describe('a revision waiting for payment when the order moves on', () => {
  it('lapses when the client approves or disputes the order', async () => {
    const approved = await waitingRevision(client, admin);
    await approveOrder(client, approved.order.id);
    expect((await OrderRevision.findByPk(approved.revision.id))!.status).toBe('lapsed');
    expect(await OrderEvent.count({ where: { orderId: approved.order.id, action: 'revision_lapsed' } })).toBe(1);

    const disputed = await waitingRevision(client, admin);
    await openDispute(client, disputed.order.id, 'The work is not what I asked for');
    expect((await OrderRevision.findByPk(disputed.revision.id))!.status).toBe('lapsed');
  });
});

describe('API document', () => {
  it('lists the revision endpoints and the paid-revision payment', async () => {
    const { body } = await request(t.app).get('/api/openapi.json').expect(200);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/orders/{id}/revision-terms',
        '/api/v1/orders/{id}/revision',
        '/api/v1/orders/{id}/revisions',
        '/api/v1/orders/{id}/revisions/{revisionId}/withdraw',
        '/api/v1/orders/{id}/revisions/{revisionId}/pay',
      ]),
    );
    expect(body.paths['/api/v1/orders/{id}/revisions/{revisionId}/pay'].post.responses).toHaveProperty('402');
    expect(body.components.schemas.RevisionRequest.required).toEqual(expect.arrayContaining(['instructions', 'deadline']));
  });
});
