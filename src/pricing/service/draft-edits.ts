import { recordAudit } from '../../audit/index.js';
import type { Actor } from '../../platform/actor.js';
import { inTransaction } from '../../platform/database.js';
import { Conflict, NotFound, ValidationFailed, type FieldErrors } from '../../platform/errors.js';
import { PRICE_OPTION_KINDS, PriceListVersion, PriceOption, type PriceOptionKind } from '../models.js';
import { assertCanManagePricing } from '../policy.js';
import type { PriceLimits } from '../rules.js';

/**
 * Editing a DRAFT price list: its header (prices, limits, notes) and its option rows. Active and
 * superseded versions are history and never change (orders point at them). Values are only
 * type-checked here; whether the list is coherent is decided when it is activated, with reasons.
 */

const INTEGER_FIELDS = [
  'basePerPageCents',
  'minChargeCents',
  'singleSpacingBp',
  'slidePriceCents',
  'chartPriceCents',
  'preferredWriterFeeCents',
] as const;
const LIMIT_FIELDS = ['minPages', 'maxPages', 'maxSlides', 'maxCharts', 'minDeadlineHours', 'maxDeadlineHours'] as const;

export type DraftHeaderPatch = Partial<Record<(typeof INTEGER_FIELDS)[number], number>> & {
  maxPagesPerHour?: number;
  notes?: string | null;
  limits?: Partial<PriceLimits>;
};

export interface DraftOptionInput {
  kind?: PriceOptionKind;
  code?: string;
  name?: string;
  multiplierBp?: number | null;
  amountCents?: number | null;
  maxHours?: number | null;
  categoryCode?: string | null;
  active?: boolean;
  sortOrder?: number;
}

const MAX_MAGNITUDE = 1e12;
const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && Math.abs(v) <= MAX_MAGNITUDE;

async function lockDraft(actor: Actor, priceListId: number): Promise<PriceListVersion> {
  const record = await PriceListVersion.findByPk(priceListId, { lock: true });
  if (!record) throw NotFound('Price list');
  assertCanManagePricing(actor, record.websiteId);
  if (record.status !== 'draft')
    throw Conflict(`Only a draft price list can be edited; this version is ${record.status}`, { status: record.status });
  return record;
}

function checkHeader(patch: DraftHeaderPatch): FieldErrors {
  const errors: FieldErrors = {};
  for (const key of INTEGER_FIELDS) if (patch[key] !== undefined && !isWhole(patch[key])) errors[key] = 'must be a whole number';
  if (
    patch.maxPagesPerHour !== undefined &&
    !(typeof patch.maxPagesPerHour === 'number' && Number.isFinite(patch.maxPagesPerHour) && Math.abs(patch.maxPagesPerHour) < 10_000)
  ) {
    errors.maxPagesPerHour = 'must be a number';
  }
  if (patch.notes !== undefined && patch.notes !== null && (typeof patch.notes !== 'string' || patch.notes.length > 500))
    errors.notes = 'must be at most 500 characters';
  for (const key of LIMIT_FIELDS) {
    const value = patch.limits?.[key];
    if (value !== undefined && !isWhole(value)) errors[`limits.${key}`] = 'must be a whole number';
  }
  return errors;
}

/** Changes header fields of a draft; returns the updated draft. */
export async function updateDraftHeader(actor: Actor, priceListId: number, patch: DraftHeaderPatch): Promise<PriceListVersion> {
  const errors = checkHeader(patch);
  if (Object.keys(errors).length) throw ValidationFailed(errors);
  return inTransaction(async () => {
    const record = await lockDraft(actor, priceListId);
    const changes: Record<string, unknown> = {};
    for (const key of INTEGER_FIELDS) if (patch[key] !== undefined) changes[key] = patch[key];
    if (patch.maxPagesPerHour !== undefined) changes.maxPagesPerHour = patch.maxPagesPerHour;
    if (patch.notes !== undefined) changes.notes = patch.notes;
    if (patch.limits) changes.limits = { ...record.limits, ...patch.limits };
    if (!Object.keys(changes).length) return record;
    const before = Object.fromEntries(Object.keys(changes).map((k) => [k, record.get(k as keyof PriceListVersion)]));
    await record.update(changes);
    await recordAudit(actor, {
      action: 'pricing.update_draft',
      targetType: 'price_list',
      targetId: record.id,
      websiteId: record.websiteId,
      before,
      after: changes,
    });
    return record;
  });
}

function checkOption(input: DraftOptionInput, creating: boolean): FieldErrors {
  const errors: FieldErrors = {};
  if (creating || input.kind !== undefined)
    if (!PRICE_OPTION_KINDS.includes(input.kind as PriceOptionKind)) errors.kind = `must be one of ${PRICE_OPTION_KINDS.join(', ')}`;
  if (creating || input.code !== undefined)
    if (typeof input.code !== 'string' || !/^[a-z0-9_]{1,60}$/.test(input.code))
      errors.code = 'must be 1-60 lowercase letters, digits or _';
  if (creating || input.name !== undefined)
    if (typeof input.name !== 'string' || !input.name.trim() || input.name.length > 120)
      errors.name = 'is required (at most 120 characters)';
  for (const key of ['multiplierBp', 'amountCents', 'maxHours', 'sortOrder'] as const) {
    const value = input[key];
    if (value !== undefined && value !== null && !isWhole(value)) errors[key] = 'must be a whole number';
  }
  if (input.sortOrder === null) errors.sortOrder = 'must be a whole number';
  if (input.categoryCode != null && (typeof input.categoryCode !== 'string' || input.categoryCode.length > 60))
    errors.categoryCode = 'must be at most 60 characters';
  if (input.active !== undefined && typeof input.active !== 'boolean') errors.active = 'must be true or false';
  return errors;
}

const OPTION_FIELDS = ['kind', 'code', 'name', 'multiplierBp', 'amountCents', 'maxHours', 'categoryCode', 'active', 'sortOrder'] as const;
const pickOption = (input: DraftOptionInput) =>
  Object.fromEntries(OPTION_FIELDS.filter((k) => input[k] !== undefined).map((k) => [k, input[k]])) as DraftOptionInput;

async function assertUniqueCode(priceListId: number, kind: string, code: string, exceptId?: number): Promise<void> {
  const clash = await PriceOption.findOne({ where: { priceListId, kind, code } });
  if (clash && clash.id !== exceptId) throw ValidationFailed({ code: `"${code}" already exists for ${kind}` });
}

/** Adds an option row to a draft. */
export async function createDraftOption(actor: Actor, priceListId: number, input: DraftOptionInput): Promise<PriceOption> {
  const errors = checkOption(input, true);
  if (Object.keys(errors).length) throw ValidationFailed(errors);
  return inTransaction(async () => {
    const list = await lockDraft(actor, priceListId);
    const values = pickOption(input);
    await assertUniqueCode(priceListId, values.kind!, values.code!);
    const option = await PriceOption.create({ ...values, priceListId, kind: values.kind!, code: values.code!, name: values.name!.trim() });
    await recordAudit(actor, {
      action: 'pricing.add_option',
      targetType: 'price_list',
      targetId: list.id,
      websiteId: list.websiteId,
      after: { optionId: option.id, ...values },
    });
    return option;
  });
}

async function lockOptionOfDraft(actor: Actor, optionId: number): Promise<{ option: PriceOption; list: PriceListVersion }> {
  const option = await PriceOption.findByPk(optionId);
  if (!option) throw NotFound('Price option');
  const list = await lockDraft(actor, option.priceListId);
  return { option, list };
}

/** Changes an option row of a draft. */
export async function updateDraftOption(actor: Actor, optionId: number, patch: DraftOptionInput): Promise<PriceOption> {
  const errors = checkOption(patch, false);
  if (Object.keys(errors).length) throw ValidationFailed(errors);
  return inTransaction(async () => {
    const { option, list } = await lockOptionOfDraft(actor, optionId);
    const values = pickOption(patch);
    if (values.code !== undefined || values.kind !== undefined) {
      await assertUniqueCode(list.id, values.kind ?? option.kind, values.code ?? option.code, option.id);
    }
    const before = Object.fromEntries(Object.keys(values).map((k) => [k, option.get(k as keyof PriceOption)]));
    await option.update(values);
    await recordAudit(actor, {
      action: 'pricing.update_option',
      targetType: 'price_list',
      targetId: list.id,
      websiteId: list.websiteId,
      before: { optionId, ...before },
      after: { optionId, ...values },
    });
    return option;
  });
}

/** Removes an option row from a draft. */
export async function deleteDraftOption(actor: Actor, optionId: number): Promise<void> {
  await inTransaction(async () => {
    const { option, list } = await lockOptionOfDraft(actor, optionId);
    const before = option.get({ plain: true });
    await option.destroy();
    await recordAudit(actor, {
      action: 'pricing.delete_option',
      targetType: 'price_list',
      targetId: list.id,
      websiteId: list.websiteId,
      before,
    });
  });
}
