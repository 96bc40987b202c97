import type { Actor } from '../src/platform/actor.js';
import { User } from '../src/identity/index.js';
import { adjustAccount } from '../src/ledger/index.js';
import {
  approveOrder,
  assignWriter,
  createDraftOrder,
  deliverOrder,
  Order,
  type OrderDetailsInput,
  submitOrder,
} from '../src/orders/index.js';
import { approveTask, claimTask, EditorTask } from '../src/editors/index.js';
import { uploadOrderFile } from '../src/orders/files/index.js';
import { payOrderFromWallet } from '../src/payments/index.js';
import { clock } from '../src/platform/clock.js';
import { Website } from '../src/tenancy/index.js';
import { DEMO_WEBSITES } from './demo.js';

const DAY = 86_400_000;

/** How far each demo order goes through the lifecycle, in order. */
const STAGES = ['draft', 'pending_payment', 'paid', 'in_progress', 'submitted', 'completed'] as const;
type Stage = (typeof STAGES)[number];

const DEMO_ORDERS: Array<{ stage: Stage; details: OrderDetailsInput }> = [
  { stage: 'draft', details: { topic: 'The ethics of gene editing', paperType: 'essay', pages: 2 } },
  {
    stage: 'pending_payment',
    details: { topic: 'Monetary policy after 2008', paperType: 'research_paper', subject: 'economics', pages: 4 },
  },
  { stage: 'paid', details: { topic: 'Symbolism in The Great Gatsby', paperType: 'essay', subject: 'english', pages: 3 } },
  { stage: 'in_progress', details: { topic: 'Renewable energy subsidies in the EU', paperType: 'essay', subject: 'economics', pages: 3 } },
  { stage: 'submitted', details: { topic: 'The causes of the First World War', paperType: 'essay', subject: 'history', pages: 2 } },
  { stage: 'completed', details: { topic: 'Cognitive load theory in classrooms', paperType: 'essay', subject: 'psychology', pages: 2 } },
];

const reached = (stage: Stage, target: Stage) => STAGES.indexOf(stage) >= STAGES.indexOf(target);

export interface Cast {
  client: Actor & { userId: number };
  writer: Actor & { userId: number };
  admin: Actor & { userId: number };
  /** The website's demo editor (when its editing requirement sends the work to an editor). */
  editor?: Actor & { userId: number };
}

export async function castOf(websiteId: number, emailDomain: string): Promise<Cast | null> {
  const find = async (role: 'client' | 'writer' | 'admin' | 'editor') => {
    const user = await User.findOne({ where: { websiteId, email: `${role}@${emailDomain}` } });
    return user ? { userId: user.id, role: user.role, websiteId } : null;
  };
  const [client, writer, admin, editor] = await Promise.all([find('client'), find('writer'), find('admin'), find('editor')]);
  return client && writer && admin ? { client, writer, admin, ...(editor ? { editor } : {}) } : null;
}

/** One demo order taken to its stage through the same services as the API and the back office. */
export async function playOrder(cast: Cast, stage: Stage, details: OrderDetailsInput): Promise<void> {
  const { client, writer, admin } = cast;
  const draft = await createDraftOrder(client, {
    academicLevel: 'undergraduate',
    subject: 'history',
    instructions: 'Use at least five academic sources, APA style.',
    deadline: new Date(clock.now().getTime() + 10 * DAY),
    ...details,
  });
  if (!reached(stage, 'pending_payment')) return;
  const placed = await submitOrder(client, draft.id);
  if (!reached(stage, 'paid')) return;
  // The demo pays from the wallet: an audited credit of exactly the price first, keyed by the order.
  await adjustAccount(admin, {
    accountRef: { kind: 'client_wallet', ownerId: client.userId },
    amountCents: placed.totalCents!,
    reason: `Demo credit for order ${placed.number}`,
    idempotencyKey: `demo-seed:order-credit:${placed.id}`,
  });
  await payOrderFromWallet(client, placed.id);
  if (!reached(stage, 'in_progress')) return;
  await assignWriter(admin, placed.id, { writerId: writer.userId, autoAccept: true });
  if (!reached(stage, 'submitted')) return;
  const text = `${details.topic}\n\nThe finished paper (demo content).\n`;
  await uploadOrderFile(writer, placed.id, { category: 'final', fileName: 'final-paper.txt', bytes: new TextEncoder().encode(text) });
  const handedIn = await deliverOrder(writer, placed.id, 'Here is the finished paper.');
  // A website that edits its orders (demo website B: every one): the demo editor claims and passes the work.
  if (handedIn.status === 'under_editing' && cast.editor) {
    const task = (await EditorTask.findOne({ where: { orderId: placed.id, status: 'available' } }))!;
    await claimTask(cast.editor, task.id);
    await approveTask(cast.editor, task.id, { note: 'Checked and passed (demo).' });
  }
  if (!reached(stage, 'completed')) return;
  await approveOrder(client, placed.id);
}

/**
 * Demo orders (after seedDemo and seedDemoMoney): on each demo website, the demo client's orders
 * at every stage — a draft, one awaiting payment, one paid and in the writers' pool, one in
 * progress, one delivered and one completed (which leaves the demo writer a pending earning) —
 * each taken there through the services, so the back office, the portals and the ledger show a
 * working business. Skipped for a client who already has orders (idempotent, and a demo database
 * in use is left alone). Tests do not call it.
 */
export async function seedDemoOrders(): Promise<{ orders: number }> {
  let orders = 0;
  for (const spec of DEMO_WEBSITES) {
    const website = await Website.findOne({ where: { slug: spec.slug } });
    const cast = website ? await castOf(website.id, spec.emailDomain) : null;
    if (!cast || (await Order.count({ where: { clientId: cast.client.userId } }))) continue;
    for (const { stage, details } of DEMO_ORDERS) {
      await playOrder(cast, stage, details);
      orders++;
    }
  }
  return { orders };
}
