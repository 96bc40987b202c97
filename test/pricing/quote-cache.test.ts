import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { visitorActor, type Actor } from '../../src/platform/actor.js';
import { User } from '../../src/identity/models.js';
import { clock } from '../../src/platform/clock.js';
import { inTransaction } from '../../src/platform/database.js';
import { RECHECK_MS, cachedActivePriceList, getActivePriceList } from '../../src/pricing/read-models/active-price-list.js';
import { PriceListVersion } from '../../src/pricing/models.js';
import { createDraftPriceList } from '../../src/pricing/service/price-lists.js';
import { quoteWithDiscountsAtHand } from '../../src/pricing/read-models/quote-at-hand.js';
import { priceOrder, quoteWithDiscounts, type QuoteWithCodeRequest } from '../../src/pricing/service/quote.js';
import type { QuoteInput } from '../../src/pricing/rules.js';
import { Website } from '../../src/tenancy/models.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * The quote's hot path: the active price list is cached per process, and a visitor's quote on a
 * cached list is answered without I/O. Both must give what the full path gives, and a version
 * activated elsewhere (another API process) must reach quotes within RECHECK_MS and orders at once.
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

describe("a visitor's quote answered at hand", () => {
  it('is the same quote, with the same discounts, as the full path', async () => {
    await getActivePriceList(website.id);
    const visitor = visitorActor(website.id, '203.0.113.5', 'req-1');
    const requests: QuoteWithCodeRequest[] = [
      { ...EXACT, pages: 5, deadlineHours: 72, extraServices: ['plagiarism_report'], preferredWriter: true, slides: 2 },
      { pages: 3, deadlineHours: 24, spacing: 'single', writerLevel: 'top' },
      { ...EXACT, pages: 30, deadlineHours: 12 },
    ];
    for (const body of requests) {
      const atHand = quoteWithDiscountsAtHand(visitor, website, body);
      expect(atHand).toBeDefined();
      expect(atHand).toEqual(await quoteWithDiscounts(visitor, website, body));
    }
    // The first-order discount of a new client shows on the visitor's quote.
    expect(quoteWithDiscountsAtHand(visitor, website, EXACT)).toMatchObject({ discounts: { sources: [{ source: 'first_order' }] } });
  });

  it('is left to the full path when a code must be looked up, a client has a history, or the list is not cached', async () => {
    await getActivePriceList(website.id);
    const visitor = visitorActor(website.id, null, null);
    expect(quoteWithDiscountsAtHand(visitor, website, { ...EXACT, discountCode: 'SUMMER10' })).toBeUndefined();
    const client = (await User.findOne({ where: { email: 'client@scriptorium.test' } }))!;
    expect(quoteWithDiscountsAtHand({ userId: client.id, role: 'client', websiteId: website.id }, website, EXACT)).toBeUndefined();
    clock.travel(RECHECK_MS);
    expect(cachedActivePriceList(website.id)).toBeUndefined();
    expect(quoteWithDiscountsAtHand(visitor, website, EXACT)).toBeUndefined();
  });
});

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

    const input: QuoteInput = {
      ...EXACT,
      spacing: 'double',
      workType: 'writing',
      slides: 0,
      charts: 0,
      writerLevel: 'standard',
      preferredWriter: false,
      extraServices: [],
    };
    const priced = await priceOrder(website.id, input);
    expect(priced).toMatchObject({ priceListId: draft.id, version: draft.version, quote: { totalCents: 1500 } });

    clock.travel(RECHECK_MS);
    expect((await quote(EXACT)).body).toMatchObject({ priceListVersion: draft.version, totalCents: 1500 });
  });
});
