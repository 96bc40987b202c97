import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walletBalance } from '../../src/ledger/index.js';
import { OrderDeadlineChange } from '../../src/orders/deadlines/models.js';
import { changeDeadline } from '../../src/orders/deadlines/service.js';
import { Order } from '../../src/orders/models.js';
import { Payment, payOrderFromWallet } from '../../src/payments/index.js';
import { clock } from '../../src/platform/clock.js';
import { HOST_A, login } from '../identity/helpers.js';
import { actorFor } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced, fundWallet } from '../support/ledger.js';
import { clientWithLogin, unpaidOrder, type ClientActor } from './fixtures.js';

let t: TestApp;
let client: ClientActor & { email: string };
let token: string;
beforeAll(async () => {
  t = await startTestApp();
  client = await clientWithLogin((await actorFor('client@scriptorium.test')).websiteId!);
  token = (await login(t.app, client.email)).accessToken;
});
afterAll(() => t?.close());

const pay = (orderId: number, changeId: number, body: Record<string, unknown> = { method: 'wallet' }) =>
  request(t.app)
    .post(`/api/v1/orders/${orderId}/deadline-changes/${changeId}/pay`)
    .set('Host', HOST_A)
    .set('Authorization', `Bearer ${token}`)
    .send(body);

/** A paid order whose client asked for a shorter deadline: the change waits for its charge. */
async function waitingChange(): Promise<{ order: Order; change: OrderDeadlineChange }> {
  const order = await unpaidOrder(client);
  await fundWallet(client.websiteId, client.userId, order.totalCents!);
  await payOrderFromWallet(client, order.id);
  const change = await changeDeadline(client, order.id, new Date(clock.now().getTime() + 2 * 86_400_000));
  expect(change.status).toBe('awaiting_payment');
  expect(change.chargeCents).toBeGreaterThan(0);
  return { order, change };
}

describe('POST /api/v1/orders/:id/deadline-changes/:changeId/pay', () => {
  it('pays the charge from the wallet and applies the new deadline in the same transaction', async () => {
    const { order, change } = await waitingChange();
    await fundWallet(client.websiteId, client.userId, change.chargeCents);
    const before = (await walletBalance(client, client.userId)).balanceCents;
    const res = await pay(order.id, change.id);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.payment).toMatchObject({
      purpose: 'deadline_change',
      method: 'wallet',
      amountCents: change.chargeCents,
      deadlineChangeId: change.id,
    });
    expect(res.body.change.status).toBe('applied');
    expect((await walletBalance(client, client.userId)).balanceCents).toBe(before - change.chargeCents);
    const fresh = (await Order.findByPk(order.id))!;
    expect(fresh.deadline!.getTime()).toBe(change.newDeadline.getTime());
    expect(fresh.totalCents).toBe(order.totalCents! + change.chargeCents);
    expect(fresh.paidCents).toBe(fresh.totalCents);
    expect((await pay(order.id, change.id)).status).toBe(409);
    await expectLedgerBalanced();
  });

  it("an empty wallet is a 402 and the change keeps waiting; another order's change is a 404; card points to card intents", async () => {
    const { order, change } = await waitingChange();
    const res = await pay(order.id, change.id);
    expect(res.status).toBe(402);
    expect((await OrderDeadlineChange.findByPk(change.id))!.status).toBe('awaiting_payment');
    expect(await Payment.count({ where: { deadlineChangeId: change.id } })).toBe(0);
    const other = await unpaidOrder(client);
    expect((await pay(other.id, change.id)).status).toBe(404);
    expect((await pay(order.id, change.id, { method: 'card' })).status).toBe(400);
    await expectLedgerBalanced();
  });
});
