import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/identity/actor.js';
import { User } from '../../src/identity/models.js';
import { clock } from '../../src/platform/clock.js';
import { inTransaction } from '../../src/platform/database.js';
import { RECHECK_MS } from '../../src/pricing/active-price-list.js';
import { PriceListVersion } from '../../src/pricing/models.js';
import { createDraftPriceList } from '../../src/pricing/service/price-lists.js';
import { priceOrder } from '../../src/pricing/service/quote.js';
import type { QuoteInput } from '../../src/pricing/rules.js';
import { Website } from '../../src/tenancy/models.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * The active price list is cached per process: a version activated elsewhere (another API
 * process) must reach quotes within RECHECK_MS and orders at once.
 */
let t: TestApp;
let website: Website;
let admin: Actor;
beforeAll(async () => {
  t = await startTestApp();
  website = (await Website.findOne({ where: { slug: 'scriptorium-a' } }))!;
  const adminUser = (await User.findOne({ where: { email: 'admin@scriptorium.test' } }))!;
  admin = { userId: adminUser.id, role: 'admin', websiteId: website.id };
});
afterEach(() => clock.reset());
afterAll(() => t?.close());

const EXACT = { pages: 1, deadlineHours: 240, academicLevel: 'high_school', paperType: 'essay', subject: 'other' };
const quote = (body: object) => request(t.app).post('/api/v1/pricing/quote').set('Host', 'localhost').send(body).expect(200);

describe('a version activated by another process', () => {
  it('prices orders at once and reaches quotes within RECHECK_MS', async () => {
    expect((await quote(EXACT)).body.totalCents).toBe(1399); // cached here from now on
    const draft = await createDraftPriceList(admin, website.id);
    await inTransaction(() => draft.update({ basePerPageCents: 1500 }));
    // What another process's activation leaves behind: the rows switched, this process's cache untouched.
    await inTransaction(async () => {
      await PriceListVersion.update({ status: 'superseded' }, { where: { websiteId: website.id, status: 'active' } });
      await PriceListVersion.update({ status: 'active', activatedAt: new Date() }, { where: { id: draft.id } });
    });

    const input: QuoteInput = { ...EXACT, spacing: 'double', workType: 'writing', slides: 0, charts: 0, writerLevel: 'standard', preferredWriter: false, extraServices: [] };
    const priced = await priceOrder(website.id, input);
    expect(priced).toMatchObject({ priceListId: draft.id, version: draft.version, quote: { totalCents: 1500 } });

    clock.travel(RECHECK_MS);
    expect((await quote(EXACT)).body).toMatchObject({ priceListVersion: draft.version, totalCents: 1500 });
  });
});
