import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defineSupportJobs, SUPPORT_JOBS } from '../../jobs/support.js';
import { AuditLog } from '../../src/audit/models.js';
import { User } from '../../src/identity/models.js';
import { clock } from '../../src/platform/clock.js';
import { SupportTicket, SupportTicketMessage } from '../../src/support/models.js';
import { HOST_A, login } from '../identity/helpers.js';
import { actorFor, paidOrder } from '../orders/fixtures.js';
import { adminGet, listedIds, recordActions, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';

/**
 * The Done-when flow of issue 12 through HTTP as its users meet it: a client opens a ticket about
 * their order through the API, support claims it and answers in the back office (an internal note
 * beside the public reply), the SLA job escalates an unanswered urgent ticket at breach (the test
 * drives the clock), support resolves and closes; the client never sees an internal note.
 */
const MINUTE = 60_000;

let t: TestApp;
let support: Agent;
let admin: Agent;
let clientToken: string;
let supportUser: User;
const tickets = recordActions('tickets');
const jobs = new Map<string, () => Promise<void>>();

beforeAll(async () => {
  t = await startAdminApp();
  ({ support, admin } = await signInStaff(t.app));
  clientToken = (await login(t.app, 'client@scriptorium.test')).accessToken;
  supportUser = (await User.findOne({ where: { email: 'support@scriptorium.test' } }))!;
  defineSupportJobs({ define: (name: string, fn: () => Promise<void>) => jobs.set(name, fn) } as never, t.context.logger);
});
afterEach(() => clock.reset());
afterAll(() => t?.close());

export const api = (token: string, host = HOST_A) => ({
  open: (body: object) =>
    request(t.app).post('/api/v1/support/tickets').set('Host', host).set('Authorization', `Bearer ${token}`).send(body),
  list: (query = '') => request(t.app).get(`/api/v1/support/tickets${query}`).set('Host', host).set('Authorization', `Bearer ${token}`),
  get: (id: number) => request(t.app).get(`/api/v1/support/tickets/${id}`).set('Host', host).set('Authorization', `Bearer ${token}`),
  reply: (id: number, body: object) =>
    request(t.app).post(`/api/v1/support/tickets/${id}/messages`).set('Host', host).set('Authorization', `Bearer ${token}`).send(body),
});

const INTERNAL = 'Internal: the client paid twice, refund the second charge quietly';

describe('a ticket from the client to support and back (issue 12, Done when)', () => {
  it('is opened about the client’s order, answered by support (note + public reply), reopened by the client, resolved and closed', async () => {
    const client = await actorFor('client@scriptorium.test');
    const order = await paidOrder(client, { topic: 'Ticketed order' });
    const opened = await api(clientToken)
      .open({
        subject: 'Charged twice',
        body: 'My card shows two charges for this order.',
        category: 'payment',
        priority: 'high',
        orderId: order.id,
      })
      .expect(201);
    expect(opened.body).toMatchObject({
      subject: 'Charged twice',
      status: 'open',
      priority: 'high',
      orderId: order.id,
      orderNumber: order.number,
      firstRespondedAt: null,
      messages: [{ author: 'you', body: 'My card shows two charges for this order.' }],
    });
    const id = opened.body.id as number;
    const row = (await SupportTicket.findByPk(id))!;
    // High priority: the first response is due 2 h after opening, the alert at 80 % (96 min).
    expect(row.firstResponseDueAt.getTime() - row.createdAt.getTime()).toBe(120 * MINUTE);
    expect(row.slaAlertAt.getTime() - row.createdAt.getTime()).toBe(96 * MINUTE);
    expect(await AuditLog.count({ where: { action: 'support_ticket.open', targetId: String(id) } })).toBe(1);

    // The client's list, by status.
    expect((await api(clientToken).list('?status=open').expect(200)).body.items.map((i: { id: number }) => i.id)).toContain(id);
    expect((await api(clientToken).list('?status=closed').expect(200)).body.items.map((i: { id: number }) => i.id)).not.toContain(id);

    // Support finds it in the queue and claims it.
    const queue = await adminGet(support, 'tickets/actions/list?filters.status=open&filters.priority=high&perPage=500').expect(200);
    expect(listedIds(queue.body)).toContain(id);
    const claimForm = await tickets.get(support, id, 'assign').expect(200);
    expect(claimForm.body.preview.agents.map((a: { id: number }) => a.id)).toContain(supportUser.id);
    expect((await tickets.act(support, id, 'assign', { assigneeId: 'me' }).expect(200)).body.notice.type).toBe('success');
    expect(await SupportTicket.findByPk(id)).toMatchObject({ status: 'assigned', assigneeId: supportUser.id });

    // An internal note, then the public answer 30 minutes after opening.
    expect((await tickets.act(support, id, 'reply', { body: INTERNAL, internal: 'true' }).expect(200)).body.notice.type).toBe('success');
    expect((await SupportTicket.findByPk(id))!.status).toBe('assigned');
    clock.travel(30 * MINUTE);
    const answered = await tickets.act(support, id, 'reply', { body: 'We are checking with the bank.', internal: 'false' }).expect(200);
    expect(answered.body.notice.type).toBe('success');
    const afterReply = (await SupportTicket.findByPk(id))!;
    expect(afterReply).toMatchObject({ status: 'waiting_on_customer' });
    expect(afterReply.firstResponseSeconds).toBeGreaterThanOrEqual(30 * 60);
    expect(afterReply.firstResponseSeconds).toBeLessThan(31 * 60);

    clientToken = (await login(t.app, 'client@scriptorium.test')).accessToken; // the clock moved past the access token's life
    // The client sees the public reply, never the note — not in the ticket, not in the list.
    const seen = await api(clientToken).get(id).expect(200);
    expect(seen.body.status).toBe('waiting_on_customer');
    expect(seen.body.firstRespondedAt).not.toBeNull();
    expect(seen.body.messages.map((m: { author: string; body: string }) => [m.author, m.body])).toEqual([
      ['you', 'My card shows two charges for this order.'],
      ['support', 'We are checking with the bank.'],
    ]);
    expect(JSON.stringify(seen.body)).not.toContain('Internal');
    expect(JSON.stringify((await api(clientToken).list().expect(200)).body)).not.toContain('Internal');
    // Staff see both in the thread of the record page.
    const thread = await tickets.get(support, id, 'lines').expect(200);
    expect(thread.body.lines.map((l: { internal: boolean }) => l.internal)).toEqual([false, true, false]);

    // The client's reply reopens the ticket.
    const replied = await api(clientToken).reply(id, { body: 'Thank you, here is the second receipt number: 4411.' }).expect(201);
    expect(replied.body.status).toBe('in_progress');

    // Resolve, close (each audited); a closed ticket takes no more replies: 409 with the current status.
    expect((await tickets.act(support, id, 'resolve', { reason: 'Refunded the duplicate' }).expect(200)).body.notice.type).toBe('success');
    expect((await SupportTicket.findByPk(id))!.status).toBe('resolved');
    expect((await tickets.act(support, id, 'close').expect(200)).body.notice.type).toBe('success');
    expect((await api(clientToken).get(id).expect(200)).body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    const refused = await api(clientToken).reply(id, { body: 'One more thing' }).expect(409);
    expect(refused.body.error).toMatchObject({ code: 'conflict', currentStatus: 'closed' });
    const closeAgain = await tickets.act(support, id, 'close').expect(200);
    expect(closeAgain.body.notice).toMatchObject({ type: 'error' });
    expect(closeAgain.body.notice.message).toMatch(/closed/);

    const actions = (await AuditLog.findAll({ where: { targetType: 'support_ticket', targetId: String(id) }, order: [['id', 'ASC']] })).map(
      (a) => a.action,
    );
    expect(actions).toEqual([
      'support_ticket.open',
      'support_ticket.claim',
      'support_ticket.note',
      'support_ticket.reply',
      'support_ticket.customer_reply',
      'support_ticket.resolve',
      'support_ticket.close',
    ]);
    expect(await SupportTicketMessage.count({ where: { ticketId: id, internal: true } })).toBe(1);
  });

  it('is alerted at 80 % and escalated at breach by support.sla, once however often it runs', async () => {
    expect(SUPPORT_JOBS.sla.name).toBe('support.sla');
    const opened = await api(clientToken).open({
      subject: 'Cannot log in on my phone',
      body: 'It says locked.',
      category: 'account',
      priority: 'urgent',
    });
    expect(opened.status).toBe(201);
    const id = opened.body.id as number;
    const sla = jobs.get('support.sla')!;

    clock.travel(23 * MINUTE); // under 80 % of 30 min
    await sla();
    expect(await SupportTicket.findByPk(id)).toMatchObject({ slaAlerted: false, slaBreached: false, status: 'open' });

    clock.travel(2 * MINUTE); // 25 min: past 24 min (80 %)
    await sla();
    await sla();
    expect(await SupportTicket.findByPk(id)).toMatchObject({ slaAlerted: true, slaBreached: false, status: 'open' });

    clock.travel(6 * MINUTE); // 31 min: breached
    await Promise.all([sla(), sla()]);
    await sla();
    const breached = (await SupportTicket.findByPk(id))!;
    expect(breached).toMatchObject({
      slaAlerted: true,
      slaBreached: true,
      status: 'escalated',
      escalationReason: 'First-response target breached',
    });
    const audits = await AuditLog.findAll({ where: { targetType: 'support_ticket', targetId: String(id) }, order: [['id', 'ASC']] });
    expect(audits.map((a) => [a.action, a.actorRole])).toEqual([
      ['support_ticket.open', 'client'],
      ['support_ticket.sla_alert', 'system'],
      ['support_ticket.sla_breach', 'system'],
    ]);

    // The breached filter and the dashboard show it; support answers, resolves and closes it.
    const list = await adminGet(support, 'tickets/actions/list?filters.slaBreached=true&perPage=500').expect(200);
    expect(listedIds(list.body)).toContain(id);
    const page = await support.get('/admin/api/pages/support').set('Host', 'localhost').expect(200);
    expect(page.body.breaches.map((b: { id: number }) => b.id)).toContain(id);
    expect(page.body.queue.find((q: { priority: string }) => q.priority === 'urgent').breached).toBeGreaterThanOrEqual(1);

    await tickets.act(support, id, 'reply', { body: 'Unlocked now, sorry for the wait.' }).expect(200);
    expect((await SupportTicket.findByPk(id))!.status).toBe('escalated'); // escalation holds until resolved
    await tickets.act(support, id, 'resolve').expect(200);
    await tickets.act(admin, id, 'close').expect(200);
    clientToken = (await login(t.app, 'client@scriptorium.test')).accessToken; // the clock moved past the access token's life
    expect((await api(clientToken).get(id).expect(200)).body.status).toBe('closed');
  });
});
