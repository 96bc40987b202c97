import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import type { Actor } from '../../src/platform/actor.js';
import { clock } from '../../src/platform/clock.js';
import { OrderDeadlineChange } from '../../src/orders/deadlines/models.js';
import { settleDeadlineChange } from '../../src/orders/deadlines/service.js';
import { Order } from '../../src/orders/models.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { getWriterOrder } from '../../src/orders/service/writer-queries.js';
import { createDraftOrder, submitOrder } from '../../src/orders/service/wizard.js';
import { payDeadlineChangeFromWallet } from '../../src/payments/index.js';
import { Website } from '../../src/tenancy/models.js';
import { login } from '../identity/helpers.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { escrowOf, expectLedgerBalanced, fundWallet } from '../support/ledger.js';
import { actorFor, completeDetails, newWriter, paidOrder } from './fixtures.js';

let t: TestApp;
let client: Actor;
let admin: Actor;
let token: string;
const HOUR = 3_600_000;
const fromNow = (hours: number) => new Date(clock.now().getTime() + hours * HOUR);
// The fixture order: 3 undergraduate history pages, 10 days: 52.88 (band 1.0); 76.68 at 48 h (1.45).
const PRICE_10_DAYS = 5_288;
const PRICE_48_HOURS = 7_668;

beforeAll(async () => {
  t = await startTestApp();
  client = await actorFor('client@scriptorium.test');
  admin = await actorFor('admin@scriptorium.test');
  token = (await login(t.app, 'client@scriptorium.test')).accessToken;
  // Deadline prices only: no automatic discounts (first order, lifetime spend) in the totals of this file.
  const website = (await Website.findByPk(client.websiteId!))!;
  await website.update({ settings: { ...website.settings, discounts: { firstOrderBp: 0, lifetimeSpendTiers: [] } } as never });
});
afterAll(() => t?.close());
afterEach(() => clock.reset());
afterEach(() => expectLedgerBalanced());

const api = (method: 'get' | 'post', path: string, auth = token) =>
  request(t.app)[method](`/api/v1${path}`).set('Host', 'localhost').set('Authorization', `Bearer ${auth}`);

describe('moving the deadline of a paid order', () => {
  it('shows the charge, waits for payment, then moves both deadlines and tells the writer', async () => {
    const order = await paidOrder(client);
    const writer = await newWriter(order.websiteId);
    await assignWriter(admin, order.id, { writerId: writer.userId, autoAccept: true });
    const wanted = fromNow(48);

    const preview = await api('get', `/orders/${order.id}/deadline-change?deadline=${wanted.toISOString()}`).expect(200);
    expect(preview.body).toMatchObject({
      kind: 'shorten',
      chargeCents: PRICE_48_HOURS - PRICE_10_DAYS,
      currency: 'USD',
      needsPayment: true,
    });

    const asked = await api('post', `/orders/${order.id}/deadline`).send({ deadline: wanted.toISOString() }).expect(201);
    expect(asked.body.change).toMatchObject({ kind: 'shorten', status: 'awaiting_payment', chargeCents: 2_380 });
    expect(asked.body.order.deadline).toBe(order.deadline!.toISOString()); // unchanged until paid

    const changeId = asked.body.change.id as number;
    await expect(settleDeadlineChange(client, changeId, { amountCents: 100, method: 'wallet' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await fundWallet(order.websiteId, order.clientId!, 2_380);
    await payDeadlineChangeFromWallet(client, order.id, changeId);

    const after = (await Order.findByPk(order.id))!;
    expect(after.deadline).toEqual(wanted);
    expect(after.totalCents).toBe(PRICE_10_DAYS + 2_380);
    expect(after.paidCents).toBe(PRICE_10_DAYS + 2_380);
    expect(await escrowOf(order)).toBe(PRICE_10_DAYS + 2_380);
    expect(after.writerDeadline!.getTime()).toBeGreaterThan(clock.now().getTime() + 38 * HOUR);
    expect(after.writerDeadline!.getTime()).toBeLessThan(wanted.getTime());

    const writerView = await getWriterOrder(writer, order.id);
    expect(writerView.timeline!.map((e) => e.action)).toContain('deadline_changed');
    const detail = await api('get', `/orders/${order.id}`).expect(200);
    expect(detail.body.timeline.map((e: { action: string }) => e.action)).toContain('deadline_changed');
    const list = await api('get', `/orders/${order.id}/deadline-changes`).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: changeId, status: 'applied', chargeCents: 2_380 })]);
    expect(await AuditLog.count({ where: { action: 'order.deadline_changed', targetId: String(order.id) } })).toBe(1);
  });

  it('extends for free, and a later shortening inside the paid band stays free', async () => {
    const order = await paidOrder(client);
    const later = fromNow(20 * 24).toISOString();
    const extended = await api('post', `/orders/${order.id}/deadline`).send({ deadline: later }).expect(201);
    expect(extended.body.change).toMatchObject({ kind: 'extend', status: 'applied', chargeCents: 0 });
    expect(extended.body.order).toMatchObject({ totalCents: PRICE_10_DAYS, deadline: later });

    const back = await api('post', `/orders/${order.id}/deadline`)
      .send({ deadline: fromNow(12 * 24).toISOString() })
      .expect(201);
    expect(back.body.change).toMatchObject({ kind: 'shorten', status: 'applied', chargeCents: 0 });
  });

  it('adds a shortening of an unpaid order to its total at once', async () => {
    const placed = await submitOrder(client, (await createDraftOrder(client, completeDetails())).id);
    const res = await api('post', `/orders/${placed.id}/deadline`)
      .send({ deadline: fromNow(48).toISOString() })
      .expect(201);
    expect(res.body.change).toMatchObject({ status: 'applied', chargeCents: 2_380 });
    expect(res.body.order).toMatchObject({ status: 'pending_payment', totalCents: PRICE_10_DAYS + 2_380, paidCents: 0 });
  });

  it('lets a new request supersede the one waiting, and the client withdraw one', async () => {
    const order = await paidOrder(client);
    const first = await api('post', `/orders/${order.id}/deadline`)
      .send({ deadline: fromNow(48).toISOString() })
      .expect(201);
    const second = await api('post', `/orders/${order.id}/deadline`)
      .send({ deadline: fromNow(72).toISOString() })
      .expect(201);
    expect((await OrderDeadlineChange.findByPk(first.body.change.id))!.status).toBe('superseded');
    await expect(settleDeadlineChange(client, first.body.change.id, { amountCents: 2_380, method: 'wallet' })).rejects.toMatchObject({
      code: 'conflict',
    });

    const withdrawn = await api('post', `/orders/${order.id}/deadline-changes/${second.body.change.id}/cancel`).expect(200);
    expect(withdrawn.body).toMatchObject({ status: 'cancelled' });
    await api('post', `/orders/${order.id}/deadline-changes/${second.body.change.id}/cancel`).expect(409);
    expect((await Order.findByPk(order.id))!.deadline).toEqual(order.deadline);
  });

  it('prices a late shortening by the time left', async () => {
    const order = await paidOrder(client);
    clock.travel(8 * 24 * HOUR);
    token = (await login(t.app, 'client@scriptorium.test')).accessToken; // the old access token expired on the way
    const preview = await api('get', `/orders/${order.id}/deadline-change?deadline=${fromNow(24).toISOString()}`).expect(200);
    expect(preview.body).toMatchObject({ kind: 'shorten', chargeCents: 9_254 - PRICE_10_DAYS });
  });
});

describe('refusals', () => {
  it('names the field for a bad, past, too close or unchanged deadline, and writes nothing', async () => {
    const order = await paidOrder(client);
    for (const [deadline, fragment] of [
      ['soon', 'ISO'],
      [fromNow(-1).toISOString(), 'at least 3 hours'],
      [fromNow(2).toISOString(), 'at least 3 hours'],
      [order.deadline!.toISOString(), 'current deadline'],
    ] as const) {
      const res = await api('post', `/orders/${order.id}/deadline`).send({ deadline }).expect(400);
      expect(res.body.error.fields.deadline, deadline).toContain(fragment);
    }
    await api('post', `/orders/${order.id}/deadline`).send({}).expect(400);
    expect(await OrderDeadlineChange.count({ where: { orderId: order.id } })).toBe(0);
  });

  it("refuses a delivered or cancelled order with its status, and hides other clients' orders", async () => {
    const order = await paidOrder(client);
    await order.update({ status: 'submitted' });
    const res = await api('post', `/orders/${order.id}/deadline`)
      .send({ deadline: fromNow(48).toISOString() })
      .expect(409);
    expect(res.body.error).toMatchObject({ currentStatus: 'submitted' });

    const other = (await login(t.app, 'client@b.scriptorium.test', { host: 'b.localhost' })).accessToken;
    const fresh = await paidOrder(client);
    await request(t.app)
      .get(`/api/v1/orders/${fresh.id}/deadline-change?deadline=${fromNow(48).toISOString()}`)
      .set('Host', 'b.localhost')
      .set('Authorization', `Bearer ${other}`)
      .expect(404);
    const writerToken = (await login(t.app, 'writer@scriptorium.test')).accessToken;
    await api('post', `/orders/${fresh.id}/deadline`, writerToken)
      .send({ deadline: fromNow(48).toISOString() })
      .expect(403);
  });
});
