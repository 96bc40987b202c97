import { QueryTypes } from 'sequelize';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startScheduler, type Scheduler } from '../../jobs/index.js';
import { campaignAnalytics, exportCampaignCodesCsv } from '../../src/discounts/service/analytics.js';
import { createCampaign, runCampaignSchedule, transitionCampaign, updateCampaign } from '../../src/discounts/service/campaigns.js';
import { evaluateDiscounts } from '../../src/discounts/service/evaluate.js';
import { requestCodeGeneration, runCodeGeneration } from '../../src/discounts/service/generation.js';
import { Campaign, DiscountCode } from '../../src/discounts/models.js';
import type { Actor } from '../../src/platform/actor.js';
import { clock } from '../../src/platform/clock.js';
import { recordOrderPayment } from '../../src/orders/service/payment-hook.js';
import { createDraftOrder, submitOrder } from '../../src/orders/service/wizard.js';
import { actorFor, completeDetails, newClient } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { newCode } from './fixtures.js';

let t: TestApp;
let admin: Actor;
let adminB: Actor;
let support: Actor;
let scheduler: Scheduler | undefined;
const HOUR = 3_600_000;

beforeAll(async () => {
  t = await startTestApp();
  admin = await actorFor('admin@scriptorium.test');
  adminB = await actorFor('admin@b.scriptorium.test');
  support = await actorFor('support@scriptorium.test');
});
afterEach(() => clock.reset());
afterAll(async () => {
  await scheduler?.stop(2_000);
  await t?.close();
});

const newCampaign = (patch: Record<string, unknown> = {}) =>
  createCampaign(admin, admin.websiteId!, { name: `Spring ${Math.random().toString(36).slice(2, 7)}`, ...patch });
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('campaign lifecycle', () => {
  it('runs draft -> scheduled -> active -> paused -> active -> ended, each audited', async () => {
    const campaign = await newCampaign({ startsAt: at(HOUR), endsAt: at(48 * HOUR) });
    expect((await transitionCampaign(admin, campaign.id, 'schedule')).status).toBe('scheduled');
    expect((await transitionCampaign(admin, campaign.id, 'activate')).status).toBe('active');
    expect((await transitionCampaign(admin, campaign.id, 'pause')).status).toBe('paused');
    expect((await transitionCampaign(admin, campaign.id, 'resume')).status).toBe('active');
    expect((await transitionCampaign(admin, campaign.id, 'end', 'Budget spent')).status).toBe('ended');
  });

  it.each([
    ['pause', 'draft'],
    ['resume', 'draft'],
    ['end', 'ended'],
  ] as const)('refuses to %s a %s campaign with a 409 naming the current status', async (action, status) => {
    const campaign = await newCampaign();
    if (status === 'ended') await transitionCampaign(admin, campaign.id, 'end');
    await expect(transitionCampaign(admin, campaign.id, action)).rejects.toMatchObject({
      code: 'conflict',
      details: { currentStatus: status },
    });
  });

  it('needs a future start to schedule; staff other than admins and other websites may not steer it', async () => {
    const undated = await newCampaign();
    await expect(transitionCampaign(admin, undated.id, 'schedule')).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('start date'),
    });
    await expect(transitionCampaign(support, undated.id, 'activate')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(transitionCampaign(adminB, undated.id, 'activate')).rejects.toMatchObject({ code: 'not_found' });
    await expect(createCampaign(admin, admin.websiteId!, { name: 'Bad', startsAt: at(2 * HOUR), endsAt: at(HOUR) })).rejects.toMatchObject({
      fields: { endsAt: 'must be after the start' },
    });
    const ended = await newCampaign();
    await transitionCampaign(admin, ended.id, 'end');
    await expect(updateCampaign(admin, ended.id, { name: 'Renamed' })).rejects.toMatchObject({
      code: 'conflict',
      details: { currentStatus: 'ended' },
    });
  });

  it('the schedule starts a campaign at its start and ends it at its end, once', async () => {
    const campaign = await newCampaign({ startsAt: at(HOUR), endsAt: at(3 * HOUR) });
    await transitionCampaign(admin, campaign.id, 'schedule');
    await runCampaignSchedule();
    expect((await campaign.reload()).status).toBe('scheduled');
    clock.travel(HOUR + 1_000);
    const first = await runCampaignSchedule();
    expect(first.started).toBeGreaterThanOrEqual(1);
    expect((await campaign.reload()).status).toBe('active');
    expect((await runCampaignSchedule()).started).toBe(0);
    clock.travel(2 * HOUR);
    await runCampaignSchedule();
    expect((await campaign.reload()).status).toBe('ended');
  });

  it('a code works only while its campaign is active', async () => {
    const campaign = await newCampaign();
    const code = await newCode(admin, { campaignId: campaign.id });
    const check = async () =>
      (await evaluateDiscounts(admin, { websiteId: admin.websiteId!, clientId: null, subtotalCents: 10_000, code: code.code })).code;
    expect(await check()).toMatchObject({ status: 'refused', reason: 'campaign_not_active' });
    await transitionCampaign(admin, campaign.id, 'activate');
    expect(await check()).toMatchObject({ status: 'applied' });
    await transitionCampaign(admin, campaign.id, 'pause');
    expect(await check()).toMatchObject({ status: 'refused', reason: 'campaign_not_active' });
  });
});

describe('bulk code generation', () => {
  it('makes 10,000 unique codes in batches, reports progress, and a rerun adds none', async () => {
    const campaign = await newCampaign();
    await requestCodeGeneration(admin, campaign.id, { prefix: 'bulk', count: 10_000, kind: 'percentage', percentBp: 1_000 });
    expect(await Campaign.findByPk(campaign.id)).toMatchObject({
      generationStatus: 'queued',
      generationRequested: 10_000,
      generationGenerated: 0,
    });
    await expect(
      requestCodeGeneration(admin, campaign.id, { prefix: 'X', count: 5, kind: 'fixed', valueCents: 100 }),
    ).rejects.toMatchObject({ code: 'conflict' });

    const started = Date.now();
    const results = await runCodeGeneration();
    expect(results).toEqual([{ campaignId: campaign.id, status: 'done', generated: 10_000 }]);
    expect(Date.now() - started).toBeLessThan(30_000);
    const [stats] = await t.context.sequelize.query<{ total: number; distinct: number; shaped: number }>(
      `SELECT COUNT(*)::int AS total, COUNT(DISTINCT code)::int AS distinct,
              COUNT(*) FILTER (WHERE code ~ '^BULK-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$')::int AS shaped
         FROM discount_codes WHERE campaign_id = ?`,
      { replacements: [campaign.id], type: QueryTypes.SELECT },
    );
    expect(stats).toEqual({ total: 10_000, distinct: 10_000, shaped: 10_000 });
    expect(
      await DiscountCode.count({ where: { campaignId: campaign.id, usageLimitTotal: 1, usageLimitPerClient: 1, percentBp: 1_000 } }),
    ).toBe(10_000);
    expect(await runCodeGeneration()).toEqual([]);
    expect(await DiscountCode.count({ where: { campaignId: campaign.id } })).toBe(10_000);
  });

  it('refuses bad requests naming the field', async () => {
    const campaign = await newCampaign();
    await expect(
      requestCodeGeneration(admin, campaign.id, { prefix: 'A', count: 10_001, kind: 'percentage', percentBp: 500 }),
    ).rejects.toMatchObject({ fields: { count: expect.any(String) } });
    await expect(
      requestCodeGeneration(admin, campaign.id, { prefix: 'A-B', count: 5, kind: 'percentage', percentBp: 500 }),
    ).rejects.toMatchObject({ fields: { prefix: expect.any(String) } });
    await expect(requestCodeGeneration(admin, campaign.id, { prefix: 'A', count: 5, kind: 'fixed' })).rejects.toMatchObject({
      fields: { valueCents: expect.any(String) },
    });
    await expect(
      requestCodeGeneration(adminB, campaign.id, { prefix: 'A', count: 5, kind: 'fixed', valueCents: 100 }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('runs as an Agenda job: the request starts it and the campaign shows the progress', async () => {
    scheduler ??= await startScheduler(t.context, { embedded: !t.realPostgres });
    const campaign = await newCampaign();
    await requestCodeGeneration(admin, campaign.id, { prefix: 'JOB', count: 250, kind: 'fixed', valueCents: 500 });
    const deadline = Date.now() + 30_000;
    while ((await campaign.reload()).generationStatus !== 'done' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(campaign).toMatchObject({ generationStatus: 'done', generationRequested: 250, generationGenerated: 250 });
    expect(await DiscountCode.count({ where: { campaignId: campaign.id } })).toBe(250);
  });
});

describe('campaign analytics and export', () => {
  it('counts uses, revenue, discount given, ROI and top codes from paid orders', async () => {
    const campaign = await newCampaign({ costCents: 1_000 });
    await transitionCampaign(admin, campaign.id, 'activate');
    const big = await newCode(admin, { campaignId: campaign.id, kind: 'fixed', valueCents: 1_000 });
    const small = await newCode(admin, { campaignId: campaign.id, kind: 'fixed', valueCents: 900 });
    const place = async (code: string, pay: boolean) => {
      const client = await newClient(admin.websiteId!);
      // A returning client (no first-order discount): the code is the only source.
      await submitOrder(client, (await createDraftOrder(client, completeDetails())).id);
      const order = await submitOrder(client, (await createDraftOrder(client, { ...completeDetails(), discountCode: code })).id);
      if (pay) await recordOrderPayment(admin, order.id, { amountCents: order.totalCents!, method: 'manual' });
      return order;
    };
    const paid = [await place(big.code, true), await place(big.code, true), await place(small.code, true)];
    await place(small.code, false);

    const figures = await campaignAnalytics(support, campaign.id);
    const revenue = paid.reduce((sum, o) => sum + o.totalCents!, 0);
    expect(figures).toMatchObject({ codes: 2, uses: 3, reserved: 1, revenueCents: revenue, discountCents: 2_900, costCents: 1_000 });
    expect(figures.roi).toBeCloseTo((revenue - 2_900 - 1_000) / 3_900, 4);
    expect(figures.topCodes).toEqual([
      { code: big.code, uses: 2, revenueCents: paid[0]!.totalCents! + paid[1]!.totalCents!, discountCents: 2_000 },
      { code: small.code, uses: 1, revenueCents: paid[2]!.totalCents!, discountCents: 900 },
    ]);
    await expect(campaignAnalytics(adminB, campaign.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it("exports a campaign's codes as CSV", async () => {
    const campaign = await newCampaign({ name: 'Back to School' });
    await requestCodeGeneration(admin, campaign.id, { prefix: 'BTS', count: 25, kind: 'percentage', percentBp: 1_500, capCents: 2_000 });
    await runCodeGeneration();
    const { filename, csv } = await exportCampaignCodesCsv(admin, campaign.id);
    expect(filename).toBe(`campaign-${campaign.id}-back-to-school-codes.csv`);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe(
      'code,kind,percent_bp,value_cents,cap_cents,min_subtotal_cents,usage_limit_total,usage_limit_per_client,uses_count,active,valid_from,valid_until,created_at',
    );
    expect(lines).toHaveLength(26);
    expect(lines[1]).toMatch(/^BTS-[A-Z2-9]{8},percentage,1500,,2000,0,1,1,0,true,,,\d{4}-/);
  });
});
