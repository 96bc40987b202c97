import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SUPPORT_JOBS } from '../../jobs/support.js';
import { AuditLog } from '../../src/audit/models.js';
import { markOnline } from '../../src/identity/index.js';
import type { User } from '../../src/identity/models.js';
import type { Actor } from '../../src/platform/actor.js';
import { clock } from '../../src/platform/clock.js';
import { inTransaction } from '../../src/platform/database.js';
import { assignTicket, openTicket, rebalanceTickets, replyToTicket } from '../../src/support/index.js';
import { SupportTicket } from '../../src/support/models.js';
import { decideTicketTransition, excessOf, slaDeadlines, ticketStatusesFor } from '../../src/support/rules.js';
import { Website } from '../../src/tenancy/models.js';
import { makeUser } from '../admin/helpers.js';
import { actorFor } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/** support.rebalance on real tickets and identity's presence, and the pure rules of the ticket's life. */
let t: TestApp;
let client: Actor;
let admin: Actor;
let websiteId: number;
beforeAll(async () => {
  t = await startTestApp();
  client = await actorFor('client@scriptorium.test');
  admin = await actorFor('admin@scriptorium.test');
  websiteId = client.websiteId!;
});
afterEach(() => clock.reset());
afterAll(() => t?.close());

const agent = () => makeUser({ websiteId, role: 'support', status: 'active' } as never);
const open = async (priority: 'low' | 'urgent' = 'low') =>
  (await openTicket(client, { subject: 'Where is my essay?', body: 'Please check', category: 'order', priority })).id;
const ticket = async (id: number) => (await SupportTicket.findByPk(id))!;
const asSupport = (u: User): Actor => ({ userId: u.id, role: 'support', websiteId });

async function setCap(cap: number): Promise<void> {
  const website = (await Website.findByPk(websiteId))!;
  await inTransaction(() => website.update({ settings: { ...website.settings, maxActiveTicketsPerAgent: cap } as never }));
}

describe('support.rebalance', () => {
  it('moves unanswered tickets off an offline agent to the least-loaded online one, leaves answered ones, and is idempotent', async () => {
    expect(SUPPORT_JOBS.rebalance.name).toBe('support.rebalance');
    const away = await agent();
    const here = await agent();
    await markOnline(websiteId, here.id);
    const [a, b] = [await open(), await open()];
    const answered = await open();
    for (const id of [a, b, answered]) await assignTicket(admin, id, away.id);
    await replyToTicket(asSupport(away), answered, { body: 'On it' });

    const run = await rebalanceTickets();
    expect(run.moved).toBeGreaterThanOrEqual(2);
    expect((await ticket(a)).assigneeId).not.toBe(away.id);
    expect((await ticket(b)).assigneeId).not.toBe(away.id);
    expect((await ticket(answered)).assigneeId).toBe(away.id);
    const audit = await AuditLog.findOne({ where: { action: 'support_ticket.rebalance', targetId: String(a) } });
    expect(audit).toMatchObject({ actorRole: 'system' });
    expect(audit!.changes!.reason).toMatch(/offline/);

    const holders = [(await ticket(a)).assigneeId, (await ticket(b)).assigneeId];
    await rebalanceTickets();
    expect([(await ticket(a)).assigneeId, (await ticket(b)).assigneeId]).toEqual(holders);
    expect(await AuditLog.count({ where: { action: 'support_ticket.rebalance', targetId: [String(a), String(b)] } })).toBe(2);
  });

  it('takes the excess off an overloaded online agent (most urgent first) and gives it to one under the cap', async () => {
    await setCap(2);
    try {
      const busy = await agent();
      const free = await agent();
      await markOnline(websiteId, busy.id);
      await markOnline(websiteId, free.id);
      const ids = [await open('low'), await open('low'), await open('urgent')];
      for (const id of ids) await assignTicket(admin, id, busy.id);
      await rebalanceTickets();
      expect((await ticket(ids[2]!)).assigneeId).not.toBe(busy.id); // the urgent one is due first: it leaves
      expect((await ticket(ids[0]!)).assigneeId).toBe(busy.id);
      expect((await ticket(ids[1]!)).assigneeId).toBe(busy.id);
    } finally {
      await setCap(25);
    }
  });
});

describe('ticket rules', () => {
  it('follows one transitions table: a customer reply reopens, staff-only moves refuse customers, closed is final', () => {
    expect(decideTicketTransition({ transition: 'customer_reply', from: 'waiting_on_customer', role: 'customer' })).toEqual({
      ok: true,
      to: 'in_progress',
    });
    expect(decideTicketTransition({ transition: 'reply', from: 'open', role: 'support' })).toEqual({ ok: true, to: 'waiting_on_customer' });
    expect(decideTicketTransition({ transition: 'note', from: 'escalated', role: 'support' })).toEqual({ ok: true, to: 'escalated' });
    expect(decideTicketTransition({ transition: 'escalate', from: 'open', role: 'customer' })).toMatchObject({
      ok: false,
      reason: 'not_allowed_for_role',
    });
    expect(decideTicketTransition({ transition: 'customer_reply', from: 'closed', role: 'customer' })).toMatchObject({
      ok: false,
      reason: 'wrong_status',
    });
    expect(decideTicketTransition({ transition: 'close', from: 'in_progress', role: 'support' })).toMatchObject({
      ok: false,
      reason: 'not_allowed_for_role',
    });
    expect(decideTicketTransition({ transition: 'close', from: 'in_progress', role: 'admin' })).toEqual({ ok: true, to: 'closed' });
    expect(ticketStatusesFor('close', 'support')).toEqual(['resolved']);
    expect(ticketStatusesFor('escalate', 'customer')).toEqual([]);
  });

  it('times the SLA from RULES.md and picks the excess of an overloaded agent', () => {
    const at = new Date('2026-12-08T10:00:00Z');
    expect(slaDeadlines(at, 30, 80)).toEqual({ dueAt: new Date('2026-12-08T10:30:00Z'), alertAt: new Date('2026-12-08T10:24:00Z') });
    expect(slaDeadlines(at, 24 * 60, 80).alertAt).toEqual(new Date('2026-12-09T05:12:00Z'));
    expect(excessOf(['u', 'n', 'l'], 5, 3)).toEqual(['u', 'n']);
    expect(excessOf(['u'], 2, 3)).toEqual([]);
  });
});
