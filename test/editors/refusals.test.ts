import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defineJobs, scheduleJobs } from '../../jobs/index.js';
import { JobCatalog } from '../../jobs/registry.js';
import { AuditLog } from '../../src/audit/models.js';
import { EditorTask } from '../../src/editors/models.js';
import { approveTask, claimTask, reassignTask, releaseTask } from '../../src/editors/service/tasks.js';
import { User } from '../../src/identity/models.js';
import { clock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';
import { makeUser, websiteBySlug } from '../admin/helpers.js';
import { actorFor } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { api, demoEmail, orderInProgress, person, type Person } from './fixtures.js';

let t: TestApp;
let writerB: Person;
let clientB: Person;
let editorB: Person;
let editorB2: Person;
let editorA: Person;

beforeAll(async () => {
  t = await startTestApp();
  const b = await websiteBySlug('scriptorium-b');
  const second = await makeUser({ websiteId: b.id, role: 'editor', displayName: 'Second Editor B' });
  // Orders under editing count as the writer's active ones: room for every order of this file.
  await User.update({ maxActiveOrders: 50 }, { where: { email: demoEmail('writer', 'b') } });
  [writerB, clientB, editorB, editorB2, editorA] = await Promise.all([
    person(t, demoEmail('writer', 'b'), 'b'),
    person(t, demoEmail('client', 'b'), 'b'),
    person(t, demoEmail('editor', 'b'), 'b'),
    person(t, second.email, 'b'),
    person(t, demoEmail('editor', 'a'), 'a'),
  ]);
});
afterEach(() => {
  clock.reset();
  return expectLedgerBalanced();
});
afterAll(() => t?.close());

/** An order of website B handed in to editing; its open task. */
async function taskInQueue(): Promise<EditorTask> {
  const order = await orderInProgress('b');
  await api(t, writerB).upload(order.id).expect(201);
  await api(t, writerB).post(`/writer/orders/${order.id}/submit`).expect(200);
  return (await EditorTask.findOne({ where: { orderId: order.id, status: 'available' } }))!;
}

describe('who may use the editor API', () => {
  it('refuses writers and clients (403), whatever the endpoint', async () => {
    const task = await taskInQueue();
    for (const who of [writerB, clientB]) {
      await api(t, who).get('/editor/tasks/available').expect(403);
      await api(t, who).get('/editor/tasks').expect(403);
      await api(t, who).get(`/editor/tasks/${task.id}`).expect(403);
      await api(t, who).post(`/editor/tasks/${task.id}/claim`).expect(403);
      await api(t, who).post(`/editor/tasks/${task.id}/approve`).expect(403);
    }
    expect((await task.reload()).status).toBe('available');
  });

  it("hides another website's tasks from an editor (404, never in their queue)", async () => {
    const task = await taskInQueue();
    const queue = await api(t, editorA).get('/editor/tasks/available?limit=100').expect(200);
    expect(queue.body.items.map((i: { id: number }) => i.id)).not.toContain(task.id);
    await api(t, editorA).get(`/editor/tasks/${task.id}`).expect(404);
    await api(t, editorA).post(`/editor/tasks/${task.id}/claim`).expect(404);
    await api(t, editorA).post(`/editor/tasks/${task.id}/return`, { notes: 'x' }).expect(404);
    await api(t, editorA).get(`/orders/${task.orderId}/files`).expect(404);
    expect((await task.reload()).status).toBe('available');
  });

  it('refuses to claim a claimed task (409) and hides it from other editors once claimed', async () => {
    const task = await taskInQueue();
    await api(t, editorB).post(`/editor/tasks/${task.id}/claim`).expect(200);
    const refused = await api(t, editorB2).post(`/editor/tasks/${task.id}/claim`).expect(409);
    expect(refused.body.error.details ?? refused.body.error).toBeDefined();
    expect(JSON.stringify(refused.body)).toContain('claimed');
    await api(t, editorB2).get(`/editor/tasks/${task.id}`).expect(404);
    await api(t, editorB2).post(`/editor/tasks/${task.id}/approve`).expect(404);
    await api(t, editorB2).post(`/editor/tasks/${task.id}/return`, { notes: 'mine now' }).expect(404);
    await api(t, editorB2).get(`/orders/${task.orderId}/files`).expect(404);
    await api(t, editorB).post(`/editor/tasks/${task.id}/claim`).expect(409);
    // The holder may give it back to the queue (another editor may not); then anyone claims it.
    await api(t, editorB2).post(`/editor/tasks/${task.id}/release`).expect(404);
    const released = await api(t, editorB).post(`/editor/tasks/${task.id}/release`).expect(200);
    expect(released.body).toMatchObject({ status: 'available', claimedAt: null });
    await api(t, editorB2).post(`/editor/tasks/${task.id}/claim`).expect(200);
  });

  it('refuses to approve or return an unclaimed task (409), and an unknown file on approval (400)', async () => {
    const task = await taskInQueue();
    const approve = await api(t, editorB).post(`/editor/tasks/${task.id}/approve`).expect(409);
    expect(JSON.stringify(approve.body)).toContain('available');
    await api(t, editorB).post(`/editor/tasks/${task.id}/return`, { notes: 'Fix it' }).expect(409);
    // An editor without the task may not add files to the order either.
    await api(t, editorB).upload(task.orderId).expect(404);
    await api(t, editorB).post(`/editor/tasks/${task.id}/claim`).expect(200);
    const writersFile = (await api(t, editorB).get(`/editor/tasks/${task.id}`).expect(200)).body.files[0];
    const bad = await api(t, editorB).post(`/editor/tasks/${task.id}/approve`, { fileId: writersFile.id }).expect(400);
    expect(bad.body.error.fields).toEqual({ fileId: 'must be a final file you uploaded to this order' });
    await api(t, editorB).post(`/editor/tasks/${task.id}/approve`, { extra: true }).expect(400);
    expect((await task.reload()).status).toBe('claimed');
  });

  it('lets exactly one of concurrent claims win', async () => {
    const task = await taskInQueue();
    const results = await Promise.all([editorB, editorB2, editorB, editorB2].map((e) => api(t, e).post(`/editor/tasks/${task.id}/claim`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    const claims = await AuditLog.count({ where: { targetType: 'editor_task', targetId: String(task.id), action: 'editor_task.claim' } });
    expect(claims).toBe(1);
  });
});

describe('staff steer tasks', () => {
  it('support reassigns to an editor of the website only; an admin of another website cannot touch it', async () => {
    const task = await taskInQueue();
    const supportB = await actorFor(demoEmail('support', 'b'));
    const adminA = await actorFor(demoEmail('admin', 'a'));
    await expect(reassignTask(supportB, task.id, { editorId: editorA.actor.userId, reason: 'cover' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(reassignTask(adminA, task.id, { editorId: editorB.actor.userId, reason: 'cover' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(reassignTask(supportB, task.id, { editorId: editorB2.actor.userId, reason: ' ' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await reassignTask(supportB, task.id, { editorId: editorB2.actor.userId, reason: 'Editor B is away' });
    expect(await task.reload()).toMatchObject({ status: 'claimed', editorId: editorB2.actor.userId });
    await api(t, editorB2).get(`/editor/tasks/${task.id}`).expect(200);
    await expect(releaseTask(editorB.actor, task.id)).rejects.toMatchObject({ code: 'not_found' });
    await releaseTask(supportB, task.id, 'Back to the queue');
    expect(await task.reload()).toMatchObject({ status: 'available', editorId: null });
  });
});

describe('claims expire (job editors.expire-claims)', () => {
  it('puts a task held past the claim window back in the queue, once, and leaves fresh claims alone', async () => {
    const stale = await taskInQueue();
    const fresh = await taskInQueue();
    await api(t, editorB).post(`/editor/tasks/${stale.id}/claim`).expect(200);
    clock.travel(11 * 3_600_000);
    // (Access tokens do not outlive the clock's travel: the editors act through the services here.)
    await claimTask(editorB2.actor, fresh.id);
    clock.travel(2 * 3_600_000); // the first claim is 13 h old (window: 12 h), the second 2 h

    const catalog = new JobCatalog();
    defineJobs(catalog.registry, createLogger('silent'));
    await scheduleJobs(catalog.registry);
    expect(catalog.list()).toContainEqual({ name: 'editors.expire-claims', every: '10 minutes' });
    await catalog.run('editors.expire-claims');
    await catalog.run('editors.expire-claims'); // safe twice

    expect(await stale.reload()).toMatchObject({ status: 'available', editorId: null, expiredClaims: 1 });
    expect(await fresh.reload()).toMatchObject({ status: 'claimed', editorId: editorB2.actor.userId });
    const expiries = await AuditLog.findAll({
      where: { targetType: 'editor_task', targetId: String(stale.id), action: 'editor_task.expire' },
    });
    expect(expiries).toHaveLength(1);
    expect(expiries[0]!.actorRole).toBe('system');
    // The former holder can no longer act on it; another editor can claim it from the queue.
    await expect(approveTask(editorB.actor, stale.id, {})).rejects.toMatchObject({ code: 'conflict' });
    expect(await claimTask(editorB2.actor, stale.id)).toMatchObject({ status: 'claimed', editorId: editorB2.actor.userId });
  });
});
