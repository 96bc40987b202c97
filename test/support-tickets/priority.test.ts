import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import type { Actor } from '../../src/platform/actor.js';
import { clock } from '../../src/platform/clock.js';
import { applyTicketSla, openTicket, replyToTicket, resolveTicket, setTicketPriority } from '../../src/support/index.js';
import { SupportTicket } from '../../src/support/models.js';
import { DEFAULT_FIRST_RESPONSE_MINUTES } from '../../src/support/rules.js';
import { actorFor } from '../orders/fixtures.js';
import { recordActions, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';

/**
 * Staff change a ticket's priority (the back office's `setPriority` on the tickets resource): the
 * SLA of a ticket still waiting for its first response follows the new priority, an alert already
 * raised is raised again when the new alert time is ahead, a recorded breach stays; refused for a
 * customer, another website's staff, a closed ticket, the same priority, no reason. Audited.
 */
let t: TestApp;
let client: Actor;
let support: Actor;
let supportAgent: Agent;
let adminB: Agent;
const tickets = recordActions('tickets');
const MINUTE = 60_000;

beforeAll(async () => {
  t = await startAdminApp();
  client = await actorFor('client@scriptorium.test');
  support = await actorFor('support@scriptorium.test');
  ({ support: supportAgent, adminB } = await signInStaff(t.app));
});
afterEach(() => clock.reset());
afterAll(() => t?.close());

const open = async (priority: 'low' | 'normal' | 'high' | 'urgent') =>
  (await openTicket(client, { subject: 'Refund question', body: 'When will it arrive?', category: 'payment', priority })).id;
const ticket = async (id: number) => (await SupportTicket.findByPk(id))!;

describe('changing a ticket’s priority', () => {
  it('moves an unanswered ticket’s SLA to the new target, counted from the opening, audited with the reason', async () => {
    const id = await open('low');
    const opened = (await ticket(id)).createdAt.getTime();
    await setTicketPriority(support, id, 'urgent', 'Customer cannot sign in before an exam');
    const after = await ticket(id);
    expect(after.priority).toBe('urgent');
    expect(after.firstResponseDueAt.getTime()).toBe(opened + DEFAULT_FIRST_RESPONSE_MINUTES.urgent * MINUTE);
    const audit = await AuditLog.findOne({ where: { action: 'support_ticket.priority', targetId: String(id) } });
    expect(audit?.changes).toMatchObject({
      before: { priority: 'low' },
      after: { priority: 'urgent' },
      reason: 'Customer cannot sign in before an exam',
    });

    // The SLA job reads the new times: past the urgent target, the ticket is breached and escalated.
    clock.travel(DEFAULT_FIRST_RESPONSE_MINUTES.urgent * MINUTE + MINUTE);
    await applyTicketSla();
    expect(await ticket(id)).toMatchObject({ slaBreached: true, status: 'escalated' });
  });

  it('raises an alert again when a lower priority puts it ahead; a ticket answered keeps its SLA record', async () => {
    const id = await open('urgent');
    clock.travel(Math.ceil(DEFAULT_FIRST_RESPONSE_MINUTES.urgent * 0.85) * MINUTE);
    await applyTicketSla();
    expect((await ticket(id)).slaAlerted).toBe(true);
    await setTicketPriority(support, id, 'low', 'Not urgent after all');
    expect(await ticket(id)).toMatchObject({ priority: 'low', slaAlerted: false });

    const answered = await open('normal');
    await replyToTicket(support, answered, { body: 'Looking into it' });
    const due = (await ticket(answered)).firstResponseDueAt.getTime();
    await setTicketPriority(support, answered, 'high', 'Order due tomorrow');
    expect((await ticket(answered)).firstResponseDueAt.getTime()).toBe(due);
  });

  it('refuses a customer, the same priority, a missing reason, a bad value and a closed ticket', async () => {
    const id = await open('normal');
    await expect(setTicketPriority(client, id, 'urgent', 'Please')).rejects.toMatchObject({ status: 403 });
    await expect(setTicketPriority(support, id, 'normal', 'Same')).rejects.toMatchObject({
      status: 400,
      fields: { priority: expect.any(String) },
    });
    await expect(setTicketPriority(support, id, 'high', '  ')).rejects.toMatchObject({ status: 400, fields: { reason: 'is required' } });
    await expect(setTicketPriority(support, id, 'asap', 'Now')).rejects.toMatchObject({
      status: 400,
      fields: { priority: expect.any(String) },
    });
    await resolveTicket(support, id);
    await expect(setTicketPriority(support, id, 'high', 'Reopen it')).rejects.toMatchObject({ status: 409 });
  });

  it('is the tickets resource’s setPriority action; another website’s admin cannot reach the ticket', async () => {
    const id = await open('low');
    const shown = await tickets.get(supportAgent, id, 'setPriority').expect(200);
    expect(shown.body.record.params.priority).toBe('low');
    const done = await tickets.act(supportAgent, id, 'setPriority', { priority: 'high', reason: 'Deadline tonight' }).expect(200);
    expect(done.body.notice, JSON.stringify(done.body)).toMatchObject({ type: 'success' });
    expect((await ticket(id)).priority).toBe('high');
    const refused = await tickets.act(supportAgent, id, 'setPriority', { priority: 'urgent' }).expect(200);
    expect(refused.body.notice).toMatchObject({ type: 'error' });
    expect((await ticket(id)).priority).toBe('high');
    await tickets.act(adminB, id, 'setPriority', { priority: 'urgent', reason: 'Mine now' }, 'b.localhost').expect(404);
    expect((await ticket(id)).priority).toBe('high');
  });
});
