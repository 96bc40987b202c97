import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountBalance, walletBalance } from '../../src/ledger/index.js';
import { Order } from '../../src/orders/models.js';
import { Payment } from '../../src/payments/index.js';
import { login } from '../identity/helpers.js';
import { actorFor } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced, fundWallet } from '../support/ledger.js';
import { clientWithLogin, payRequest, unpaidOrder, type ClientActor } from './fixtures.js';

let t: TestApp;
let client: ClientActor;
let token: string;
beforeAll(async () => {
  t = await startTestApp();
  client = (await actorFor('client@scriptorium.test')) as ClientActor;
  token = (await login(t.app, 'client@scriptorium.test')).accessToken;
});
afterAll(() => t?.close());

const wallet = async () => (await walletBalance(client, client.userId)).balanceCents;
const paymentsOf = (orderId: number) => Payment.count({ where: { orderId } });

describe('POST /api/v1/orders/:id/pay (wallet)', () => {
  it('pays the whole order: wallet -> escrow, order ready for staffing, a succeeded payment with a receipt number', async () => {
    const order = await unpaidOrder(client);
    await fundWallet(client.websiteId, client.userId, order.totalCents! + 1_000);
    const before = await wallet();
    const res = await payRequest(t.app, token, order.id, { method: 'wallet' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.order).toMatchObject({ id: order.id, status: 'ready_for_staffing', paidCents: order.totalCents, outstandingCents: 0 });
    expect(res.body.payment).toMatchObject({
      method: 'wallet',
      purpose: 'order',
      status: 'succeeded',
      amountCents: order.totalCents,
      orderNumber: order.number,
    });
    expect(res.body.payment.receiptNumber).toMatch(/^R-\d{6}$/);
    expect(await wallet()).toBe(before - order.totalCents!);
    const admin = await actorFor('admin@scriptorium.test');
    expect((await accountBalance(admin, { kind: 'order_escrow', ownerId: order.id })).balanceCents).toBe(order.totalCents);
    await expectLedgerBalanced();
  });

  it('pays in parts: each part lowers what is outstanding; the last one publishes the order', async () => {
    const order = await unpaidOrder(client);
    const total = order.totalCents!;
    await fundWallet(client.websiteId, client.userId, total);
    const first = await payRequest(t.app, token, order.id, { method: 'wallet', amountCents: 1_000 });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.order).toMatchObject({ status: 'pending_payment', paidCents: 1_000, outstandingCents: total - 1_000 });
    const tooMuch = await payRequest(t.app, token, order.id, { method: 'wallet', amountCents: total });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error.fields.amountCents).toMatch(/at most the outstanding/);
    const rest = await payRequest(t.app, token, order.id, { method: 'wallet' });
    expect(rest.status, JSON.stringify(rest.body)).toBe(201);
    expect(rest.body.payment.amountCents).toBe(total - 1_000);
    expect(rest.body.order).toMatchObject({ status: 'ready_for_staffing', outstandingCents: 0 });
    expect(first.body.payment.receiptNumber).not.toBe(rest.body.payment.receiptNumber);
    const again = await payRequest(t.app, token, order.id, { method: 'wallet' });
    expect(again.status).toBe(409);
    expect(again.body.error.currentStatus).toBe('ready_for_staffing');
    await expectLedgerBalanced();
  });

  it('insufficient funds: 402 naming the wallet, nothing written', async () => {
    const order = await unpaidOrder(client);
    const before = await wallet();
    expect(before).toBeLessThan(order.totalCents!);
    const res = await payRequest(t.app, token, order.id, { method: 'wallet' });
    expect(res.status, JSON.stringify(res.body)).toBe(402);
    expect(res.body.error.message).toMatch(/wallet/i);
    expect(await wallet()).toBe(before);
    expect(await paymentsOf(order.id)).toBe(0);
    expect((await Order.findByPk(order.id))!.paidCents).toBe(0);
    await expectLedgerBalanced();
  });

  it("another client's order is a 404; bad amounts and unknown fields are 400s; card and manual point elsewhere", async () => {
    const order = await unpaidOrder(client);
    const neighbour = await clientWithLogin(client.websiteId);
    await fundWallet(client.websiteId, neighbour.userId, 100_000);
    const neighbourToken = (await login(t.app, neighbour.email)).accessToken;
    const res = await payRequest(t.app, neighbourToken, order.id, { method: 'wallet' });
    expect(res.status).toBe(404);
    expect((await walletBalance(neighbour, neighbour.userId)).balanceCents).toBe(100_000);
    const otherSiteToken = (await login(t.app, 'client@b.scriptorium.test', { host: 'b.localhost' })).accessToken;
    const foreign = await request(t.app)
      .post(`/api/v1/orders/${order.id}/pay`)
      .set('Host', 'b.localhost')
      .set('Authorization', `Bearer ${otherSiteToken}`)
      .send({ method: 'wallet' });
    expect(foreign.status).toBe(404);
    const writerToken = (await login(t.app, 'writer@scriptorium.test')).accessToken;
    expect((await payRequest(t.app, writerToken, order.id, { method: 'wallet' })).status).toBe(403);
    for (const body of [
      { method: 'wallet', amountCents: 0 },
      { method: 'wallet', amountCents: -5 },
      { method: 'wallet', amountCents: 10.5 },
      { method: 'bitcoin' },
      { method: 'wallet', extra: 1 },
    ]) {
      const res = await payRequest(t.app, token, order.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const card = await payRequest(t.app, token, order.id, { method: 'card' });
    expect(card.status).toBe(400);
    expect(card.body.error.message).toMatch(/card-intents/);
    expect((await payRequest(t.app, token, 999_999_999, { method: 'wallet' })).status).toBe(404);
    expect(await paymentsOf(order.id)).toBe(0);
  });

  it('an Idempotency-Key replays the first answer and posts once; the same key with another body is a 409', async () => {
    const order = await unpaidOrder(client);
    await fundWallet(client.websiteId, client.userId, order.totalCents!);
    const before = await wallet();
    const key = randomUUID();
    const first = await payRequest(t.app, token, order.id, { method: 'wallet', amountCents: 700 }, key);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const replay = await payRequest(t.app, token, order.id, { method: 'wallet', amountCents: 700 }, key);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    const other = await payRequest(t.app, token, order.id, { method: 'wallet', amountCents: 800 }, key);
    expect(other.status).toBe(409);
    expect(await wallet()).toBe(before - 700);
    expect(await paymentsOf(order.id)).toBe(1);
    await expectLedgerBalanced();
  });
});
