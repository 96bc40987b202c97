import { recordAudit } from '../../audit/index.js';
import type { WebsiteCreatedEvent } from '../../tenancy/index.js';
import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { Conflict, NotFound, ValidationFailed } from '../../platform/errors.js';
import { invalidateActivePriceList, loadPriceListVersion } from '../read-models/active-price-list.js';
import { defaultPriceList } from '../defaults.js';
import { headerOf, toOptionRows, toPriceList } from '../mapping.js';
import { PriceListVersion, PriceOption, type PriceListChanges } from '../models.js';
import { assertCanManagePricing } from '../policy.js';
import { validatePriceList, type PriceList } from '../rules.js';

async function insertVersion(websiteId: number, list: PriceList, extra: Partial<PriceListVersion>): Promise<PriceListVersion> {
  const latest = (await PriceListVersion.max<number, PriceListVersion>('version', { where: { websiteId } })) ?? 0;
  const record = await PriceListVersion.create({ websiteId, version: latest + 1, ...headerOf(list), ...extra });
  await PriceOption.bulkCreate(toOptionRows(list).map((row) => ({ ...row, priceListId: record.id })));
  return record;
}

/**
 * The tenancy websiteCreated hook (src/wiring.ts): a website sells nothing without a price list, so
 * a new one starts with RULES.md's defaults, editable at once.
 */
export async function installPriceListOnWebsiteCreated({ actor, website }: WebsiteCreatedEvent): Promise<void> {
  await installDefaultPriceList(actor, website.id, website.currency);
}

/** Gives a website RULES.md's default price list as its active version 1, unless it has one. Idempotent. */
export async function installDefaultPriceList(actor: Actor, websiteId: number, currency: string): Promise<PriceListVersion> {
  assertCanManagePricing(actor, websiteId);
  return inTransaction(async (transaction) => {
    const existing = await PriceListVersion.findOne({ where: { websiteId, status: 'active' } });
    if (existing) return existing;
    const record = await insertVersion(websiteId, defaultPriceList(currency), {
      status: 'active',
      activatedAt: clock.now(),
      activatedBy: actor.userId,
      createdBy: actor.userId,
      notes: 'Default price list',
    });
    await recordAudit(actor, {
      action: 'pricing.install_defaults',
      targetType: 'price_list',
      targetId: record.id,
      websiteId,
      after: { version: record.version },
    });
    transaction.afterCommit(() => invalidateActivePriceList(websiteId));
    return record;
  });
}

/** Starts a new version as an editable draft, copied from the active one (or from `basedOnId`). */
export async function createDraftPriceList(actor: Actor, websiteId: number, basedOnId?: number): Promise<PriceListVersion> {
  assertCanManagePricing(actor, websiteId);
  return inTransaction(async () => {
    const source = basedOnId
      ? await PriceListVersion.findOne({ where: { id: basedOnId, websiteId } })
      : await PriceListVersion.findOne({ where: { websiteId, status: 'active' } });
    if (!source) throw NotFound('Price list to copy');
    const { list } = await loadPriceListVersion(source.id);
    const record = await insertVersion(websiteId, list, { status: 'draft', basedOnId: source.id, createdBy: actor.userId });
    await recordAudit(actor, {
      action: 'pricing.create_draft',
      targetType: 'price_list',
      targetId: record.id,
      websiteId,
      after: { version: record.version, basedOn: source.version },
    });
    return record;
  });
}

/** What differs between two lists: scalar fields and option codes added, removed or changed. */
export function diffPriceLists(before: PriceList | undefined, after: PriceList): PriceListChanges {
  const changes: PriceListChanges = { fields: {}, added: [], removed: [], changed: [] };
  if (!before) return changes;
  const scalars = [
    'currency',
    'basePerPageCents',
    'minChargeCents',
    'singleSpacingBp',
    'slidePriceCents',
    'chartPriceCents',
    'preferredWriterFeeCents',
    'maxPagesPerHour',
    'limits',
  ] as const;
  for (const key of scalars) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes.fields[key] = [before[key], after[key]];
  }
  const keyed = (list: PriceList) =>
    new Map(toOptionRows(list).map((row) => [`${row.kind}:${row.code}`, JSON.stringify({ ...row, sortOrder: undefined })]));
  const old = keyed(before);
  const now = keyed(after);
  for (const [key, value] of now) {
    if (!old.has(key)) changes.added.push(key);
    else if (old.get(key) !== value) changes.changed.push(key);
  }
  for (const key of old.keys()) if (!now.has(key)) changes.removed.push(key);
  return changes;
}

/**
 * Makes a draft the website's active price list after checking it is coherent; the previous one
 * is superseded. Orders already priced keep the version they were priced with.
 */
export async function activatePriceList(actor: Actor, priceListId: number): Promise<PriceListVersion> {
  return inTransaction(async (transaction) => {
    const record = await PriceListVersion.findByPk(priceListId, { lock: transaction.LOCK.UPDATE });
    if (!record) throw NotFound('Price list');
    assertCanManagePricing(actor, record.websiteId);
    if (record.status !== 'draft')
      throw Conflict(`Only a draft can be activated; this version is ${record.status}`, { status: record.status });
    const list = toPriceList(record, await PriceOption.findAll({ where: { priceListId } }));
    const problems = validatePriceList(list);
    if (problems.length) {
      throw ValidationFailed(
        Object.fromEntries(problems.map((p, i) => [`priceList.${i}`, p])),
        `The price list is not coherent: ${problems.join('; ')}`,
      );
    }
    const previous = await PriceListVersion.findOne({
      where: { websiteId: record.websiteId, status: 'active' },
      lock: transaction.LOCK.UPDATE,
    });
    const previousList = previous ? (await loadPriceListVersion(previous.id)).list : undefined;
    if (previous) await previous.update({ status: 'superseded' });
    const changes = diffPriceLists(previousList, list);
    await record.update({ status: 'active', activatedAt: clock.now(), activatedBy: actor.userId, changes });
    await recordAudit(actor, {
      action: 'pricing.activate',
      targetType: 'price_list',
      targetId: record.id,
      websiteId: record.websiteId,
      before: { activeVersion: previous?.version ?? null },
      after: { activeVersion: record.version, changes },
    });
    transaction.afterCommit(() => invalidateActivePriceList(record.websiteId));
    return record;
  });
}
