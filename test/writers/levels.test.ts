import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { User } from '../../src/identity/models.js';
import type { Actor } from '../../src/platform/actor.js';
import { clock } from '../../src/platform/clock.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { writerChoices } from '../../src/orders/service/staff-queries.js';
import { createWebsite } from '../../src/tenancy/service/manage-websites.js';
import { evaluateLevels } from '../../src/writers/levels/index.js';
import { WriterLevel, WriterProfile } from '../../src/writers/levels/models.js';
import { actorFor, newWriter, paidOrder } from '../orders/fixtures.js';
import { adminGet, adminPost, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';

type Who = Actor & { userId: number; websiteId: number };

let t: TestApp;
let admin: Agent;
let support: Agent;
let adminB: Agent;
let client: Who;
let staff: Who;
beforeAll(async () => {
  t = await startAdminApp();
  ({ admin, support, adminB } = await signInStaff(t.app));
  client = (await actorFor('client@scriptorium.test')) as Who;
  staff = (await actorFor('admin@scriptorium.test')) as Who;
});
afterEach(async () => {
  clock.reset();
  await expectLedgerBalanced();
});
afterAll(() => t?.close());

const levelNamed = async (name: string, websiteId = client.websiteId) => (await WriterLevel.findOne({ where: { websiteId, name } }))!;

describe('the levels table of RULES.md, per website', () => {
  it('is seeded on every website, and a new website gets it when created', async () => {
    const levels = await WriterLevel.findAll({ where: { websiteId: client.websiteId }, order: [['rank', 'ASC']] });
    expect(levels.map((l) => [l.name, l.pageCents, l.maxActiveOrders, l.urgentWithinHours, l.tipShareBp, l.minCompletedOrders])).toEqual([
      ['Entry', 200, 3, 6, 9_000, 0],
      ['Standard', 350, 6, 6, 9_000, 10],
      ['Senior', 500, 10, 4, 9_200, 50],
      ['Expert', 700, 15, 3, 9_500, 150],
    ]);
    const superadmin = (await User.findOne({ where: { email: 'superadmin@scriptorium.test' } }))!;
    const website = await createWebsite(
      { userId: superadmin.id, role: 'superadmin', websiteId: null },
      {
        name: 'Levels Brand',
        slug: 'levels-brand',
        domains: ['levels.localhost'],
        currency: 'USD',
        timezone: 'UTC',
        settings: {},
        active: true,
      },
    );
    expect(await WriterLevel.count({ where: { websiteId: website.id } })).toBe(4);
  });

  it('is edited by admins in the back office (writer_levels), audited; support only looks; another website sees none of it', async () => {
    const standard = await levelNamed('Standard');
    const list = await adminGet(admin, 'writer_levels/actions/list').expect(200);
    expect(list.body.records.map((r: { params: { name: string } }) => r.params.name)).toEqual(['Entry', 'Standard', 'Senior', 'Expert']);
    expect((await adminGet(support, 'writer_levels/actions/list').expect(200)).body.records).toHaveLength(4);
    await adminGet(adminB, `writer_levels/records/${standard.id}/show`, 'b.localhost').expect(404);

    const refused = await adminPost(support, `writer_levels/records/${standard.id}/edit`, { pageCents: '1' }).expect(200);
    expect(refused.body.record?.baseError?.type ?? refused.body.notice?.type).toMatch(/ForbiddenError|error/);
    const bad = await adminPost(admin, `writer_levels/records/${standard.id}/edit`, { urgentMultiplierBp: '9000' }).expect(200);
    expect(bad.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('urgentMultiplierBp') });

    const saved = await adminPost(admin, `writer_levels/records/${standard.id}/edit`, { pageCents: '375', maxActiveOrders: '7' }).expect(
      200,
    );
    expect(saved.body.notice.type).toBe('success');
    expect(await standard.reload()).toMatchObject({ pageCents: 375, maxActiveOrders: 7 });
    const audit = await AuditLog.findOne({ where: { action: 'writer_level.update', targetId: String(standard.id) } });
    expect(audit?.changes).toMatchObject({ before: { pageCents: 350, maxActiveOrders: 6 }, after: { pageCents: 375, maxActiveOrders: 7 } });
    await adminPost(admin, `writer_levels/records/${standard.id}/edit`, { pageCents: '350', maxActiveOrders: '6' }).expect(200);
  });
});

describe("an admin sets a writer's level by hand", () => {
  it('from the user page with a reason, audited; support, another website and unknown levels are refused', async () => {
    const writer = await newWriter(client.websiteId);
    const path = `users/records/${writer.userId}/setLevel`;
    const form = await adminGet(admin, path).expect(200);
    expect(form.body.preview.standing.level.name).toBe('Entry');

    const bySupport = await adminPost(support, path, { level: 'Senior', reason: 'Proven elsewhere' }).expect(200);
    expect(bySupport.body.notice.type).toBe('error');
    await adminPost(adminB, path, { level: 'Senior', reason: 'Proven elsewhere' }, 'b.localhost').expect(404);
    const unknown = await adminPost(admin, path, { level: 'Grandmaster', reason: 'Proven elsewhere' }).expect(200);
    expect(unknown.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('level') });
    const noReason = await adminPost(admin, path, { level: 'Senior', reason: ' ' }).expect(200);
    expect(noReason.body.notice.type).toBe('error');
    expect(await WriterProfile.count({ where: { writerId: writer.userId } })).toBe(0);

    const saved = await adminPost(admin, path, { level: 'senior', reason: 'Proven elsewhere' }).expect(200);
    expect(saved.body.notice.type).toBe('success');
    const profile = (await WriterProfile.findOne({ where: { writerId: writer.userId } }))!;
    expect(profile.levelId).toBe((await levelNamed('Senior')).id);
    const audit = await AuditLog.findOne({ where: { action: 'writer.level_set', targetId: String(writer.userId) } });
    expect(audit?.changes).toMatchObject({ before: { level: 'Entry' }, after: { level: 'Senior' } });
    expect((await adminGet(admin, path).expect(200)).body.preview.standing.level.name).toBe('Senior');

    // The weekly evaluation goes on from there; staff read its decisions in writer_evaluations, per website.
    await evaluateLevels();
    const listed = await adminGet(admin, `writer_evaluations/actions/list?filters.writerId=${writer.userId}`).expect(200);
    expect(listed.body.records.map((r: { params: { levelId: number } }) => Number(r.params.levelId))).toEqual([profile.levelId]);
    const other = await adminGet(adminB, `writer_evaluations/actions/list?filters.writerId=${writer.userId}`, 'b.localhost').expect(200);
    expect(other.body.records).toHaveLength(0);
  });
});

describe("a writer's level decides their pay, capacity and urgency", () => {
  it('a writer without a profile is Entry: capped at 3 active orders, paid by the Entry card', async () => {
    const writer = await newWriter(client.websiteId);
    for (let i = 0; i < 3; i++) {
      const order = await paidOrder(client, { pages: 2 });
      await assignWriter(staff, order.id, { writerId: writer.userId, autoAccept: true });
      expect((await order.reload()).writerRateCard).toMatchObject({ level: 'Entry', pageCents: 200 });
    }
    const fourth = await paidOrder(client, { pages: 2 });
    await expect(assignWriter(staff, fourth.id, { writerId: writer.userId, autoAccept: true })).rejects.toThrow(/limit 3/);
  });

  it("a Standard writer's orders freeze the Standard card and they may hold 6; staff see the level among the choices", async () => {
    const writer = await newWriter(client.websiteId);
    const standard = await levelNamed('Standard');
    await WriterProfile.create({ websiteId: client.websiteId, writerId: writer.userId, levelId: standard.id });
    // 3 h before the deadline: urgent for Standard (≤ 6 h): 2 × 350 + 2 × 200 + 700 × 0.15.
    const urgent = await paidOrder(client, { pages: 2, deadline: new Date(clock.now().getTime() + 5 * 3_600_000) });
    await assignWriter(staff, urgent.id, { writerId: writer.userId, autoAccept: true });
    expect((await urgent.reload()).writerRateCard).toMatchObject({ level: 'Standard', pageCents: 350, urgentMultiplierBp: 11_500 });
    for (let i = 0; i < 5; i++) {
      const order = await paidOrder(client, { pages: 1 });
      await assignWriter(staff, order.id, { writerId: writer.userId, autoAccept: true });
    }
    const choices = await writerChoices(staff, { websiteId: client.websiteId });
    expect(choices.find((c) => c.id === writer.userId)).toMatchObject({ level: 'Standard', activeOrders: 6, capacity: 6 });
    const seventh = await paidOrder(client, { pages: 1 });
    await expect(assignWriter(staff, seventh.id, { writerId: writer.userId, autoAccept: true })).rejects.toThrow(/limit 6/);
  });
});
