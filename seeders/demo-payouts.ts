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

/**
 * Money a demo writer can be paid (after seedDemoOrders and seedDemoFines), on each demo website:
 * two earlier orders completed through the services, then every pending earning of the demo writer
 * matured now — the demo does not wait the 14-day hold — through the maturity job's own code, so
 * the writer's payable holds matured earnings (less the demo fines) and `npm run job --
 * writers.build-payouts` builds a batch at once. Idempotent: a writer with a matured earning is left alone.
 */
export async function seedDemoPayouts(): Promise<{ matured: number }> {
  let held = 0;
  for (const spec of DEMO_WEBSITES) {
    const website = await Website.findOne({ where: { slug: spec.slug } });
    const cast = website ? await castOf(website.id, spec.emailDomain) : null;
    if (!cast) continue;
    const writerId = cast.writer.userId;
    if (await WriterEarning.count({ where: { writerId, status: { [Op.ne]: 'pending' } } })) continue;
    for (const details of EARLIER_ORDERS) await playOrder(cast, 'completed', details);
    // The hold is what makes an earning wait; the demo's is over now.
    const [count] = await inTransaction(() => WriterEarning.update({ maturesAt: clock.now() }, { where: { writerId, status: 'pending' } }));
    held += count;
  }
  if (!held) return { matured: 0 };
  return { matured: (await matureEarnings()).matured };
}
