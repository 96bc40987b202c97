import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../src/analytics/index.js';
import { clock } from '../../src/platform/clock.js';
import { signIn, type Agent } from '../support/admin.js';
import { startAdminApp } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { websiteBySlug } from '../admin/helpers.js';
import { insertHeldMessage, insertOrder, insertPayment, insertRefund, insertTicket, insertWriterRequest } from './dashboard-fixtures.js';

/**
 * Each queue's count equals the total of the list it links to, per website and role: the queue
 * counts come from /admin/api/dashboard, the list totals from the AdminJS list API with the
 * link's own filters.
 */
let t: TestApp;
let siteA: number;
let siteB: number;
const agents: Record<string, Agent> = {};

interface Queue {
  key: string;
  count: number;
  href: string;
}

async function queuesOf(agent: Agent, query = '', host = 'localhost'): Promise<Queue[]> {
  const res = await agent.get(`/admin/api/dashboard${query}`).set('Host', host).expect(200);
  expect(res.body.error).toBeUndefined();
  return res.body.queues as Queue[];
}

/** The total the linked list shows: the list action of the same resource with the link's query. */
async function listTotal(agent: Agent, href: string, host = 'localhost'): Promise<number> {
  const [path, query] = href.split('?');
  const resource = path!.replace('/admin/resources/', '');
  const res = await agent.get(`/admin/api/resources/${resource}/actions/list?${query}`).set('Host', host).expect(200);
  expect(res.body.baseError ?? null).toBeNull();
  return res.body.meta.total as number;
}

async function seedQueues(websiteId: number, n: number): Promise<void> {
  const now = clock.now();
  for (let i = 0; i < n; i++) {
    await insertOrder(websiteId, { status: 'ready_for_staffing' });
    await insertOrder(websiteId, { status: 'in_progress', overdueAt: now });
    await insertOrder(websiteId, { status: 'disputed' });
    await insertOrder(websiteId, { status: 'pending_cancellation' });
    const order = await insertOrder(websiteId, { status: 'in_progress' });
    await insertRefund(websiteId, order, { amountCents: 500 });
    await insertPayment(websiteId, order, { amountCents: 700 });
    await insertHeldMessage(websiteId, order);
    await insertTicket(websiteId, { breached: true, status: 'assigned' });
    await insertWriterRequest(websiteId, order);
  }
  // Rows that must not count: flagged overdue but delivered, a breach already resolved.
  await insertOrder(websiteId, { status: 'submitted', overdueAt: now });
  await insertTicket(websiteId, { breached: true, status: 'resolved' });
}

beforeAll(async () => {
  t = await startAdminApp();
  siteA = (await websiteBySlug('scriptorium-a')).id;
  siteB = (await websiteBySlug('scriptorium-b')).id;
  await seedQueues(siteA, 3);
  await seedQueues(siteB, 2);
  agents.admin = await signIn(t.app, 'admin@scriptorium.test');
  agents.support = await signIn(t.app, 'support@scriptorium.test');
  agents.adminB = await signIn(t.app, 'admin@b.scriptorium.test', 'b.localhost');
  agents.superadmin = await signIn(t.app, 'superadmin@scriptorium.test');
}, 120_000);
afterAll(() => t?.close());

describe('dashboard queues', () => {
  it("an admin's queues count their website's rows, each equal to the linked list's total", async () => {
    const queues = await queuesOf(agents.admin!);
    expect(queues.map((q) => q.key)).toEqual(QUEUES.map((q) => q.key));
    const byKey = Object.fromEntries(queues.map((q) => [q.key, q.count]));
    expect(byKey).toMatchObject({ staffing: 3, overdue: 3, disputed: 3, cancellations: 3, refunds: 3 });
    expect(byKey).toMatchObject({ offlinePayments: 3, heldMessages: 3, slaBreaches: 3, writerRequests: 3 });
    for (const queue of queues) expect(await listTotal(agents.admin!, queue.href), queue.key).toBe(queue.count);
  });

  it("website B's admin and website A's support see their own website's counts, matching their lists", async () => {
    const b = await queuesOf(agents.adminB!, '', 'b.localhost');
    expect(b.find((q) => q.key === 'staffing')!.count).toBe(2);
    for (const queue of b) expect(await listTotal(agents.adminB!, queue.href, 'b.localhost'), queue.key).toBe(queue.count);
    const support = await queuesOf(agents.support!);
    expect(support.find((q) => q.key === 'disputed')!.count).toBe(3);
    for (const queue of support) expect(await listTotal(agents.support!, queue.href), queue.key).toBe(queue.count);
  });

  it('an admin cannot look at another website; a superadmin sees all or one, the links naming the website', async () => {
    const refused = await agents.admin!.get(`/admin/api/dashboard?websiteId=${siteB}`).set('Host', 'localhost').expect(200);
    expect(refused.body.error).toMatch(/website/i);
    const all = await queuesOf(agents.superadmin!);
    expect(all.find((q) => q.key === 'staffing')!.count).toBe(5);
    for (const queue of all) expect(await listTotal(agents.superadmin!, queue.href), queue.key).toBe(queue.count);
    const onlyB = await queuesOf(agents.superadmin!, `?websiteId=${siteB}`);
    expect(onlyB.find((q) => q.key === 'overdue')!.count).toBe(2);
    for (const queue of onlyB) {
      expect(queue.href).toContain(`filters.websiteId=${siteB}`);
      expect(await listTotal(agents.superadmin!, queue.href), queue.key).toBe(queue.count);
    }
  });
});

describe('dashboard queue policy', () => {
  it('shows a queue to exactly the roles whose list action of that resource is accessible', async () => {
    const { QUEUE_LIST_ROLES } = await import('../../src/analytics/index.js');
    const { ordersAndPricingResources } = await import('../../resources/orders.js');
    const { refundsResource } = await import('../../resources/refunds.js');
    const { paymentsResource } = await import('../../resources/payments.js');
    const { ticketsResource } = await import('../../resources/support.js');
    const { finesResource } = await import('../../resources/fines.js');
    const { payoutsResource } = await import('../../resources/payouts.js');
    const all = [
      ...ordersAndPricingResources(),
      refundsResource(),
      paymentsResource(),
      ticketsResource(),
      finesResource(),
      payoutsResource(),
    ];
    for (const [resourceId, roles] of Object.entries(QUEUE_LIST_ROLES)) {
      const found = all.find((r) => (r.resource as { id(): string }).id() === resourceId);
      expect(found, resourceId).toBeDefined();
      const list = (found!.options as { actions: { list: { isAccessible: (c: object) => boolean } } }).actions.list;
      for (const role of ['client', 'writer', 'editor', 'support', 'admin', 'superadmin'])
        expect(list.isAccessible({ currentAdmin: { id: '1', role, websiteId: siteA } }), `${resourceId} ${role}`).toBe(
          (roles as readonly string[]).includes(role),
        );
    }
  });
});
