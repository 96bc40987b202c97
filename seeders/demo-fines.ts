import type { Actor } from '../src/platform/actor.js';
import { User } from '../src/identity/index.js';
import { Order } from '../src/orders/index.js';
import { inTransaction } from '../src/platform/database.js';
import { Website } from '../src/tenancy/index.js';
import { Fine, issueFine } from '../src/writers/fines/index.js';
import { DEMO_WEBSITES } from './demo.js';

const LATE_MS = 2 * 3_600_000 + 30 * 60_000;

/**
 * Fines for the demo (after seedDemoOrders), on each demo website: the demo writer's completed
 * order carries an open fine (wrong files, issued by the demo admin through the fines service,
 * posted against the writer), and the delivered order was handed in 2 h 30 min past its writer
 * deadline, so the writers.lateness-fines job fines it 15 % (`npm run job -- writers.lateness-fines`).
 * The order services cannot deliver in the past, so the demo moves that order's writer deadline
 * (and its assignment) back instead. Idempotent: a writer who has a fine, or an order already late, is left alone.
 */
export async function seedDemoFines(): Promise<{ fines: number; lateDeliveries: number }> {
  let fines = 0;
  let lateDeliveries = 0;
  for (const spec of DEMO_WEBSITES) {
    const website = await Website.findOne({ where: { slug: spec.slug } });
    if (!website) continue;
    const [admin, writer] = await Promise.all(
      ['admin', 'writer'].map((role) => User.findOne({ where: { websiteId: website.id, email: `${role}@${spec.emailDomain}` } })),
    );
    if (!admin || !writer) continue;
    const actor: Actor = { userId: admin.id, role: 'admin', websiteId: website.id };
    const ofWriter = (status: string) =>
      Order.findOne({ where: { websiteId: website.id, writerId: writer.id, status }, order: [['id', 'ASC']] });

    const completed = await ofWriter('completed');
    if (completed && !(await Fine.count({ where: { writerId: writer.id } }))) {
      await issueFine(actor, {
        orderId: completed.id,
        typeCode: 'wrong_files',
        reason: 'Demo: the first upload was the outline, not the paper',
      });
      fines++;
    }

    const delivered = await ofWriter('submitted');
    if (delivered?.deliveredAt && delivered.writerDeadline && delivered.writerDeadline > delivered.deliveredAt) {
      const deliveredAt = delivered.deliveredAt.getTime();
      // Assigned well before that deadline: a writer given an order already late is not fined.
      await inTransaction(() =>
        delivered.update({ writerDeadline: new Date(deliveredAt - LATE_MS), assignedAt: new Date(deliveredAt - 3 * 86_400_000) }),
      );
      lateDeliveries++;
    }
  }
  return { fines, lateDeliveries };
}
