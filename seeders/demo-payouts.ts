import { Op } from 'sequelize';
import { clock } from '../src/platform/clock.js';
import { inTransaction } from '../src/platform/database.js';
import { Website } from '../src/tenancy/index.js';
import { matureEarnings, WriterEarning } from '../src/writers/index.js';
import { DEMO_WEBSITES } from './demo.js';
import { castOf, playOrder } from './demo-orders.js';

/** Earlier work of each demo writer: enough that a payout is worth building after the demo fines. */
const EARLIER_ORDERS = [
  { topic: 'Attachment theory in early childhood', paperType: 'essay', subject: 'psychology', pages: 20 },
  { topic: 'The Marshall Plan and European recovery', paperType: 'essay', subject: 'history', pages: 20 },
] as const;

const DAY = 86_400_000;

/**
 * Runs `play` with the clock every service reads set `daysAgo` days back, then brings it back. Only
 * for seeding, before anything else runs in the process (the clock is the process's).
 */
async function asOf<T>(daysAgo: number, play: () => Promise<T>): Promise<T> {
  clock.travel(-daysAgo * DAY);
  try {
    return await play();
  } finally {
    clock.travel(daysAgo * DAY);
  }
}

/**
 * Money a demo writer can be paid (after seedDemoOrders and seedDemoFines), on each demo website.
 * Two earlier orders were completed 50 days ago and their earnings matured after the 14-day hold,
 * 35 days ago — before the end of any payout period that has ended — so `npm run job --
 * writers.build-payouts` builds each demo writer a batch at once. The demo's own completed order
 * (today) is matured now, skipping the hold, so an early payout can take everything after the demo
 * fines. All through the services and the maturity job's own code. Idempotent: a writer with a
 * matured earning is left alone.
 */
export async function seedDemoPayouts(): Promise<{ matured: number }> {
  const writers: number[] = [];
  for (const spec of DEMO_WEBSITES) {
    const website = await Website.findOne({ where: { slug: spec.slug } });
    const cast = website ? await castOf(website.id, spec.emailDomain) : null;
    if (!cast) continue;
    const writerId = cast.writer.userId;
    if (await WriterEarning.count({ where: { writerId, status: { [Op.ne]: 'pending' } } })) continue;
    await asOf(50, async () => {
      for (const details of EARLIER_ORDERS) await playOrder(cast, 'completed', details);
    });
    writers.push(writerId);
  }
  if (!writers.length) return { matured: 0 };
  const { matured: earlier } = await asOf(35, () => matureEarnings());
  // The hold is what makes today's earning wait; the demo's is over now.
  await inTransaction(() => WriterEarning.update({ maturesAt: clock.now() }, { where: { writerId: writers, status: 'pending' } }));
  const { matured: today } = await matureEarnings();
  return { matured: earlier + today };
}
