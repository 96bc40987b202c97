import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../src/identity/models.js';
import { assignTicket, openTicket } from '../../src/support/index.js';
import { actorFor } from '../orders/fixtures.js';
import { adminGet, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';

/**
 * A list populates each reference property; asks of the same resource in one populate (a ticket's
 * requester and agent are both `users`) are answered by one query (ScopedResource.findMany): each
 * property must still get its own record, and nothing outside the staff member's scope.
 */
let t: TestApp;
let admin: Agent;
let adminB: Agent;

beforeAll(async () => {
  t = await startAdminApp();
  ({ admin, adminB } = await signInStaff(t.app));
});
afterAll(() => t?.close());

type Listed = { records: Array<{ id: string; populated: Record<string, { params: { email: string } } | undefined> }> };

describe('reference population in back-office lists', () => {
  it('gives each reference its own record when several point at users, within the website', async () => {
    const client = await actorFor('client@scriptorium.test');
    const adminActor = await actorFor('admin@scriptorium.test');
    const supportUser = (await User.findOne({ where: { email: 'support@scriptorium.test' } }))!;
    const assigned = await openTicket(client, { subject: 'Assigned', body: 'Body', category: 'other', priority: 'low' });
    await assignTicket(adminActor, assigned.id, supportUser.id);
    const waiting = await openTicket(client, { subject: 'Waiting', body: 'Body', category: 'other', priority: 'low' });

    const body = (await adminGet(admin, 'tickets/actions/list?perPage=500').expect(200)).body as Listed;
    const byId = new Map(body.records.map((r) => [Number(r.id), r]));
    expect(byId.get(assigned.id)!.populated.requesterId!.params.email).toBe('client@scriptorium.test');
    expect(byId.get(assigned.id)!.populated.assigneeId!.params.email).toBe('support@scriptorium.test');
    expect(byId.get(waiting.id)!.populated.requesterId!.params.email).toBe('client@scriptorium.test');
    expect(byId.get(waiting.id)!.populated.assigneeId).toBeUndefined();

    // Website B's admin sees neither ticket nor, through them, website A's users.
    const onB = (await adminGet(adminB, 'tickets/actions/list?perPage=500', 'b.localhost').expect(200)).body as Listed;
    expect(onB.records.map((r) => Number(r.id))).not.toContain(assigned.id);
    for (const r of onB.records)
      for (const ref of Object.values(r.populated)) if (ref) expect(ref.params.email).not.toMatch(/@scriptorium\.test$/);
  });
});
