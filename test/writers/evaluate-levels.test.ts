import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WRITER_LEVEL_JOBS } from '../../jobs/writer-levels.js';
import { AuditLog } from '../../src/audit/models.js';
import type { Actor } from '../../src/platform/actor.js';
import { Order, OrderEvent } from '../../src/orders/models.js';
import { evaluateLevels } from '../../src/writers/levels/index.js';
import { WriterEvaluation, WriterLevel, WriterProfile } from '../../src/writers/levels/models.js';
import { actorFor, newWriter, paidOrder } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';

type Who = Actor & { userId: number; websiteId: number };
const DAY = 86_400_000;
const HOUR = 3_600_000;

let t: TestApp;
let client: Who;
beforeAll(async () => {
  t = await startTestApp();
  client = (await actorFor('client@scriptorium.test')) as Who;
});
afterAll(() => t?.close());

const today = new Date(Math.floor(Date.now() / DAY) * DAY);
const day = (n: number) => new Date(today.getTime() + n * DAY);

/** A closed order in the writer's history: completed (on time or `lateHours` late), or cancelled, at `at`. */
async function history(writerId: number, at: Date, outcome: { lateHours?: number; cancelled?: boolean; disputed?: boolean } = {}) {
  const order = await paidOrder(client, { pages: 1 });
  const deliveredAt = new Date(at.getTime() - HOUR);
  const writerDeadline = new Date(deliveredAt.getTime() + HOUR - (outcome.lateHours ?? 0) * HOUR);
  await Order.update(
    outcome.cancelled
      ? { writerId, status: 'cancelled', assignedAt: day(-30), cancelledAt: at }
      : { writerId, status: 'completed', assignedAt: day(-30), writerDeadline, deliveredAt, completedAt: at },
    { where: { id: order.id } },
  );
  if (outcome.disputed)
    await OrderEvent.create({
      orderId: order.id,
      websiteId: client.websiteId,
      actorRole: 'client',
      action: 'dispute',
      toStatus: 'disputed',
    });
}
const times = (n: number, make: () => Promise<void>) =>
  Array.from({ length: n }).reduce<Promise<void>>((p) => p.then(make), Promise.resolve());
const levelOf = async (writerId: number) => {
  const profile = await WriterProfile.findOne({ where: { writerId } });
  return profile ? (await WriterLevel.findByPk(profile.levelId))!.name : 'Entry';
};

describe('writers.evaluate-levels on constructed histories', () => {
  it('promotes after two qualifying periods, one level at a time; holds on one; demotes on a breach; each change audited', async () => {
    const [climber, newcomer, slipping] = await Promise.all([
      newWriter(client.websiteId),
      newWriter(client.websiteId),
      newWriter(client.websiteId),
    ]);
    // Senior asks 50 completed orders by default: lowered here so the climber could qualify for it at once.
    await WriterLevel.update({ minCompletedOrders: 5 }, { where: { websiteId: client.websiteId, name: ['Senior', 'Expert'] } });
    const standard = (await WriterLevel.findOne({ where: { websiteId: client.websiteId, name: 'Standard' } }))!;
    await WriterProfile.create({ websiteId: client.websiteId, writerId: slipping.userId, levelId: standard.id });

    // Period 1 (days −14..−7): the climber completes 10 on time. Period 2 (−7..0): 2 more on time.
    await times(10, () => history(climber.userId, day(-10)));
    await times(2, () => history(climber.userId, day(-3)));
    // The newcomer: 10 on time in period 2 only.
    await times(10, () => history(newcomer.userId, day(-2)));
    // The slipping Standard writer: period 2, 2 of 4 delivered late (50 % > Standard's 20 %).
    await times(2, () => history(slipping.userId, day(-4)));
    await times(2, () => history(slipping.userId, day(-4), { lateHours: 5 }));

    // The run a week ago closed period 1; no previous period, so nobody moves.
    await evaluateLevels(new Date(day(-7).getTime() + HOUR));
    expect([await levelOf(climber.userId), await levelOf(newcomer.userId), await levelOf(slipping.userId)]).toEqual([
      'Entry',
      'Entry',
      'Standard',
    ]);

    // Today's run closes period 2.
    const run = await WRITER_LEVEL_JOBS.evaluateLevels.run();
    expect(run).toMatchObject({ promoted: 1, demoted: 1 });
    expect([await levelOf(climber.userId), await levelOf(newcomer.userId), await levelOf(slipping.userId)]).toEqual([
      'Standard',
      'Entry',
      'Entry',
    ]);
    // Run again the same day: the period is evaluated once.
    expect(await evaluateLevels()).toEqual({ evaluated: 0, promoted: 0, demoted: 0 });

    const promoted = await AuditLog.findOne({ where: { action: 'writer.level_promoted', targetId: String(climber.userId) } });
    expect(promoted?.changes).toMatchObject({ before: { level: 'Entry' }, after: { level: 'Standard' } });
    const demoted = await AuditLog.findOne({ where: { action: 'writer.level_demoted', targetId: String(slipping.userId) } });
    expect(demoted?.changes).toMatchObject({ before: { level: 'Standard' }, after: { level: 'Entry' }, reason: 'Breached: lateness' });
    const latest = (await WriterEvaluation.findOne({ where: { writerId: newcomer.userId }, order: [['periodEnd', 'DESC']] }))!;
    expect(latest).toMatchObject({ decision: 'hold', scoreBp: 10_000 });
    expect(await WriterProfile.findOne({ where: { writerId: climber.userId } })).toMatchObject({
      scoreBp: 10_000,
      scoreParts: expect.objectContaining({ rating: { valueBp: null, weight: 0 } }),
    });

    // Next week: the climber keeps qualifying (2 more) and moves one more level, to Senior — not to Expert.
    await times(2, () => history(climber.userId, day(3)));
    await evaluateLevels(new Date(day(7).getTime() + HOUR));
    expect(await levelOf(climber.userId)).toBe('Senior');
    expect(WRITER_LEVEL_JOBS.evaluateLevels.name).toBe('writers.evaluate-levels');
  });
});
