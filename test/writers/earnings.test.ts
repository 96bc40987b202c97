import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WRITER_JOBS } from '../../jobs/writers.js';
import { AuditLog } from '../../src/audit/models.js';
import { systemActor, type Actor } from '../../src/platform/actor.js';
import { User } from '../../src/identity/models.js';
import { accountBalance } from '../../src/ledger/index.js';
import { LedgerTransaction } from '../../src/ledger/models.js';
import type { Order } from '../../src/orders/models.js';
import { approveOrder, openDispute } from '../../src/orders/service/client-actions.js';
import { assignWriter, resolveDispute } from '../../src/orders/service/staff-actions.js';
import { approveRefund } from '../../src/payments/refunds/service/approve.js';
import { requestRefund } from '../../src/payments/refunds/service/request.js';
import { clock } from '../../src/platform/clock.js';
import { inTransaction } from '../../src/platform/database.js';
import { WriterEarning } from '../../src/writers/models.js';
import { WriterLevel } from '../../src/writers/levels/models.js';
import { DEFAULT_RATE_CARD } from '../../src/writers/rules.js';
import { matureEarnings } from '../../src/writers/index.js';
import { HOST_A, login } from '../identity/helpers.js';
import { actorFor, newWriter, paidOrder } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { escrowOf, expectLedgerBalanced, revenueOf } from '../support/ledger.js';

type Who = Actor & { userId: number; websiteId: number };
const DAY = 86_400_000;

let t: TestApp;
let client: Who;
let admin: Who;
beforeAll(async () => {
  t = await startTestApp();
  client = (await actorFor('client@scriptorium.test')) as Who;
  admin = (await actorFor('admin@scriptorium.test')) as Who;
});
afterEach(async () => {
  clock.reset();
  await expectLedgerBalanced();
});
afterAll(() => t?.close());

const payableOf = async (writerId: number, websiteId: number) =>
  (await accountBalance(systemActor(websiteId), { kind: 'writer_payable', ownerId: writerId, websiteId })).balanceCents;

/** A paid order (5 pages, 10 days) worked by `writerId` and delivered (the status set as the orders tests do). */
async function deliveredBy(writerId: number, details = {}): Promise<Order> {
  const order = await paidOrder(client, { pages: 5, ...details });
  await assignWriter(admin, order.id, { writerId, autoAccept: true });
  await inTransaction(() => order.reload().then((o) => o.update({ status: 'submitted', deliveredAt: clock.now() })));
  return order.reload();
}

/** Edits the website's Entry level (every new writer's level), as an admin would in the back office; undefined restores it. */
async function setRateCard(card: typeof DEFAULT_RATE_CARD | undefined): Promise<void> {
  const entry = (await WriterLevel.findOne({ where: { websiteId: client.websiteId, rank: 0 } }))!;
  const { level, ...terms } = card ?? DEFAULT_RATE_CARD;
  await entry.update({ ...terms, name: level });
}

describe('an approved order settles its escrow (RULES.md "Ledger postings", order approved)', () => {
  it('freezes the rate card at assignment, gives the platform the rest at approval and holds the earning', async () => {
    const writer = await newWriter(client.websiteId);
    const order = await deliveredBy(writer.userId);
    expect(order.writerRateCard).toEqual(DEFAULT_RATE_CARD);
    // A card raised after the assignment does not change what this order earns.
    await setRateCard({ ...DEFAULT_RATE_CARD, level: 'Raised', pageCents: 900 });
    try {
      const revenueBefore = await revenueOf(client.websiteId);
      expect(await escrowOf(order)).toBe(order.totalCents);

      await approveOrder(client, order.id);
      const earning = (await WriterEarning.findOne({ where: { orderId: order.id } }))!;
      expect(earning).toMatchObject({ writerId: writer.userId, status: 'pending', amountCents: 5 * 200, currency: order.currency });
      expect(earning.breakdown).toMatchObject({ rateCard: { level: 'Entry' }, baseCents: 1_000, urgent: false });
      expect(earning.maturesAt.getTime() - earning.approvedAt.getTime()).toBe(14 * DAY);
      expect(await escrowOf(order)).toBe(1_000);
      expect(await revenueOf(client.websiteId)).toBe(revenueBefore + order.totalCents! - 1_000);
      expect(await payableOf(writer.userId, client.websiteId)).toBe(0);
      const posted = (await LedgerTransaction.findByPk(earning.completionTransactionId!))!;
      expect(posted).toMatchObject({ kind: 'order_completion', referenceType: 'order', referenceId: String(order.id) });
      const audit = await AuditLog.findOne({ where: { action: 'order.completion_settled', targetId: String(order.id) } });
      expect(audit?.changes).toMatchObject({ after: { earningCents: 1_000, heldCents: 1_000, revenueCents: order.totalCents! - 1_000 } });
    } finally {
      await setRateCard(undefined);
    }
  });

  it("matures after the hold: the earning moves to the writer's payable once, however often the job runs", async () => {
    const writer = await newWriter(client.websiteId);
    const order = await deliveredBy(writer.userId);
    await approveOrder(client, order.id);
    const earning = (await WriterEarning.findOne({ where: { orderId: order.id } }))!;

    expect(await matureEarnings(new Date(earning.maturesAt.getTime() - 60_000))).toMatchObject({ matured: 0 });
    expect((await earning.reload()).status).toBe('pending');

    const run = await matureEarnings(earning.maturesAt);
    expect(run.matured).toBeGreaterThanOrEqual(1);
    expect(await earning.reload()).toMatchObject({
      status: 'matured',
      maturedAt: earning.maturesAt,
      maturityTransactionId: expect.any(Number),
    });
    expect(await payableOf(writer.userId, client.websiteId)).toBe(1_000);
    expect(await escrowOf(order)).toBe(0);

    await Promise.all([matureEarnings(earning.maturesAt), matureEarnings(earning.maturesAt)]);
    expect(await payableOf(writer.userId, client.websiteId)).toBe(1_000);
    expect(await LedgerTransaction.count({ where: { idempotencyKey: `earning-matured:${earning.id}` } })).toBe(1);
  });

  it('pays the writer in full even when a refund left the escrow short: the rest comes from revenue', async () => {
    const writer = await newWriter(client.websiteId);
    const order = await deliveredBy(writer.userId);
    // A goodwill refund before approval leaves 400 cents in escrow, under the 1,000 earned.
    const refund = await requestRefund(admin, {
      orderId: order.id,
      amountCents: order.totalCents! - 400,
      destination: 'wallet',
      reason: 'Goodwill',
    });
    await approveRefund(admin, refund.id);
    const revenueBefore = await revenueOf(client.websiteId);

    await approveOrder(client, order.id);
    const earning = (await WriterEarning.findOne({ where: { orderId: order.id } }))!;
    expect(earning).toMatchObject({ amountCents: 1_000, completionTransactionId: null });
    expect(await escrowOf(order)).toBe(400);
    expect(await revenueOf(client.websiteId)).toBe(revenueBefore);

    await matureEarnings(earning.maturesAt);
    expect(await payableOf(writer.userId, client.websiteId)).toBe(1_000);
    expect(await escrowOf(order)).toBe(0);
    expect(await revenueOf(client.websiteId)).toBe(revenueBefore - 600);
  });

  it("pays the urgent uplift when the writer had at most the card's threshold", async () => {
    const writer = await newWriter(client.websiteId);
    const order = await deliveredBy(writer.userId, { pages: 2, deadline: new Date(clock.now().getTime() + 5 * 3_600_000) });
    await approveOrder(client, order.id);
    // Entry: 2 × 200 + (2 × 100 + 400 × 0.10).
    expect(await WriterEarning.findOne({ where: { orderId: order.id } })).toMatchObject({
      amountCents: 640,
      breakdown: { urgent: true, urgentCents: 240 },
    });
  });

  it('settles a dispute resolved as completed the same way, and only once', async () => {
    const writer = await newWriter(client.websiteId);
    const order = await deliveredBy(writer.userId);
    await openDispute(client, order.id, 'The sources are not what I asked for');
    await resolveDispute(admin, order.id, { outcome: 'completed', note: 'The work meets the instructions' });
    expect(await WriterEarning.count({ where: { orderId: order.id } })).toBe(1);
    expect(await escrowOf(order)).toBe(1_000);
    await expect(approveOrder(client, order.id)).rejects.toMatchObject({ code: 'conflict' });
    expect(await LedgerTransaction.count({ where: { idempotencyKey: `order-completion:${order.id}` } })).toBe(1);
  });

  it('runs as the writers.mature-earnings job of the scheduler', () => {
    expect(WRITER_JOBS.matureEarnings).toEqual({ name: 'writers.mature-earnings', every: '1 hour' });
  });
});

describe('what an order pays, as the writer sees it', () => {
  it("shows the pool at today's card and an assigned order at the card frozen when it was assigned", async () => {
    const seeded = (await User.findOne({ where: { email: 'writer@scriptorium.test' } }))!;
    await seeded.update({ maxActiveOrders: 100 });
    const { accessToken } = await login(t.app, 'writer@scriptorium.test');
    const get = async (path: string) =>
      (
        await request(t.app)
          .get(`/api/v1/writer/orders${path}`)
          .set('Host', HOST_A)
          .set('Authorization', `Bearer ${accessToken}`)
          .expect(200)
      ).body;
    const inPool = async (orderId: number) => (await get('/available?limit=100')).items.find((i: { id: number }) => i.id === orderId);

    const order = await paidOrder(client, { pages: 5 });
    expect((await inPool(order.id)).pay).toEqual({ amountCents: 1_000, urgent: false, level: 'Entry' });
    await assignWriter(admin, order.id, { writerId: seeded.id, autoAccept: true });
    await setRateCard({ ...DEFAULT_RATE_CARD, level: 'Raised', pageCents: 900 });
    try {
      expect((await get(`/${order.id}`)).pay).toEqual({ amountCents: 1_000, urgent: false, level: 'Entry' });
      expect((await get('')).items.find((i: { id: number }) => i.id === order.id).pay.amountCents).toBe(1_000);
      const next = await paidOrder(client, { pages: 5 });
      expect((await inPool(next.id)).pay).toEqual({ amountCents: 4_500, urgent: false, level: 'Raised' });
    } finally {
      await setRateCard(undefined);
    }
  });
});

describe('GET /api/v1/writer/earnings', () => {
  it('shows the signed-in writer their earnings, payable balance and what is still held', async () => {
    const seeded = (await User.findOne({ where: { email: 'writer@scriptorium.test' } }))!;
    await seeded.update({ maxActiveOrders: 100 });
    const order = await deliveredBy(seeded.id);
    await approveOrder(client, order.id);
    const { accessToken } = await login(t.app, 'writer@scriptorium.test');
    const get = (query = '') =>
      request(t.app).get(`/api/v1/writer/earnings${query}`).set('Host', HOST_A).set('Authorization', `Bearer ${accessToken}`);

    const res = await get('?status=pending&limit=1').expect(200);
    expect(res.body).toMatchObject({ currency: order.currency, payableCents: expect.any(Number), pendingCents: expect.any(Number) });
    expect(res.body.items).toEqual([
      expect.objectContaining({
        orderId: order.id,
        orderNumber: order.number,
        status: 'pending',
        amountCents: 1_000,
        level: 'Entry',
        urgentCents: 0,
      }),
    ]);
    expect(res.body.pendingCents).toBeGreaterThanOrEqual(1_000);

    const bad = await get('?status=spent').expect(400);
    expect(bad.body.error.fields).toHaveProperty('status');
    await request(t.app).get('/api/v1/writer/earnings').set('Host', HOST_A).expect(401);
    const clientToken = (await login(t.app, 'client@scriptorium.test')).accessToken;
    await request(t.app).get('/api/v1/writer/earnings').set('Host', HOST_A).set('Authorization', `Bearer ${clientToken}`).expect(403);
  });
});
