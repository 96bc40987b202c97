import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/actor.js';
import { User } from '../../src/identity/models.js';
import { SupportTicket, SupportTicketAttachment } from '../../src/support/models.js';
import { escalateTicket, replyToTicket } from '../../src/support/index.js';
import { makeUser } from '../admin/helpers.js';
import { HOST_A, HOST_B, login } from '../identity/helpers.js';
import { PNG, pdf } from '../orders/files-fixtures.js';
import { actorFor, newClient, paidOrder } from '../orders/fixtures.js';
import { recordActions, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';

/**
 * Who may not: another client's ticket, another website's ticket, a client using staff actions
 * (API, service and back office), an order that is not the customer's own, staff of another
 * website, bad input; and the files a ticket carries, checked and served like order files.
 */
let t: TestApp;
let support: Agent;
let adminB: Agent;
let clientToken: string;
let otherToken: string;
let clientBToken: string;
let client: Actor;
const tickets = recordActions('tickets');

beforeAll(async () => {
  t = await startAdminApp();
  ({ support, adminB } = await signInStaff(t.app));
  client = await actorFor('client@scriptorium.test');
  clientToken = (await login(t.app, 'client@scriptorium.test')).accessToken;
  const other = await makeUser({ websiteId: client.websiteId!, role: 'client', status: 'active' } as never);
  otherToken = (await login(t.app, other.email)).accessToken;
  clientBToken = (await login(t.app, 'client@b.scriptorium.test', { host: HOST_B })).accessToken;
});
afterAll(() => t?.close());

const call = (method: 'get' | 'post', path: string, token: string, host = HOST_A) =>
  request(t.app)[method](`/api/v1/support${path}`).set('Host', host).set('Authorization', `Bearer ${token}`);

async function openTicket(token = clientToken, extra: object = {}): Promise<number> {
  const res = await call('post', '/tickets', token).send({
    subject: 'Help',
    body: 'Please help',
    category: 'other',
    priority: 'normal',
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as number;
}

describe('refusals', () => {
  it('hides a ticket from another client of the website and from the clients of another website', async () => {
    const id = await openTicket();
    await call('get', `/tickets/${id}`, otherToken).expect(404);
    await call('post', `/tickets/${id}/messages`, otherToken).send({ body: 'Me too' }).expect(404);
    expect((await call('get', '/tickets?limit=100', otherToken).expect(200)).body.items.map((i: { id: number }) => i.id)).not.toContain(id);
    await call('get', `/tickets/${id}`, clientBToken, HOST_B).expect(404);
    await call('post', `/tickets/${id}/messages`, clientBToken, HOST_B).send({ body: 'Hi' }).expect(404);
    expect((await SupportTicket.findByPk(id))!.messageCount).toBe(1);
  });

  it('refuses an order that is not the customer’s own (someone else’s, another website’s, none), naming orderId', async () => {
    const stranger = await newClient(client.websiteId!);
    const theirs = await paidOrder(stranger, { topic: 'Not yours' });
    for (const orderId of [theirs.id, 999_999_999]) {
      const res = await call('post', '/tickets', clientToken)
        .send({ subject: 'About an order', body: 'x', category: 'order', priority: 'low', orderId })
        .expect(400);
      expect(res.body.error.fields).toHaveProperty('orderId');
    }
    const clientB = await actorFor('client@b.scriptorium.test');
    const orderB = await paidOrder(clientB, { topic: 'On B' });
    const res = await call('post', '/tickets', clientToken)
      .send({ subject: 'B', body: 'x', category: 'order', priority: 'low', orderId: orderB.id })
      .expect(400);
    expect(res.body.error.fields).toHaveProperty('orderId');
    expect(await SupportTicket.count({ where: { orderId: [theirs.id, orderB.id] } })).toBe(0);
  });

  it('keeps staff actions from clients: no such API, the services refuse, the back office does not let them in', async () => {
    const id = await openTicket();
    await call('post', `/tickets/${id}/escalate`, clientToken).send({ reason: 'now' }).expect(404);
    await expect(replyToTicket(client, id, { body: 'I answer myself', internal: true })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(escalateTicket(client, id, 'Hurry')).rejects.toMatchObject({ code: 'forbidden' });
    const backOffice = await request(t.app)
      .post('/admin/login')
      .set('Host', HOST_A)
      .type('form')
      .send({ email: 'client@scriptorium.test', password: 'scriptorium' });
    expect(backOffice.status).not.toBe(302);
    expect(await SupportTicket.findByPk(id)).toMatchObject({ status: 'open', messageCount: 1 });
  });

  it('keeps staff out of the customers’ API, and another website’s staff out of the ticket', async () => {
    const id = await openTicket();
    const supportToken = (await login(t.app, 'support@scriptorium.test')).accessToken;
    await call('get', '/tickets', supportToken).expect(403);
    await tickets.get(adminB, id, 'show', '', 'b.localhost').expect(404);
    await tickets.act(adminB, id, 'reply', { body: 'From B', internal: 'false' }, 'b.localhost').expect(404);
    // An agent of website B cannot be given a ticket of website A.
    const agentB = (await User.findOne({ where: { email: 'support@b.scriptorium.test' } }))!;
    const refused = await tickets.act(support, id, 'assign', { assigneeId: String(agentB.id) }).expect(200);
    expect(refused.body.notice).toMatchObject({ type: 'error' });
    expect(refused.body.notice.message).toMatch(/assigneeId/);
    expect((await SupportTicket.findByPk(id))!.assigneeId).toBeNull();
  });

  it('answers bad input with 400 naming the field', async () => {
    const res = await call('post', '/tickets', clientToken)
      .send({ subject: ' ', body: 'x', category: 'gossip', priority: 'asap' })
      .expect(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['category', 'priority', 'subject']);
    expect((await call('get', '/tickets?status=lost', clientToken).expect(400)).body.error.fields).toHaveProperty('status');
    expect((await call('get', '/tickets?cursor=nonsense', clientToken).expect(400)).body.error.fields).toHaveProperty('cursor');
  });
});

describe('files on tickets', () => {
  it('takes files with the ticket and a reply (checked like order files) and serves them to the customer only', async () => {
    const opened = await call('post', '/tickets', clientToken)
      .field('subject', 'Receipt attached')
      .field('body', 'See the receipt and the screenshot')
      .field('category', 'payment')
      .field('priority', 'normal')
      .attach('files', pdf('receipt'), 'receipt.pdf')
      .attach('files', PNG, 'screen.png')
      .expect(201);
    const id = opened.body.id as number;
    const [first] = opened.body.messages;
    expect(first.attachments.map((a: { name: string; type: string }) => [a.name, a.type])).toEqual([
      ['receipt.pdf', 'pdf'],
      ['screen.png', 'png'],
    ]);
    const aid = first.attachments[0].id as number;
    const url = await call('get', `/tickets/${id}/messages/${first.id}/attachments/${aid}/url`, clientToken).expect(200);
    const download = await request(t.app).get(url.body.url).set('Host', HOST_A).expect(200);
    expect(download.body.toString()).toContain('receipt');
    await call('get', `/tickets/${id}/messages/${first.id}/attachments/${aid}/url`, otherToken).expect(404);

    // A file that is not what its name says is refused, naming files; nothing is kept.
    const before = await SupportTicketAttachment.count();
    const bad = await call('post', `/tickets/${id}/messages`, clientToken)
      .field('body', 'Another')
      .attach('files', PNG, 'essay.pdf')
      .expect(400);
    expect(bad.body.error.fields).toHaveProperty('files');
    expect(await SupportTicketAttachment.count()).toBe(before);
    expect((await SupportTicket.findByPk(id))!.messageCount).toBe(1);
  });
});
