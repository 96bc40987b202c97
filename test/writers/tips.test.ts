import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accountBalance } from '../../src/ledger/index.js';
import { LedgerTransaction } from '../../src/ledger/models.js';
import { systemActor, type Actor } from '../../src/platform/actor.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { WriterLevel, WriterProfile } from '../../src/writers/levels/models.js';
import { Tip } from '../../src/writers/tips/models.js';
import { HOST_A, login } from '../identity/helpers.js';
import { actorFor, newWriter, paidOrder } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced, fundWallet, revenueOf, walletOf } from '../support/ledger.js';

type Who = Actor & { userId: number; websiteId: number };

let t: TestApp;
let client: Who;
let staff: Who;
let token: string;
beforeAll(async () => {
  t = await startTestApp();
  client = (await actorFor('client@scriptorium.test')) as Who;
  staff = (await actorFor('admin@scriptorium.test')) as Who;
  token = (await login(t.app, 'client@scriptorium.test')).accessToken;
});
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

const tip = (orderId: number, body: Record<string, unknown>, key?: string) => {
  const req = request(t.app).post(`/api/v1/orders/${orderId}/tips`).set('Host', HOST_A).set('Authorization', `Bearer ${token}`);
  return (key ? req.set('Idempotency-Key', key) : req).send(body);
};
const payableOf = async (writerId: number) =>
  (await accountBalance(systemActor(client.websiteId), { kind: 'writer_payable', ownerId: writerId, websiteId: client.websiteId }))
    .balanceCents;

async function workedOrder(level?: string) {
  const writer = await newWriter(client.websiteId);
  if (level) {
    const row = (await WriterLevel.findOne({ where: { websiteId: client.websiteId, name: level } }))!;
    await WriterProfile.create({ websiteId: client.websiteId, writerId: writer.userId, levelId: row.id });
  }
  const order = await paidOrder(client, { pages: 1 });
  await assignWriter(staff, order.id, { writerId: writer.userId, autoAccept: true });
  return { order, writer };
}

describe('POST /api/v1/orders/:id/tips', () => {
  it("moves the tip from the client's wallet: the writer's share by level to their payable, the rest to the platform, once per key", async () => {
    await fundWallet(client.websiteId, client.userId, 10_000);
    const { order, writer } = await workedOrder('Senior'); // Senior keeps 92 %
    const [wallet, revenue] = [await walletOf(client), await revenueOf(client.websiteId)];

    const res = await tip(order.id, { amountCents: 1_000 }, 'tip-1').expect(201);
    expect(res.body).toMatchObject({ orderId: order.id, status: 'posted', amountCents: 1_000, writerCents: 920, platformCents: 80 });
    const again = await tip(order.id, { amountCents: 1_000 }, 'tip-1').expect(201);
    expect(again.body.id).toBe(res.body.id);

    expect(await walletOf(client)).toBe(wallet - 1_000);
    expect(await payableOf(writer.userId)).toBe(920);
    expect(await revenueOf(client.websiteId)).toBe(revenue + 80);
    expect(await LedgerTransaction.count({ where: { kind: 'tip', referenceId: String(order.id) } })).toBe(1);
  });

  it('refuses under $1 naming the field, without a key, on an order without a writer or of another client; over $1,000 waits for review', async () => {
    await fundWallet(client.websiteId, client.userId, 200_000);
    const { order, writer } = await workedOrder();
    const small = await tip(order.id, { amountCents: 99 }, 'small').expect(400);
    expect(small.body.error.fields).toHaveProperty('amountCents');
    await tip(order.id, { amountCents: 500 }).expect(400);
    const unassigned = await paidOrder(client, { pages: 1 });
    await tip(unassigned.id, { amountCents: 500 }, 'nowriter').expect(409);
    const other = await actorFor('client@b.scriptorium.test');
    const foreign = await paidOrder(other, { pages: 1 });
    await tip(foreign.id, { amountCents: 500 }, 'foreign').expect(404);

    const wallet = await walletOf(client);
    // Held for review, but only what the wallet covers: more is refused at once, nothing recorded.
    const beyond = await tip(order.id, { amountCents: wallet + 1 }, 'beyond').expect(402);
    expect(beyond.body.error.code).toBe('payment_required');
    const big = await tip(order.id, { amountCents: 150_000 }, 'big').expect(201);
    expect(big.body).toMatchObject({ status: 'pending_review', writerCents: 135_000 });
    expect(await walletOf(client)).toBe(wallet);
    expect(await payableOf(writer.userId)).toBe(0);

    const writerToken = (await login(t.app, 'writer@scriptorium.test')).accessToken;
    await request(t.app)
      .post(`/api/v1/orders/${order.id}/tips`)
      .set('Host', HOST_A)
      .set('Authorization', `Bearer ${writerToken}`)
      .set('Idempotency-Key', 'w')
      .send({ amountCents: 500 })
      .expect(403);
  });

  it('allows at most 25 tips a client a day', async () => {
    await fundWallet(client.websiteId, client.userId, 10_000);
    const { order } = await workedOrder();
    const already = await Tip.count({ where: { clientId: client.userId } });
    for (let i = already; i < 25; i++) await tip(order.id, { amountCents: 100 }, `daily-${i}`).expect(201);
    await tip(order.id, { amountCents: 100 }, 'daily-26').expect(429);
  });
});
