import { QueryTypes } from 'sequelize';
import { clock } from '../../platform/clock.js';
import { ctx } from '../../platform/context.js';
import { NotFound } from '../../platform/errors.js';
import { toPriceList } from '../mapping.js';
import { PriceListVersion, PriceOption } from '../models.js';
import type { PriceList } from '../rules.js';

export interface ActivePriceList {
  id: number;
  version: number;
  list: PriceList;
}

/**
 * Quotes are hot (benchmarked against a bare endpoint), so the active list is cached per website.
 * Versions never change once active (draft-edits.ts edits drafts only), so an entry is stale only
 * when another version becomes active. Activation in this process drops the entry at once; other
 * processes notice within RECHECK_MS through one cheap indexed query for the active id — no
 * pub/sub needed. Pricing an order for good (priceOrder) asks for the active id every time.
 */
export const RECHECK_MS = 5_000;
const cache = new Map<number, { entry: ActivePriceList; checkedAt: number }>();
/** Bumped by every invalidation, so a load that started before it cannot store what it read. */
let generation = 0;

export function invalidateActivePriceList(websiteId?: number): void {
  generation++;
  if (websiteId === undefined) cache.clear();
  else cache.delete(websiteId);
}

async function activeIdOf(websiteId: number): Promise<number | undefined> {
  const rows = await ctx().sequelize.query<{ id: number }>("SELECT id FROM price_lists WHERE website_id = $1 AND status = 'active'", {
    bind: [websiteId],
    type: QueryTypes.SELECT,
  });
  return rows[0]?.id;
}

export async function loadPriceListVersion(id: number): Promise<ActivePriceList> {
  const header = await PriceListVersion.findByPk(id);
  if (!header) throw NotFound('Price list');
  const options = await PriceOption.findAll({ where: { priceListId: id } });
  return { id: header.id, version: header.version, list: toPriceList(header, options) };
}

/** The cached active list when it was checked within RECHECK_MS (no I/O), else undefined. */
export function cachedActivePriceList(websiteId: number): ActivePriceList | undefined {
  const hit = cache.get(websiteId);
  return hit && clock.now().getTime() - hit.checkedAt < RECHECK_MS ? hit.entry : undefined;
}

/**
 * The website's active list: from the cache when checked within RECHECK_MS, unless `fresh`, which
 * checks the active id now (a cached list of that id is still reused: versions are immutable).
 */
export async function getActivePriceList(websiteId: number, options: { fresh?: boolean } = {}): Promise<ActivePriceList> {
  const cached = options.fresh ? undefined : cachedActivePriceList(websiteId);
  if (cached) return cached;
  const startedAt = generation;
  const activeId = await activeIdOf(websiteId);
  if (activeId === undefined) throw NotFound('Active price list for this website');
  const hit = cache.get(websiteId);
  const entry = hit && hit.entry.id === activeId ? hit.entry : await loadPriceListVersion(activeId);
  if (generation === startedAt) cache.set(websiteId, { entry, checkedAt: clock.now().getTime() });
  return entry;
}
