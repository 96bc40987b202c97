import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { EditorTask } from '../../src/editors/models.js';
import { User } from '../../src/identity/models.js';
import { Order, OrderEvent } from '../../src/orders/models.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { api, demoEmail, orderInProgress, person, type Person } from './fixtures.js';

let t: TestApp;
let clientB: Person;
let writerB: Person;
let editorB: Person;
let clientA: Person;
let writerA: Person;

beforeAll(async () => {
  t = await startTestApp();
  await User.update({ maxActiveOrders: 50 }, { where: { email: demoEmail('writer', 'b') } });
  [clientB, writerB, editorB, clientA, writerA] = await Promise.all([
    person(t, demoEmail('client', 'b'), 'b'),
    person(t, demoEmail('writer', 'b'), 'b'),
    person(t, demoEmail('editor', 'b'), 'b'),
    person(t, demoEmail('client', 'a'), 'a'),
    person(t, demoEmail('writer', 'a'), 'a'),
  ]);
});
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

describe('website B: every order goes through an editor', () => {
  it('writer -> editor (claim, return once with notes, writer redelivers, editor approves) -> the client sees it delivered', async () => {
    const order = await orderInProgress('b', { topic: 'Tidal energy in estuaries' });
    const writer = api(t, writerB);
    const editor = api(t, editorB);
    const client = api(t, clientB);

    // The writer hands in: the order goes under editing, not to the client.
    await writer.upload(order.id).expect(201);
    const handedIn = await writer.post(`/writer/orders/${order.id}/submit`, { note: 'First draft done' }).expect(200);
    expect(handedIn.body.status).toBe('under_editing');
    expect((await client.get(`/orders/${order.id}`).expect(200)).body.status).toBe('under_editing');
    // The writer's work waits for its editor: the client sees none of it yet.
    const waiting = await client.get(`/orders/${order.id}/files`).expect(200);
    expect(waiting.body.items.filter((f: { category: string }) => f.category === 'final')).toEqual([]);

    // The editor finds it in the queue and claims it.
    const available = await editor.get('/editor/tasks/available?limit=100').expect(200);
    const listed = available.body.items.find((i: { orderId: number }) => i.orderId === order.id);
    expect(listed).toMatchObject({ status: 'available', round: 1, orderNumber: order.number, topic: 'Tidal energy in estuaries' });
    const claimed = await editor.post(`/editor/tasks/${listed.id}/claim`).expect(200);
    expect(claimed.body).toMatchObject({ status: 'claimed', claimExpiresAt: expect.any(String) });
    // The detail: the order's brief and files, the writer's pen name, the client by registration ID only.
    expect(claimed.body.order.writer).toEqual({ penName: 'Swift Heron' });
    expect(Object.keys(claimed.body.order.client)).toEqual(['registrationId']);
    expect(claimed.body.order.instructions).not.toContain('student@example.com');
    expect(claimed.body.files.map((f: { category: string }) => f.category)).toContain('final');
    expect(JSON.stringify(claimed.body)).not.toMatch(/scriptorium\.test|email/i);
    const mine = await editor.get('/editor/tasks?status=claimed').expect(200);
    expect(mine.body.items.map((i: { id: number }) => i.id)).toContain(listed.id);
    expect((await editor.get('/editor/tasks/available?limit=100').expect(200)).body.items.map((i: { id: number }) => i.id)).not.toContain(
      listed.id,
    );

    // Returned once with notes: back to the writer, who reads the notes on the order's timeline.
    await editor.post(`/editor/tasks/${listed.id}/return`, {}).expect(400);
    const returned = await editor
      .post(`/editor/tasks/${listed.id}/return`, { notes: 'Cite the 2019 survey; fix the APA headings.' })
      .expect(200);
    expect(returned.body).toMatchObject({ status: 'returned', notes: 'Cite the 2019 survey; fix the APA headings.' });
    const writerView = await writer.get(`/writer/orders/${order.id}`).expect(200);
    expect(writerView.body.status).toBe('in_progress');
    expect(writerView.body.timeline).toContainEqual(
      expect.objectContaining({ action: 'return_to_writer', byRole: 'editor', note: 'Cite the 2019 survey; fix the APA headings.' }),
    );
    // The client never reads the editor's notes.
    const clientView = await client.get(`/orders/${order.id}`).expect(200);
    expect(JSON.stringify(clientView.body)).not.toContain('2019 survey');

    // A revision round: the writer must upload a new final file before handing in again.
    const again = await writer.post(`/writer/orders/${order.id}/submit`, {}).expect(400);
    expect(again.body.error.fields).toEqual({ files: 'upload the final file(s) first' });
    await writer.upload(order.id, 'essay-v2.pdf').expect(201);
    expect((await writer.post(`/writer/orders/${order.id}/submit`, {}).expect(200)).body.status).toBe('under_editing');

    // Round 2 goes straight back to the editor who returned it; they upload the edited file and approve.
    const round2 = (await editor.get('/editor/tasks?status=claimed').expect(200)).body.items.find(
      (i: { orderId: number }) => i.orderId === order.id,
    );
    expect(round2).toMatchObject({ round: 2, status: 'claimed' });
    const edited = await editor.upload(order.id, 'essay-edited.pdf').expect(201);
    const approved = await editor.post(`/editor/tasks/${round2.id}/approve`, { fileId: edited.body.id, note: 'Polished' }).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedAt: expect.any(String) });
    expect(approved.body.rounds).toEqual([
      expect.objectContaining({ round: 1, status: 'returned' }),
      expect.objectContaining({ round: 2, status: 'approved' }),
    ]);

    // The client sees it delivered, with the edited file among the delivered work.
    const delivered = await client.get(`/orders/${order.id}`).expect(200);
    expect(delivered.body).toMatchObject({ status: 'submitted', deliveredAt: expect.any(String) });
    const files = await client.get(`/orders/${order.id}/files`).expect(200);
    expect(files.body.items.map((f: { id: number }) => f.id)).toContain(edited.body.id);
    // Once decided, the editor no longer reaches the order's files.
    await editor.get(`/orders/${order.id}/files`).expect(404);

    // Every step is on the timeline and in the audit log.
    const actions = (await OrderEvent.findAll({ where: { orderId: order.id }, order: [['id', 'ASC']] })).map((e) => e.action);
    expect(actions.filter((a) => ['send_to_editing', 'return_to_writer', 'deliver'].includes(a))).toEqual([
      'send_to_editing',
      'return_to_writer',
      'send_to_editing',
      'deliver',
    ]);
    const taskIds = [String(listed.id), String(round2.id)];
    const audited = (await AuditLog.findAll({ where: { targetType: 'editor_task', targetId: taskIds }, order: [['id', 'ASC']] })).map(
      (a) => a.action,
    );
    expect(audited).toEqual(['editor_task.open', 'editor_task.claim', 'editor_task.return', 'editor_task.open', 'editor_task.approve']);
    expect((await Order.findByPk(order.id))!.requiresEditing).toBe(true);
  });

  it('a change of the requirement strands no order already in editing', async () => {
    const order = await orderInProgress('b');
    await api(t, writerB).upload(order.id).expect(201);
    await api(t, writerB).post(`/writer/orders/${order.id}/submit`).expect(200);
    const { EditingRequirement } = await import('../../src/editors/models.js');
    await EditingRequirement.update({ mode: 'never' }, { where: { websiteId: order.websiteId } });
    try {
      const task = (await EditorTask.findOne({ where: { orderId: order.id } }))!;
      await api(t, editorB).post(`/editor/tasks/${task.id}/claim`).expect(200);
      await api(t, editorB).post(`/editor/tasks/${task.id}/return`, { notes: 'One more pass' }).expect(200);
      // The order keeps its editing: the redelivery goes back to the editor.
      await api(t, writerB).upload(order.id).expect(201);
      expect((await api(t, writerB).post(`/writer/orders/${order.id}/submit`).expect(200)).body.status).toBe('under_editing');
    } finally {
      await EditingRequirement.update({ mode: 'always' }, { where: { websiteId: order.websiteId } });
    }
  });
});

describe('website A: no editing', () => {
  it('a delivery goes straight to the client and opens no task', async () => {
    const order = await orderInProgress('a');
    await api(t, writerA).upload(order.id).expect(201);
    const delivered = await api(t, writerA).post(`/writer/orders/${order.id}/submit`).expect(200);
    expect(delivered.body.status).toBe('submitted');
    expect((await api(t, clientA).get(`/orders/${order.id}`).expect(200)).body.status).toBe('submitted');
    expect(await EditorTask.count({ where: { orderId: order.id } })).toBe(0);
  });
});
