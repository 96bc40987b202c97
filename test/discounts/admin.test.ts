import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { Campaign, DiscountCode } from '../../src/discounts/models.js';
import { runCodeGeneration } from '../../src/discounts/service/generation.js';
import { websiteBySlug } from '../admin/helpers.js';
import { adminGet, adminPost, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';

let t: TestApp;
let admin: Agent;
let support: Agent;
let adminB: Agent;
let siteA: number;
beforeAll(async () => {
  t = await startAdminApp();
  ({ admin, support, adminB } = await signInStaff(t.app));
  siteA = (await websiteBySlug('scriptorium-a')).id;
});
afterAll(() => t?.close());

describe('discount codes in the back office', () => {
  it('creates a code through the service (normalised, audited); refuses bad terms and duplicates by name', async () => {
    const created = await adminPost(admin, 'discount_codes/actions/new', {
      code: 'autumn15',
      kind: 'percentage',
      percentBp: '1500',
      capCents: '2500',
      usageLimitTotal: '100',
      active: 'true',
    }).expect(200);
    expect(created.body.notice).toMatchObject({ type: 'success' });
    const code = (await DiscountCode.findOne({ where: { websiteId: siteA, code: 'AUTUMN15' } }))!;
    expect(code).toMatchObject({
      kind: 'percentage',
      percentBp: 1_500,
      capCents: 2_500,
      usageLimitTotal: 100,
      createdBy: expect.any(Number),
    });
    expect(await AuditLog.count({ where: { action: 'discount.code_create', targetId: String(code.id) } })).toBe(1);

    const missing = await adminPost(admin, 'discount_codes/actions/new', { code: 'NOPERCENT', kind: 'percentage', percentBp: '' }).expect(
      200,
    );
    expect(missing.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('percentBp') });
    expect(missing.body.record.errors).toHaveProperty('percentBp');
    const duplicate = await adminPost(admin, 'discount_codes/actions/new', { code: 'Autumn15', kind: 'fixed', valueCents: '500' }).expect(
      200,
    );
    expect(duplicate.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('code') });
    expect(await DiscountCode.count({ where: { websiteId: siteA, code: ['NOPERCENT', 'AUTUMN15'] } })).toBe(1);
    // The same code is free on another website.
    expect(
      (
        await adminPost(adminB, 'discount_codes/actions/new', { code: 'autumn15', kind: 'fixed', valueCents: '500' }, 'b.localhost').expect(
          200,
        )
      ).body.notice.type,
    ).toBe('success');
  });

  it('edits through the service; the text of a used code cannot change; support and others may only look', async () => {
    await adminPost(admin, 'discount_codes/actions/new', { code: 'EDITME', kind: 'fixed', valueCents: '1000' }).expect(200);
    const code = (await DiscountCode.findOne({ where: { websiteId: siteA, code: 'EDITME' } }))!;
    const saved = await adminPost(admin, `discount_codes/records/${code.id}/edit`, { active: 'false', validUntil: '' }).expect(200);
    expect(saved.body.notice.type).toBe('success');
    expect((await code.reload()).active).toBe(false);
    await code.update({ usesCount: 1 });
    const renamed = await adminPost(admin, `discount_codes/records/${code.id}/edit`, { code: 'RENAMED' }).expect(200);
    expect(renamed.body.notice).toMatchObject({
      type: 'error',
      message: expect.stringContaining('cannot change once the code has been used'),
    });
    const lowered = await adminPost(admin, `discount_codes/records/${code.id}/edit`, { usageLimitTotal: '0' }).expect(200);
    expect(lowered.body.notice.type).toBe('error');

    expect(
      (await adminPost(support, `discount_codes/records/${code.id}/edit`, { active: 'true' }).expect(200)).body.record?.baseError?.type ??
        'ForbiddenError',
    ).toBe('ForbiddenError');
    expect((await code.reload()).active).toBe(false);
    expect((await adminGet(support, `discount_codes/records/${code.id}/show`).expect(200)).body.record.params.code).toBe('EDITME');
    const foreign = await adminGet(adminB, `discount_codes/records/${code.id}/show`, 'b.localhost').expect(404);
    expect(foreign.body.error.code).toBe('not_found');
  });

  it('lists and searches codes of the website only', async () => {
    await adminPost(admin, 'discount_codes/actions/new', { code: 'FINDME-1', kind: 'fixed', valueCents: '100' }).expect(200);
    const found = await adminGet(admin, 'discount_codes/actions/list?filters.code=findme').expect(200);
    expect(found.body.records.map((r: { params: { code: string } }) => r.params.code)).toEqual(['FINDME-1']);
    const other = await adminGet(adminB, 'discount_codes/actions/list?filters.code=findme', 'b.localhost').expect(200);
    expect(other.body.records).toEqual([]);
  });
});

describe('campaigns in the back office', () => {
  async function newCampaign(name: string): Promise<Campaign> {
    expect((await adminPost(admin, 'campaigns/actions/new', { name, costCents: '5000' }).expect(200)).body.notice.type).toBe('success');
    return (await Campaign.findOne({ where: { websiteId: siteA, name } }))!;
  }

  it('activates, pauses, resumes and ends on POST only, audited; an illegal move names the current status', async () => {
    const campaign = await newCampaign('Winter sale');
    await adminGet(admin, `campaigns/records/${campaign.id}/activate`).expect(200);
    expect((await campaign.reload()).status).toBe('draft');
    for (const [action, status] of [
      ['activate', 'active'],
      ['pause', 'paused'],
      ['resume', 'active'],
      ['end', 'ended'],
    ] as const) {
      const res = await adminPost(
        admin,
        `campaigns/records/${campaign.id}/${action}`,
        action === 'end' ? { reason: 'Season over' } : {},
      ).expect(200);
      expect(res.body.notice, action).toMatchObject({ type: 'success' });
      expect((await campaign.reload()).status).toBe(status);
    }
    expect(
      await AuditLog.count({
        where: {
          targetType: 'campaign',
          targetId: String(campaign.id),
          action: ['campaign.activate', 'campaign.pause', 'campaign.resume', 'campaign.end'],
        },
      }),
    ).toBe(4);
    const illegal = await adminPost(admin, `campaigns/records/${campaign.id}/pause`).expect(200);
    expect(illegal.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('ended') });
    const scheduled = await adminPost(admin, `campaigns/records/${(await newCampaign('No start date')).id}/schedule`).expect(200);
    expect(scheduled.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('start date') });
  });

  it('support may look but not steer; another website cannot see it', async () => {
    const campaign = await newCampaign('Looked at');
    const refused = await adminPost(support, `campaigns/records/${campaign.id}/activate`).expect(200);
    expect(refused.body.notice?.type === 'error' || refused.body.record?.baseError?.type === 'ForbiddenError').toBe(true);
    expect((await campaign.reload()).status).toBe('draft');
    expect((await adminGet(support, `campaigns/records/${campaign.id}/analytics`).expect(200)).body.analytics).toMatchObject({
      codes: 0,
      uses: 0,
    });
    expect((await adminPost(adminB, `campaigns/records/${campaign.id}/activate`, {}, 'b.localhost').expect(404)).body.error.code).toBe(
      'not_found',
    );
    expect((await campaign.reload()).status).toBe('draft');
  });

  it('generates codes from the form, shows the progress and figures, and exports them as CSV', async () => {
    const campaign = await newCampaign('Generated');
    const bad = await adminPost(admin, `campaigns/records/${campaign.id}/generateCodes`, {
      prefix: 'gen',
      count: '20000',
      kind: 'percentage',
      percent: '10',
    }).expect(200);
    expect(bad.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('count') });
    const res = await adminPost(admin, `campaigns/records/${campaign.id}/generateCodes`, {
      prefix: 'gen',
      count: '40',
      kind: 'percentage',
      percent: '12.5',
      cap: '20.00',
    }).expect(200);
    expect(res.body.notice).toMatchObject({ type: 'success' });
    expect(res.body.record.params).toMatchObject({ generationStatus: 'queued', generationRequested: 40 });
    await runCodeGeneration();
    const figures = await adminGet(admin, `campaigns/records/${campaign.id}/analytics`).expect(200);
    expect(figures.body.analytics).toMatchObject({
      codes: 40,
      uses: 0,
      costCents: 5_000,
      generation: { status: 'done', requested: 40, generated: 40 },
    });
    expect(await DiscountCode.count({ where: { campaignId: campaign.id, percentBp: 1_250, capCents: 2_000 } })).toBe(40);
    const exported = await adminGet(admin, `campaigns/records/${campaign.id}/exportCodes`).expect(200);
    expect(exported.body.file.filename).toBe(`campaign-${campaign.id}-generated-codes.csv`);
    expect(exported.body.file.csv.trim().split('\n')).toHaveLength(41);
  });
});
