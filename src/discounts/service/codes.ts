import { Op } from 'sequelize';
import { recordAudit } from '../../audit/index.js';
import type { Actor } from '../../platform/actor.js';
import { User } from '../../identity/index.js';
import { inTransaction } from '../../platform/database.js';
import { Conflict, NotFound, ValidationFailed, type FieldErrors } from '../../platform/errors.js';
import { fieldErrorsOf } from '../../platform/http/validate.js';
import { Campaign, DiscountCode } from '../models.js';
import { assertCanManageDiscounts } from '../policy.js';
import { normaliseCode } from '../rules.js';
import { codeInputSchema, type CodeInput } from '../schemas.js';

/**
 * Discount codes as staff create and edit them. Every rule about a code's terms is checked here,
 * whoever calls (the back office's forms are only a way in).
 */
function parse(input: unknown): CodeInput {
  const parsed = codeInputSchema.safeParse(input);
  if (!parsed.success) throw ValidationFailed(fieldErrorsOf(parsed.error.issues));
  return parsed.data;
}

/** Registration IDs or ids -> ids of this website's clients; unknown ones are named. */
async function clientIdsOf(websiteId: number, refs: Array<number | string>): Promise<number[]> {
  if (!refs.length) return [];
  const ids = refs.filter((r): r is number => typeof r === 'number');
  const registrationIds = refs.filter((r): r is string => typeof r === 'string').map((r) => r.toUpperCase());
  const found = await User.findAll({
    where: { websiteId, role: 'client', [Op.or]: [{ id: ids }, { registrationId: registrationIds }] },
    attributes: ['id', 'registrationId'],
  });
  const missing = refs.filter((r) => !found.some((u) => u.id === r || u.registrationId === String(r).toUpperCase()));
  if (missing.length) throw ValidationFailed({ eligibleClients: `not clients of this website: ${missing.slice(0, 5).join(', ')}` });
  return [...new Set(found.map((u) => u.id))];
}

/** Whole-record checks on the code as it will be (the form may send part of it). */
function checkTerms(next: Partial<DiscountCode>): FieldErrors {
  const errors: FieldErrors = {};
  if (next.kind === 'percentage' && next.percentBp == null) errors.percentBp = 'is required for a percentage';
  if (next.kind === 'fixed' && next.valueCents == null) errors.valueCents = 'is required for a fixed amount';
  if (next.validFrom && next.validUntil && next.validUntil <= next.validFrom) errors.validUntil = 'must be after the start';
  if (next.usageLimitTotal != null && next.usesCount != null && next.usageLimitTotal < next.usesCount) {
    errors.usageLimitTotal = `must be at least the ${next.usesCount} uses already made`;
  }
  return errors;
}

async function assertCampaign(websiteId: number, campaignId: number | null | undefined): Promise<void> {
  if (campaignId == null) return;
  const campaign = await Campaign.findOne({ where: { id: campaignId, websiteId } });
  if (!campaign) throw ValidationFailed({ campaignId: 'is not a campaign of this website' });
  if (campaign.status === 'ended') throw ValidationFailed({ campaignId: 'has ended' });
  if (campaign.generationStatus === 'queued' || campaign.generationStatus === 'running')
    throw Conflict('Codes are being generated for this campaign; try again when it is done');
}

/** The typed values -> columns: the kind decides which of percent/value is kept. */
function columnsOf(input: CodeInput, eligibleClientIds?: number[]): Partial<DiscountCode> {
  const { eligibleClients: _refs, code, ...rest } = input;
  const columns: Partial<DiscountCode> = { ...rest } as Partial<DiscountCode>;
  if (code !== undefined) columns.code = normaliseCode(code) ?? code;
  if (input.kind === 'percentage') columns.valueCents = null;
  if (input.kind === 'fixed') columns.percentBp = null;
  if (eligibleClientIds) columns.eligibleClientIds = eligibleClientIds;
  return columns;
}

const snapshot = (code: DiscountCode) => {
  const { createdAt: _c, updatedAt: _u, ...rest } = code.get({ plain: true }) as Record<string, unknown>;
  return rest;
};

export async function createDiscountCode(actor: Actor, websiteId: number, raw: unknown): Promise<DiscountCode> {
  assertCanManageDiscounts(actor, websiteId);
  const input = parse(raw);
  const errors: FieldErrors = {};
  if (!input.code) errors.code = 'is required';
  if (!input.kind) errors.kind = 'is required';
  if (Object.keys(errors).length) throw ValidationFailed(errors);
  return inTransaction(async () => {
    await assertCampaign(websiteId, input.campaignId);
    const columns = columnsOf(input, await clientIdsOf(websiteId, input.eligibleClients ?? []));
    const termErrors = checkTerms({ ...columns, usesCount: 0 });
    if (Object.keys(termErrors).length) throw ValidationFailed(termErrors);
    const code = await DiscountCode.create({ ...columns, websiteId, code: columns.code!, kind: columns.kind!, createdBy: actor.userId });
    await recordAudit(actor, {
      action: 'discount.code_create',
      targetType: 'discount_code',
      targetId: code.id,
      websiteId,
      after: snapshot(code),
    });
    return code;
  });
}

/** Edits a code; the text and kind of a code already used stay as they were (orders name it). */
export async function updateDiscountCode(actor: Actor, codeId: number, raw: unknown): Promise<DiscountCode> {
  const input = parse(raw);
  return inTransaction(async () => {
    const code = await DiscountCode.findByPk(codeId, { lock: true });
    if (!code) throw NotFound('Discount code');
    assertCanManageDiscounts(actor, code.websiteId);
    const eligible = input.eligibleClients ? await clientIdsOf(code.websiteId, input.eligibleClients) : undefined;
    const columns = columnsOf(input, eligible);
    if (code.usesCount > 0 && ((columns.code && columns.code !== code.code) || (columns.kind && columns.kind !== code.kind))) {
      throw ValidationFailed({
        [columns.code && columns.code !== code.code ? 'code' : 'kind']: 'cannot change once the code has been used',
      });
    }
    if (columns.campaignId !== undefined && columns.campaignId !== code.campaignId)
      await assertCampaign(code.websiteId, columns.campaignId);
    const before = snapshot(code);
    const termErrors = checkTerms({ ...before, ...columns } as Partial<DiscountCode>);
    if (Object.keys(termErrors).length) throw ValidationFailed(termErrors);
    await code.update(columns);
    await recordAudit(actor, {
      action: 'discount.code_update',
      targetType: 'discount_code',
      targetId: code.id,
      websiteId: code.websiteId,
      before,
      after: snapshot(code),
    });
    return code;
  });
}
