import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboard } from '../../src/analytics/index.js';
import { clock } from '../../src/platform/clock.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { websiteBySlug } from '../admin/helpers.js';
import { actorFor } from '../orders/fixtures.js';
import { insertCampaign, insertDiscountUse, insertOrder, insertPayment, insertRefund, userOf } from './dashboard-fixtures.js';

/**
 * The dashboard's figures on known data: the clock is moved 400 days ahead so the periods hold
 * only this file's rows, which sit at known hours of known days.
 */
let t: TestApp;
let siteA: number;
let siteB: number;
const DAY = 86_400_000;
let today: number; // midnight UTC of the clock's today
const at = (days: number, hours: number) => new Date(today + days * DAY + hours * 3_600_000);
const day = (days: number) => new Date(today + days * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await startTestApp();
  siteA = (await websiteBySlug('scriptorium-a')).id;
  siteB = (await websiteBySlug('scriptorium-b')).id;
  clock.travel(400 * DAY);
  const now = clock.now();
  today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (now.getTime() - today < 3 * 3_600_000) clock.travel(3 * 3_600_000); // the rows of "today" at 01:00-02:00 are in the past
  const writer = await userOf(siteA, 'writer');

  // Website A (USD): three orders placed in the last 7 days, one before.
  const o1 = await insertOrder(siteA, {
    status: 'completed',
    totalCents: 10_000,
    placedAt: at(-1, 10),
    paidAt: at(-1, 11),
    deliveredAt: at(-1, 12),
    deadline: at(0, 0),
    completedAt: at(0, 1),
    writerId: writer,
  });
  await insertOrder(siteA, { status: 'cancelled', totalCents: 20_000, placedAt: at(-2, 9), cancelledAt: at(-1, 9) });
  const o3 = await insertOrder(siteA, {
    status: 'submitted',
    totalCents: 30_000,
    placedAt: at(0, 1),
    paidAt: at(0, 1),
    deliveredAt: at(0, 2),
    deadline: at(0, 1),
    writerId: writer,
  });
  const o4 = await insertOrder(siteA, { status: 'completed', totalCents: 99_999, placedAt: at(-10, 1), paidAt: at(-10, 1) });
  await insertPayment(siteA, o1, { amountCents: 10_000, succeededAt: at(-1, 11) });
  await insertPayment(siteA, o3, { amountCents: 30_000, succeededAt: at(0, 1) });
  await insertPayment(siteA, o3, { amountCents: 50_000, succeededAt: at(0, 1), purpose: 'wallet_topup' }); // not revenue
  await insertPayment(siteA, o4, { amountCents: 99_999, succeededAt: at(-10, 1) }); // before the period
  await insertPayment(siteA, o1, { amountCents: 1_234 }); // awaiting approval: not revenue
  await insertRefund(siteA, o1, { amountCents: 2_500, processedAt: at(0, 2) });
  await insertRefund(siteA, o1, { amountCents: 1_000 }); // pending: not refunded yet
  await insertDiscountUse(siteA, o1, { amountCents: 1_000, usedAt: at(-1, 10), campaignId: await insertCampaign(siteA) });
  await insertDiscountUse(siteA, o3, { amountCents: 500, usedAt: at(0, 1) });

  // Website B: one order in another currency.
  const b1 = await insertOrder(siteB, {
    status: 'ready_for_staffing',
    currency: 'EUR',
    totalCents: 5_000,
    placedAt: at(-1, 5),
    paidAt: at(-1, 5),
  });
  await insertPayment(siteB, b1, { amountCents: 5_000, currency: 'EUR', succeededAt: at(-1, 5) });
}, 120_000);
afterAll(async () => {
  clock.reset();
  await t?.close();
});

describe('dashboard figures', () => {
  it("an admin's last 7 days: orders, money, conversion, on-time rate, writers and discounts of their website", async () => {
    const result = await dashboard(await actorFor('admin@scriptorium.test'), { days: '7', refresh: 'true' });
    const f = result.figures;
    expect(f.period).toEqual({ from: day(-6), to: day(0), days: 7, preset: 7 });
    expect(f.conversion).toBe('placed_to_paid');
    expect(f.websites.map((w) => w.websiteId)).toEqual([siteA]);
    expect(f.total).toMatchObject({
      placed: 3,
      paid: 2,
      completed: 1,
      cancelled: 1,
      delivered: 2,
      onTime: 1,
      writersActive: 1,
      discountedOrders: 2,
      campaignCodeOrders: 1,
      campaignEmailsSent: 0,
    });
    expect(f.total.money).toEqual([
      {
        currency: 'USD',
        revenueCents: 40_000,
        refundsCents: 2_500,
        placedValueCents: 60_000,
        placedOrders: 3,
        averageOrderCents: 20_000,
        discountCents: 1_500,
        campaignDiscountCents: 1_000,
      },
    ]);
    expect(f.total.days).toHaveLength(7);
    const yesterday = f.total.days.find((d) => d.day === day(-1))!;
    expect(yesterday).toMatchObject({ placed: 1, cancelled: 1, delivered: 1, onTime: 1, revenue: [{ currency: 'USD', cents: 10_000 }] });
    const todays = f.total.days.find((d) => d.day === day(0))!;
    expect(todays).toMatchObject({ placed: 1, completed: 1, delivered: 1, onTime: 0, refunds: [{ currency: 'USD', cents: 2_500 }] });
  });

  it('a custom period of days; a bad period names its field', async () => {
    const admin = await actorFor('admin@scriptorium.test');
    const result = await dashboard(admin, { from: day(-10), to: day(-10), refresh: 'true' });
    expect(result.figures.total.placed).toBe(1);
    expect(result.figures.total.money[0]!.revenueCents).toBe(99_999);
    await expect(dashboard(admin, { days: '12' })).rejects.toMatchObject({ fields: { days: expect.any(String) } });
    await expect(dashboard(admin, { from: day(0), to: day(-1) })).rejects.toMatchObject({ fields: { to: expect.any(String) } });
    await expect(dashboard(admin, { from: 'yesterday', to: day(0) })).rejects.toMatchObject({ fields: { from: expect.any(String) } });
  });

  it('a superadmin sees every website with a breakdown, money by currency never mixed, or one website', async () => {
    const superadmin = await actorFor('superadmin@scriptorium.test');
    const all = (await dashboard(superadmin, { days: '7', refresh: 'true' })).figures;
    expect(all.total.placed).toBe(4);
    expect(all.total.money.map((m) => [m.currency, m.revenueCents])).toEqual([
      ['EUR', 5_000],
      ['USD', 40_000],
    ]);
    const b = all.websites.find((w) => w.websiteId === siteB)!;
    expect(b.placed).toBe(1);
    expect(b.money).toEqual([expect.objectContaining({ currency: 'EUR', revenueCents: 5_000, averageOrderCents: 5_000 })]);
    const onlyB = (await dashboard(superadmin, { days: '7', websiteId: String(siteB) })).figures;
    expect(onlyB.websites.map((w) => w.websiteId)).toEqual([siteB]);
    expect(onlyB.total.placed).toBe(1);
  });

  it('caches the figures for a few minutes with their "as of"; a refresh computes them again', async () => {
    const admin = await actorFor('admin@scriptorium.test');
    const before = clock.now().getTime();
    const first = await dashboard(admin, { days: '30', refresh: 'true' });
    expect(first.fromCache).toBe(false);
    expect(new Date(first.asOf).getTime()).toBeGreaterThanOrEqual(before);
    expect(new Date(first.asOf).getTime()).toBeLessThanOrEqual(clock.now().getTime());
    await insertOrder(siteA, { status: 'draft', placedAt: at(0, 1) });
    clock.travel(60_000);
    const cached = await dashboard(admin, { days: '30' });
    expect(cached.fromCache).toBe(true);
    expect(cached.asOf).toBe(first.asOf);
    expect(cached.figures.total.placed).toBe(first.figures.total.placed); // the new order is not seen yet
    clock.travel(5 * 60_000);
    const expired = await dashboard(admin, { days: '30' });
    expect(expired.fromCache).toBe(false);
    expect(expired.figures.total.placed).toBe(first.figures.total.placed + 1);
    clock.travel(1_000);
    const refreshed = await dashboard(admin, { days: '30', refresh: 'true' });
    expect(refreshed.fromCache).toBe(false);
    expect(new Date(refreshed.asOf).getTime()).toBeGreaterThan(new Date(expired.asOf).getTime());
  });
});
