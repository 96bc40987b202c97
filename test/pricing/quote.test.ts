import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import type { Actor } from '../../src/platform/actor.js';
import { User } from '../../src/identity/models.js';
import { inTransaction } from '../../src/platform/database.js';
import { PriceListVersion, PriceOption } from '../../src/pricing/models.js';
import { activatePriceList, createDraftPriceList } from '../../src/pricing/service/price-lists.js';
import { Website } from '../../src/tenancy/models.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let t: TestApp;
let websiteA: Website;
let admin: Actor;
beforeAll(async () => {
  t = await startTestApp();
  websiteA = (await Website.findOne({ where: { slug: 'scriptorium-a' } }))!;
  const adminUser = (await User.findOne({ where: { email: 'admin@scriptorium.test' } }))!;
  admin = { userId: adminUser.id, role: 'admin', websiteId: websiteA.id };
});
afterAll(() => t?.close());

const quote = (body: unknown, host = 'localhost') =>
  request(t.app)
    .post('/api/v1/pricing/quote')
    .set('Host', host)
    .send(body as object);

describe('POST /api/v1/pricing/quote', () => {
  it('gives an exact line-by-line quote in cents', async () => {
    const res = await quote({ pages: 3, deadlineHours: 24, academicLevel: 'undergraduate', paperType: 'essay', subject: 'other' }).expect(
      200,
    );
    expect(res.body).toMatchObject({
      kind: 'exact',
      priceListVersion: 1,
      currency: 'USD',
      totalCents: 8813,
      deadlineBand: { maxHours: 24, multiplierBp: 17_500 },
      warning: null,
    });
    expect(res.body.lines.map((l: { code: string }) => l.code)).toEqual([
      'base',
      'paper_type',
      'work_type',
      'academic_level',
      'subject',
      'deadline',
    ]);
  });

  it('accepts a deadline as a date and warns when it is tight', async () => {
    const deadline = new Date(Date.now() + 6 * 3_600_000 + 60_000).toISOString();
    const res = await quote({ pages: 20, deadline, academicLevel: 'high_school', paperType: 'essay', subject: 'other' }).expect(200);
    expect(res.body.deadlineBand.maxHours).toBe(12);
    expect(res.body.warning.suggestedDeadlineHours).toBe(14);
  });

  it('gives a range when only pages and deadline are known', async () => {
    const res = await quote({ pages: 2, deadlineHours: 240 }).expect(200);
    expect(res.body).toMatchObject({ kind: 'estimate', minCents: 2798, openChoices: ['paperType', 'academicLevel', 'subject'] });
    // Dearest: dissertation 1.3 × PhD 1.9 × medicine/law 1.45 on 27.98 -> 36.37 -> 69.10 -> 100.20
    expect(res.body.maxCents).toBe(10_020);
  });

  it.each([
    [{ deadlineHours: 24 }, 'pages'],
    [{ pages: -1, deadlineHours: 24 }, 'pages'],
    [{ pages: 1e9, deadlineHours: 24 }, 'pages'],
    [{ pages: 'ten', deadlineHours: 24 }, 'pages'],
    [{ pages: 1.5, deadlineHours: 24 }, 'pages'],
    [{ pages: 2 }, 'deadlineHours'],
    [{ pages: 2, deadlineHours: 24, colour: 'red' }, 'colour'],
    [{ pages: 2, deadlineHours: 24, spacing: 'triple' }, 'spacing'],
    [{ pages: 2, deadlineHours: 24, slides: -3 }, 'slides'],
  ])('refuses %j naming %s', async (body, field) => {
    const res = await quote(body).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.fields).toHaveProperty(field);
  });

  it("refuses values outside the website's limits, with the limit", async () => {
    const res = await quote({ pages: 500, deadlineHours: 1, paperType: 'poem', extraServices: ['ghostwriting'] }).expect(400);
    expect(res.body.error.fields).toEqual({
      pages: 'must be between 1 and 200',
      deadlineHours: 'must be at least 3 hours away',
      paperType: 'is not offered',
      extraServices: 'not offered: ghostwriting',
    });
  });

  it('answers a malformed body with 400', async () => {
    const res = await request(t.app)
      .post('/api/v1/pricing/quote')
      .set('Host', 'localhost')
      .set('Content-Type', 'application/json')
      .send('{"pages": 2,');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
  });
});

describe('GET /api/v1/pricing/options', () => {
  it('lists the active choices of the website', async () => {
    const res = await request(t.app).get('/api/v1/pricing/options').set('Host', 'b.localhost').expect(200);
    expect(res.body.priceListVersion).toBe(1);
    expect(res.body.academicLevels.map((l: { code: string }) => l.code)).toEqual(['high_school', 'undergraduate', 'masters', 'phd']);
    expect(res.body.deadlineBands).toHaveLength(12);
    expect(res.body.subjects.find((s: { code: string }) => s.code === 'law').multiplierBp).toBe(14_500);
  });
});

describe('price list versions', () => {
  it('activates an edited draft, supersedes the old version, records what changed, and quotes with it at once', async () => {
    const draft = await createDraftPriceList(admin, websiteA.id);
    expect(draft.version).toBe(2);
    await inTransaction(async () => {
      await draft.update({ basePerPageCents: 1500 });
      await PriceOption.update(
        { multiplierBp: 13_000 },
        { where: { priceListId: draft.id, kind: 'academic_level', code: 'undergraduate' } },
      );
    });
    // Quotes still use version 1 until activation.
    expect(
      (await quote({ pages: 1, deadlineHours: 240, academicLevel: 'high_school', paperType: 'essay', subject: 'other' })).body.totalCents,
    ).toBe(1399);

    await activatePriceList(admin, draft.id);
    const res = await quote({ pages: 1, deadlineHours: 240, academicLevel: 'high_school', paperType: 'essay', subject: 'other' }).expect(
      200,
    );
    expect(res.body).toMatchObject({ priceListVersion: 2, totalCents: 1500 });

    const versions = await PriceListVersion.findAll({ where: { websiteId: websiteA.id }, order: [['version', 'ASC']] });
    expect(versions.map((v) => v.status)).toEqual(['superseded', 'active']);
    expect(versions[1]!.changes).toEqual({
      fields: { basePerPageCents: [1399, 1500] },
      added: [],
      removed: [],
      changed: ['academic_level:undergraduate'],
    });
    const audit = await AuditLog.findOne({ where: { action: 'pricing.activate', targetId: String(draft.id) } });
    expect(audit?.actorUserId).toBe(admin.userId);
  });

  it('refuses an incoherent draft with the reasons and changes nothing', async () => {
    const draft = await createDraftPriceList(admin, websiteA.id);
    await inTransaction(() =>
      PriceOption.update({ maxHours: 1 }, { where: { priceListId: draft.id, kind: 'deadline_band', code: 'h24' } }),
    );
    await expect(activatePriceList(admin, draft.id)).rejects.toMatchObject({
      code: 'validation_failed',
      message: expect.stringContaining('increasing hours'),
    });
    expect((await draft.reload()).status).toBe('draft');
    expect((await PriceListVersion.findOne({ where: { websiteId: websiteA.id, status: 'active' } }))!.version).toBe(2);
  });

  it("hides another website's price lists from an admin", async () => {
    const b = (await Website.findOne({ where: { slug: 'scriptorium-b' } }))!;
    await expect(createDraftPriceList(admin, b.id)).rejects.toMatchObject({ code: 'not_found' });
    const bActive = (await PriceListVersion.findOne({ where: { websiteId: b.id, status: 'active' } }))!;
    await expect(activatePriceList(admin, bActive.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses to activate a version that is not a draft', async () => {
    const active = (await PriceListVersion.findOne({ where: { websiteId: websiteA.id, status: 'active' } }))!;
    await expect(activatePriceList(admin, active.id)).rejects.toMatchObject({ code: 'conflict', details: { status: 'active' } });
  });
});

describe('a new website', () => {
  it('starts with the default price list, so it can quote at once', async () => {
    const { createWebsite } = await import('../../src/tenancy/service/manage-websites.js');
    const superadmin = (await User.findOne({ where: { email: 'superadmin@scriptorium.test' } }))!;
    await createWebsite(
      { userId: superadmin.id, role: 'superadmin', websiteId: null },
      {
        name: 'Third Brand',
        slug: 'third-brand',
        domains: ['c.localhost'],
        currency: 'EUR',
        timezone: 'Europe/Paris',
        settings: {},
        active: true,
      },
    );
    const res = await quote(
      { pages: 1, deadlineHours: 240, academicLevel: 'high_school', paperType: 'essay', subject: 'other' },
      'c.localhost',
    ).expect(200);
    expect(res.body).toMatchObject({ kind: 'exact', priceListVersion: 1, currency: 'EUR', totalCents: 1399 });
  });
});
