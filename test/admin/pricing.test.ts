import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { PriceListVersion, PriceOption } from '../../src/pricing/models.js';
import { adminGet, adminPost, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { websiteBySlug } from './helpers.js';

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

const active = async () => (await PriceListVersion.findOne({ where: { websiteId: siteA, status: 'active' } }))!;
const latestDraft = async () =>
  (await PriceListVersion.findOne({ where: { websiteId: siteA, status: 'draft' }, order: [['id', 'DESC']] }))!;

describe('price lists in the back office', () => {
  it('lists versions of the website only; support may look', async () => {
    const mine = await adminGet(admin, 'price_lists/actions/list').expect(200);
    expect(mine.body.records.length).toBeGreaterThan(0);
    expect(mine.body.records.every((r: { params: { websiteId: number } }) => r.params.websiteId === siteA)).toBe(true);
    expect((await adminGet(support, 'price_lists/actions/list').expect(200)).body.records.length).toBe(mine.body.records.length);
    const options = await adminGet(
      admin,
      `price_options/actions/list?perPage=500&filters.priceListId=${(await active()).id}&filters.kind=deadline_band`,
    ).expect(200);
    expect(options.body.records.length).toBeGreaterThan(2);
    expect(options.body.records.every((r: { params: { kind: string } }) => r.params.kind === 'deadline_band')).toBe(true);
    const foreign = await adminGet(adminB, `price_lists/records/${(await active()).id}/show`, 'b.localhost').expect(404);
    expect(foreign.body.error.code).toBe('not_found');
  });

  it('a new draft from the active version; only drafts are edited; an incoherent draft is refused with reasons; then activated', async () => {
    const current = await active();
    await adminGet(admin, `price_lists/records/${current.id}/newDraft`).expect(200);
    expect(await PriceListVersion.count({ where: { websiteId: siteA, status: 'draft' } })).toBe(0);
    expect((await adminPost(support, `price_lists/records/${current.id}/newDraft`).expect(200)).body.record.baseError.type).toBe(
      'ForbiddenError',
    );
    expect((await adminPost(admin, `price_lists/records/${current.id}/newDraft`).expect(200)).body.notice.type).toBe('success');
    const draft = await latestDraft();
    expect(draft.basedOnId).toBe(current.id);

    // The active version cannot be edited, neither its header nor its options.
    expect(
      (await adminPost(admin, `price_lists/records/${current.id}/edit`, { basePerPageCents: '1' }).expect(200)).body.record.baseError.type,
    ).toBe('ForbiddenError');
    const activeOption = (await PriceOption.findOne({ where: { priceListId: current.id, kind: 'paper_type' } }))!;
    const refused = await adminPost(admin, `price_options/records/${activeOption.id}/edit`, { name: 'Hacked' }).expect(200);
    expect(refused.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('draft') });
    expect((await PriceOption.findByPk(activeOption.id))!.name).not.toBe('Hacked');
    expect((await adminPost(admin, `price_options/records/${activeOption.id}/delete`).expect(200)).body.notice.type).toBe('error');
    expect(await PriceOption.findByPk(activeOption.id)).not.toBeNull();

    const saved = await adminPost(admin, `price_lists/records/${draft.id}/edit`, {
      basePerPageCents: '1500',
      notes: 'Autumn prices',
      'limits.maxPages': '250',
    }).expect(200);
    expect(saved.body.notice.type).toBe('success');
    expect(await PriceListVersion.findByPk(draft.id)).toMatchObject({
      basePerPageCents: 1500,
      notes: 'Autumn prices',
      limits: expect.objectContaining({ maxPages: 250, minPages: 1 }),
    });
    expect(
      (await adminPost(admin, `price_lists/records/${draft.id}/edit`, { basePerPageCents: 'cheap' }).expect(200)).body.notice.type,
    ).toBe('error');
    expect(await AuditLog.count({ where: { action: 'pricing.update_draft', targetId: String(draft.id) } })).toBe(1);

    // A negative price is refused at once; a missing level multiplier and bands out of order only at activation.
    const negative = await adminPost(admin, 'price_options/actions/new', {
      priceListId: String(draft.id),
      kind: 'writer_level',
      code: 'elite',
      name: 'Elite',
      amountCents: '-500',
    }).expect(200);
    expect(negative.body.notice.type).toBe('error');
    const bands = await PriceOption.findAll({ where: { priceListId: draft.id, kind: 'deadline_band' }, order: [['sortOrder', 'ASC']] });
    expect((await adminPost(admin, `price_options/records/${bands[1]!.id}/edit`, { maxHours: '1' }).expect(200)).body.notice.type).toBe(
      'success',
    );
    const added = await adminPost(admin, 'price_options/actions/new', {
      priceListId: String(draft.id),
      kind: 'academic_level',
      code: 'postdoc',
      name: 'Postdoc',
      multiplierBp: '',
    }).expect(200);
    expect(added.body.notice.type).toBe('success');
    const incoherent = await adminPost(admin, `price_lists/records/${draft.id}/activate`).expect(200);
    expect(incoherent.body.notice.type).toBe('error');
    expect(incoherent.body.notice.message).toContain('deadline bands must be in increasing hours');
    expect(incoherent.body.notice.message).toContain('academicLevels "postdoc" is missing a positive multiplier');
    expect((await active()).id).toBe(current.id);

    // Fix it and activate.
    await adminPost(admin, `price_options/records/${bands[1]!.id}/edit`, { maxHours: String(bands[1]!.maxHours) }).expect(200);
    const postdoc = (await PriceOption.findOne({ where: { priceListId: draft.id, code: 'postdoc' } }))!;
    expect((await adminPost(admin, `price_options/records/${postdoc.id}/delete`).expect(200)).body.notice.type).toBe('success');
    const ok = await adminPost(admin, `price_lists/records/${draft.id}/activate`).expect(200);
    expect(ok.body.notice.type).toBe('success');
    expect((await active()).id).toBe(draft.id);
    expect((await PriceListVersion.findByPk(current.id))!.status).toBe('superseded');
    const shown = await adminGet(admin, `price_lists/records/${draft.id}/show`).expect(200);
    expect(shown.body.record.params['changes.fields.basePerPageCents.1']).toBe(1500);
    expect(
      (await adminPost(admin, `price_lists/records/${draft.id}/edit`, { basePerPageCents: '1' }).expect(200)).body.record.baseError.type,
    ).toBe('ForbiddenError');
  });

  it("an admin of website B cannot add options to website A's draft", async () => {
    await adminPost(admin, `price_lists/records/${(await active()).id}/newDraft`).expect(200);
    const draft = await latestDraft();
    const res = await adminPost(
      adminB,
      'price_options/actions/new',
      { priceListId: String(draft.id), kind: 'paper_type', code: 'x', name: 'X', multiplierBp: '10000' },
      'b.localhost',
    ).expect(200);
    expect(res.body.notice.type).toBe('error');
    expect(await PriceOption.count({ where: { priceListId: draft.id, code: 'x' } })).toBe(0);
  });
});
