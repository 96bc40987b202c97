import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FINE_JOBS, defineFineJobs } from '../../jobs/fines.js';
import { AuditLog } from '../../src/audit/models.js';
import { systemActor, type Actor } from '../../src/platform/actor.js';
import { accountBalance } from '../../src/ledger/index.js';
import { LedgerTransaction } from '../../src/ledger/models.js';
import type { Order } from '../../src/orders/models.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { clock } from '../../src/platform/clock.js';
import { inTransaction } from '../../src/platform/database.js';
import { Fine } from '../../src/writers/fines/models.js';
import { applyLatenessFines } from '../../src/writers/fines/index.js';
import { waiveFine } from '../../src/writers/fines/service/lifecycle.js';
import { actorFor, newWriter, paidOrder } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';

/**
 * The writers.lateness-fines job on real orders: paid, assigned, past the writer deadline. Each
 * order earns its writer 5 pages × $2.00 = $10.00 (Entry card, not urgent), so the schedule's
 * shares are easy to read: 5 % = 50 cents.
 */
type Who = Actor & { userId: number; websiteId: number };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const EARNING = 1_000;

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

/** A paid order (5 pages, 10 days) in progress with a fresh writer. */
async function inProgress(): Promise<{ order: Order; writerId: number }> {
  const writer = await newWriter(client.websiteId);
  const order = await paidOrder(client, { pages: 5 });
  await assignWriter(admin, order.id, { writerId: writer.userId, autoAccept: true });
  return { order: await order.reload(), writerId: writer.userId };
}

const late = (order: Order, ms: number) => new Date(order.writerDeadline!.getTime() + ms);
const fineOf = (order: Order) => Fine.findOne({ where: { orderId: order.id, typeCode: 'lateness' } });
const postingsOf = (fineId: number) =>
  LedgerTransaction.findAll({ where: { referenceType: 'fine', referenceId: String(fineId) }, order: [['id', 'ASC']] });

describe('lateness fines (RULES.md "Fines")', () => {
  it('fines nothing at 0:59, then grows the one fine of the order at every edge of the schedule, each increase its own posting, up to the cap', async () => {
    const { order, writerId } = await inProgress();
    expect(order.status).toBe('in_progress');

    await applyLatenessFines(late(order, 59 * MINUTE));
    expect(await fineOf(order)).toBeNull();

    const edges: Array<[number, number]> = [
      [1 * HOUR, 50], // +5 %
      [2 * HOUR, 150], // +10 %
      [3 * HOUR, 300], // +15 %
      [4 * HOUR, 350], // +5 %
      [24 * HOUR, EARNING], // 135 % before the cap
      [48 * HOUR, EARNING], // 155 % before the cap: nothing more
    ];
    for (const [lateness, cents] of edges) {
      await applyLatenessFines(late(order, lateness));
      const fine = (await fineOf(order))!;
      expect(fine, `at ${lateness / HOUR} h`).toMatchObject({
        status: 'issued',
        writerId,
        amountCents: cents,
        postedCents: cents,
        earningCents: EARNING,
        lateMinutes: lateness <= 24 * HOUR ? lateness / MINUTE : 24 * 60,
      });
      expect(await payableOf(writerId, order.websiteId)).toBe(-cents);
    }
    const fine = (await fineOf(order))!;
    expect(await Fine.count({ where: { orderId: order.id } })).toBe(1);
    const postings = await postingsOf(fine.id);
    expect(postings.map((p) => p.kind)).toEqual(['fine', 'fine', 'fine', 'fine', 'fine']);
    expect(postings.map((p) => p.idempotencyKey)).toEqual([50, 150, 300, 350, 1_000].map((to) => `fine:${fine.id}:to:${to}`));
    const audits = await AuditLog.findAll({ where: { targetType: 'fine', targetId: String(fine.id) }, order: [['id', 'ASC']] });
    expect(audits.map((a) => a.action)).toEqual([
      'fine.issue',
      'fine.lateness_grow',
      'fine.lateness_grow',
      'fine.lateness_grow',
      'fine.lateness_grow',
    ]);
  });

  it('is safe twice and on many workers at once: one fine, one posting per step', async () => {
    const { order, writerId } = await inProgress();
    const at = late(order, 2 * HOUR + 5 * MINUTE);
    await Promise.all([applyLatenessFines(at), applyLatenessFines(at), applyLatenessFines(at)]);
    await applyLatenessFines(at);
    const fine = (await fineOf(order))!;
    expect(fine.amountCents).toBe(150);
    expect(await postingsOf(fine.id)).toHaveLength(1);
    expect(await payableOf(writerId, order.websiteId)).toBe(-150);
  });

  it('fines a delivery made late by its lateness at hand-in, and stops there', async () => {
    const { order, writerId } = await inProgress();
    await inTransaction(() => order.update({ status: 'submitted', deliveredAt: late(order, 3 * HOUR + 30 * MINUTE) }));
    await applyLatenessFines(late(order, 30 * HOUR));
    expect(await fineOf(order)).toMatchObject({ amountCents: 300, lateMinutes: 210 });
    await applyLatenessFines(late(order, 60 * HOUR));
    expect((await fineOf(order))!.amountCents).toBe(300);
    expect(await payableOf(writerId, order.websiteId)).toBe(-300);
  });

  it('does not fine an on-time delivery, nor a writer given the order after its writer deadline', async () => {
    const onTime = await inProgress();
    await inTransaction(() => onTime.order.update({ status: 'submitted', deliveredAt: late(onTime.order, -HOUR) }));
    const reassigned = await inProgress();
    await inTransaction(() => reassigned.order.update({ assignedAt: late(reassigned.order, HOUR) }));
    await applyLatenessFines(late(onTime.order, 48 * HOUR));
    expect(await fineOf(onTime.order)).toBeNull();
    expect(await fineOf(reassigned.order)).toBeNull();
  });

  it('stops growing a fine once it is waived, and gives the writer back all that was posted', async () => {
    const { order, writerId } = await inProgress();
    await applyLatenessFines(late(order, 2 * HOUR));
    const fine = (await fineOf(order))!;
    await waiveFine(admin, fine.id, 'The client sent the files late');
    await applyLatenessFines(late(order, 10 * HOUR));
    expect(await fine.reload()).toMatchObject({ status: 'waived', amountCents: 150, postedCents: 150, refundedCents: 150 });
    expect(await payableOf(writerId, order.websiteId)).toBe(0);
    expect((await postingsOf(fine.id)).map((p) => p.kind)).toEqual(['fine', 'fine_refund']);
  });

  it('runs as the writers.lateness-fines job, on the clock', async () => {
    expect(FINE_JOBS.latenessFines.name).toBe('writers.lateness-fines');
    const handlers = new Map<string, () => Promise<void>>();
    const agenda = { define: (name: string, fn: () => Promise<void>) => handlers.set(name, fn) };
    defineFineJobs(agenda as never, t.context.logger);
    const { order, writerId } = await inProgress();
    clock.travel(late(order, 3 * HOUR + MINUTE).getTime() - clock.now().getTime());
    await handlers.get('writers.lateness-fines')!();
    expect((await fineOf(order))!.amountCents).toBe(300);
    expect(await payableOf(writerId, order.websiteId)).toBe(-300);
  });
});
