import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EditingRequirement, EditorPerformance, EditorTask } from '../../src/editors/models.js';
import { claimTask, returnTask, approveTask } from '../../src/editors/service/tasks.js';
import { User } from '../../src/identity/models.js';
import { createWebsite } from '../../src/tenancy/index.js';
import { deliverOrder } from '../../src/orders/service/deliver.js';
import { requestRevision } from '../../src/orders/revisions/service.js';
import { uploadOrderFile } from '../../src/orders/files/service.js';
import { clock } from '../../src/platform/clock.js';
import { websiteBySlug } from '../admin/helpers.js';
import { actorFor, newWriter, paidOrder } from '../orders/fixtures.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { adminGet, adminPost, listedIds, recordActions, signIn, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { demoEmail, orderInProgress, PDF } from './fixtures.js';

let t: TestApp;
let adminA: Agent;
let supportA: Agent;
let adminB: Agent;
let supportB: Agent;
const tasks = recordActions('editor_tasks');

beforeAll(async () => {
  t = await startAdminApp();
  [adminA, supportA, adminB, supportB] = await Promise.all([
    signIn(t.app, 'admin@scriptorium.test'),
    signIn(t.app, 'support@scriptorium.test'),
    signIn(t.app, 'admin@b.scriptorium.test', 'b.localhost'),
    signIn(t.app, 'support@b.scriptorium.test', 'b.localhost'),
  ]);
  await User.update({ maxActiveOrders: 50 }, { where: { role: 'writer' } });
});
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

/** Website B's demo writer hands an order in (through the service); its open task. */
async function handedIn(): Promise<EditorTask> {
  const order = await orderInProgress('b');
  const writer = await actorFor(demoEmail('writer', 'b'));
  await uploadOrderFile(writer, order.id, { category: 'final', fileName: 'w.pdf', bytes: PDF });
  await deliverOrder(writer, order.id, null);
  return (await EditorTask.findOne({ where: { orderId: order.id } }))!;
}

describe('editing requirements', () => {
  it('an admin of the website edits its rule (audited); support and other websites may not', async () => {
    const a = await websiteBySlug('scriptorium-a');
    const row = (await EditingRequirement.findOne({ where: { websiteId: a.id } }))!;
    expect(row.mode).toBe('never');
    const form = { mode: 'rules', 'paperTypes.0': 'thesis', 'paperTypes.1': 'dissertation', newWriterOrders: '2', claimHours: '6' };
    const refused = await adminPost(supportA, `editing_requirements/records/${row.id}/edit`, form);
    expect(JSON.stringify(refused.body)).toMatch(/Forbidden|not allowed/i);
    await adminPost(adminB, `editing_requirements/records/${row.id}/edit`, form, 'b.localhost');
    expect((await row.reload()).mode).toBe('never');
    const bad = await adminPost(adminA, `editing_requirements/records/${row.id}/edit`, { ...form, claimHours: '0' });
    expect(bad.body.notice.type).toBe('error');
    const saved = await adminPost(adminA, `editing_requirements/records/${row.id}/edit`, form);
    expect(saved.body.notice).toMatchObject({ type: 'success' });
    expect(await row.reload()).toMatchObject({ mode: 'rules', paperTypes: ['thesis', 'dissertation'], newWriterOrders: 2, claimHours: 6 });

    // The rule decides at hand-in: a new writer's first two orders, and theses, go to an editor; the rest not.
    const admin = await actorFor('admin@scriptorium.test');
    const writer = await newWriter(a.id, { maxActiveOrders: 50 });
    const client = await actorFor('client@scriptorium.test');
    const deliver = async (paperType: string) => {
      const order = await paidOrder(client, { paperType });
      await assignWriter(admin, order.id, { writerId: writer.userId, autoAccept: true });
      await uploadOrderFile(writer, order.id, { category: 'final', fileName: 'w.pdf', bytes: PDF });
      return (await deliverOrder(writer, order.id, null)).status;
    };
    expect(await deliver('essay')).toBe('under_editing'); // first order of a new writer
    expect(await deliver('essay')).toBe('under_editing'); // second
    expect(await deliver('essay')).toBe('submitted');
    expect(await deliver('thesis')).toBe('under_editing');
    await adminPost(adminA, `editing_requirements/records/${row.id}/edit`, { mode: 'never' });
    expect(await deliver('thesis')).toBe('submitted');
  });
});

describe('a new website', () => {
  it('gets an editing requirement that edits nothing, which its admins may then change', async () => {
    const superUser = (await User.findOne({ where: { email: 'superadmin@scriptorium.test' } }))!;
    const website = await createWebsite(
      { userId: superUser.id, role: 'superadmin', websiteId: null },
      {
        name: 'Editors Brand',
        slug: 'editors-brand',
        domains: ['e.localhost'],
        currency: 'USD',
        timezone: 'UTC',
        settings: {},
        active: true,
      },
    );
    expect(await EditingRequirement.findOne({ where: { websiteId: website.id } })).toMatchObject({ mode: 'never', claimHours: 12 });
  });
});

describe('the editor_tasks resource', () => {
  it('lists the website’s tasks with filters; other websites’ staff see none of them', async () => {
    const task = await handedIn();
    const list = await adminGet(
      supportB,
      `editor_tasks/actions/list?filters.status=available&filters.orderId=${task.orderId}`,
      'b.localhost',
    );
    expect(listedIds(list.body)).toEqual([task.id]);
    const byEditor = await adminGet(
      adminB,
      `editor_tasks/actions/list?filters.editorId=${task.editorId ?? 0}&filters.status=claimed`,
      'b.localhost',
    );
    expect(listedIds(byEditor.body)).not.toContain(task.id);
    const fromA = await adminGet(adminA, `editor_tasks/actions/list?filters.orderId=${task.orderId}`);
    expect(listedIds(fromA.body)).toEqual([]);
    const shownToA = await tasks.get(adminA, task.id, 'show');
    expect(shownToA.body.record).toBeUndefined();
  });

  it('support reassigns a task (editors offered first, reason required, POST only) and releases it', async () => {
    const task = await handedIn();
    const editorB = (await User.findOne({ where: { email: demoEmail('editor', 'b') } }))!;
    const shown = await tasks.get(supportB, task.id, 'reassign', '', 'b.localhost');
    expect(shown.body.preview.editors.map((e: { id: number }) => e.id)).toContain(editorB.id);
    expect((await task.reload()).status).toBe('available'); // the GET changed nothing
    const noReason = await tasks.act(supportB, task.id, 'reassign', { editorId: String(editorB.id) }, 'b.localhost');
    expect(noReason.body.notice.type).toBe('error');
    const done = await tasks.act(supportB, task.id, 'reassign', { editorId: String(editorB.id), reason: 'Urgent order' }, 'b.localhost');
    expect(done.body.notice).toMatchObject({ type: 'success', message: 'The task is reassigned' });
    expect(await task.reload()).toMatchObject({ status: 'claimed', editorId: editorB.id });
    // Another website's admin cannot act on it.
    const other = await tasks.act(adminA, task.id, 'release', { reason: 'no' });
    expect(other.body.notice?.type ?? 'error').toBe('error');
    expect((await task.reload()).status).toBe('claimed');
    const released = await tasks.act(adminB, task.id, 'release', { reason: 'Back to the queue' }, 'b.localhost');
    expect(released.body.notice.type).toBe('success');
    expect(await task.reload()).toMatchObject({ status: 'available', editorId: null });
  });
});

describe('editor performance', () => {
  it('counts approvals, returns, turnaround and later client revisions of the orders an editor passed', async () => {
    const b = await websiteBySlug('scriptorium-b');
    const { makeUser } = await import('../admin/helpers.js');
    const user = await makeUser({ websiteId: b.id, role: 'editor', displayName: 'Measured Editor' });
    const editor = { userId: user.id, role: 'editor' as const, websiteId: b.id };
    const writer = await actorFor(demoEmail('writer', 'b'));
    const client = await actorFor(demoEmail('client', 'b'));

    const first = await handedIn();
    // The editor works in the past (timeline rows are stamped by the database's clock), the client asks for a revision now.
    clock.travel(-3 * 3_600_000);
    await claimTask(editor, first.id);
    clock.travel(30 * 60_000);
    await returnTask(editor, first.id, 'Tighten the argument');
    await uploadOrderFile(writer, first.orderId, { category: 'final', fileName: 'w2.pdf', bytes: PDF });
    await deliverOrder(writer, first.orderId, null);
    const second = (await EditorTask.findOne({ where: { orderId: first.orderId, round: 2 } }))!;
    clock.travel(60 * 60_000);
    await approveTask(editor, second.id, {});
    clock.reset();
    // The client then asks for a revision of the work the editor passed.
    await requestRevision(client, first.orderId, {
      instructions: 'Please expand section 2',
      deadline: new Date(clock.now().getTime() + 3 * 86_400_000),
      instructionsChanged: false,
    });

    const row = (await EditorPerformance.findByPk(user.id))!;
    expect(row).toMatchObject({ editorId: user.id, decided: 2, approvals: 1, returns: 1, heldNow: 0, laterRevisions: 1 });
    expect(row.avgTurnaroundMinutes).toBe(45);
    const listed = await adminGet(supportB, `editor_performance/actions/list?filters.editorId=${user.id}`, 'b.localhost');
    expect(listed.body.records[0].params).toMatchObject({ approvals: 1, returns: 1, laterRevisions: 1 });
    expect(listedIds((await adminGet(adminA, `editor_performance/actions/list?filters.editorId=${user.id}`)).body)).toEqual([]);
  });
});
