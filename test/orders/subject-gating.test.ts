import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import type { Actor } from '../../src/platform/actor.js';
import { WriterSubject } from '../../src/orders/qualifications/models.js';
import { setWriterSubjects } from '../../src/orders/qualifications/service.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { writerChoices } from '../../src/orders/service/staff-queries.js';
import { listAvailableOrders, takeOrder } from '../../src/orders/service/writer-actions.js';
import { clock } from '../../src/platform/clock.js';
import { Website } from '../../src/tenancy/models.js';
import { clearWebsiteCache } from '../../src/tenancy/read-models/website-by-host.js';
import request from 'supertest';
import { login } from '../identity/helpers.js';
import { act } from '../admin/helpers.js';
import { adminGet, signIn, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { actorFor, MINUTE, newWriter, paidOrder } from './fixtures.js';

let t: TestApp;
let client: Actor;
let admin: Actor;
let adminAgent: Agent;
let supportAgent: Agent;

beforeAll(async () => {
  t = await startAdminApp();
  client = await actorFor('client@scriptorium.test');
  admin = await actorFor('admin@scriptorium.test');
  [adminAgent, supportAgent] = await Promise.all([signIn(t.app, 'admin@scriptorium.test'), signIn(t.app, 'support@scriptorium.test')]);
});
// The paid-order fixture moves money: the ledger must still balance after each test.
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

/** A writer qualified for biology only, and a paid history order past its preview. */
async function setUp() {
  const writer = await newWriter(client.websiteId!);
  await setWriterSubjects(admin, writer.userId, ['biology']);
  const order = await paidOrder(client, { subject: 'history' });
  clock.travel(20 * MINUTE);
  return { writer, order };
}

describe('subject gating', () => {
  it('keeps orders of other subjects out of the pool (take finds no such order) and refuses assign, naming the reason', async () => {
    const { writer, order } = await setUp();
    try {
      const pool = await listAvailableOrders(writer, { limit: 50 });
      expect(pool.items.map((o) => o.id)).not.toContain(order.id);
      await expect(takeOrder(writer, order.id)).rejects.toMatchObject({ code: 'not_found' });
      await expect(assignWriter(admin, order.id, { writerId: writer.userId })).rejects.toMatchObject({ code: 'conflict' });
      const choices = await writerChoices(admin, { orderId: order.id });
      expect(choices.find((c) => c.id === writer.userId)).toMatchObject({
        eligible: false,
        reason: 'The writer is not qualified for this subject',
      });

      await setWriterSubjects(admin, writer.userId, ['biology', 'history']);
      expect((await listAvailableOrders(writer, { limit: 50 })).items.map((o) => o.id)).toContain(order.id);
      expect((await takeOrder(writer, order.id)).writerId).toBe(writer.userId);
    } finally {
      clock.reset();
    }
  });

  it('lets a website turn gating off', async () => {
    const { writer, order } = await setUp();
    const website = (await Website.findByPk(client.websiteId!))!;
    const before = website.settings;
    try {
      await website.update({ settings: { ...before, subjectGating: false } });
      clearWebsiteCache();
      expect((await takeOrder(writer, order.id)).writerId).toBe(writer.userId);
    } finally {
      await website.update({ settings: before });
      clearWebsiteCache();
      clock.reset();
    }
  });

  it('refuses unknown codes and non-admins, and audits a change', async () => {
    const writer = await newWriter(client.websiteId!);
    await expect(setWriterSubjects(admin, writer.userId, ['history', 'alchemy'])).rejects.toMatchObject({
      fields: { subjects: 'not offered on this website: alchemy' },
    });
    await expect(setWriterSubjects({ ...admin, role: 'support' }, writer.userId, ['history'])).rejects.toMatchObject({ code: 'forbidden' });
    const other = await actorFor('admin@b.scriptorium.test');
    await expect(setWriterSubjects(other, writer.userId, ['history'])).rejects.toMatchObject({ code: 'not_found' });
    await setWriterSubjects(admin, writer.userId, ['history']);
    expect(await AuditLog.count({ where: { action: 'writer.subjects', targetId: String(writer.userId) } })).toBe(1);
  });

  it('is managed from the Users resource in the back office (admins only), and writers see their own subjects', async () => {
    const writer = await newWriter(client.websiteId!);
    const mine = await request(t.app)
      .get('/api/v1/writer/subjects')
      .set('Host', 'localhost')
      .set('Authorization', `Bearer ${(await login(t.app, 'writer@scriptorium.test')).accessToken}`)
      .expect(200);
    expect(mine.body.items.every((s: { qualified: boolean }) => s.qualified)).toBe(true);
    const form = await adminGet(adminAgent, `users/records/${writer.userId}/subjects`).expect(200);
    expect(form.body.preview.subjects).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'history', qualified: true })]));
    const denied = await act(supportAgent, writer.userId, 'subjects', { subjects: 'history' }).expect(200);
    expect(denied.body.record?.baseError?.type ?? denied.body.notice?.type).toMatch(/ForbiddenError|error/);
    const bad = await act(adminAgent, writer.userId, 'subjects', { subjects: 'history, alchemy' }).expect(200);
    expect(bad.body.notice).toMatchObject({ type: 'error' });
    const ok = await act(adminAgent, writer.userId, 'subjects', { subjects: 'history, biology' }).expect(200);
    expect(ok.body.notice).toMatchObject({ type: 'success' });
    expect((await WriterSubject.findAll({ where: { writerId: writer.userId } })).map((s) => s.subjectCode).sort()).toEqual([
      'biology',
      'history',
    ]);
  });
});
