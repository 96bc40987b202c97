import { QueryTypes } from 'sequelize';
import { ctx } from '../platform/context.js';
import { NotFound } from '../platform/errors.js';
import { toPriceList } from './mapping.js';
import { PriceListVersion, PriceOption } from './models.js';
import type { PriceList } from './rules.js';

export interface ActivePriceList {
  id: number;
  version: number;
  list: PriceList;
}

/**
 * Quotes are hot (benchmarked against a bare endpoint), so the active list is cached per website.
 * Activation in this process drops the entry at once; other processes notice within RECHECK_MS
 * through one cheap indexed query for the active id — no pub/sub needed.
 */
const RECHECK_MS = 5_000;
const cache = new Map<number, { entry: ActivePriceList; checkedAt: number }>();

export function invalidateActivePriceList(websiteId?: number): void {
  if (websiteId === undefined) cache.clear();
  else cache.delete(websiteId);
}

async function activeIdOf(websiteId: number): Promise<number | undefined> {
  const rows = await ctx().sequelize.query<{ id: number }>(
    "SELECT id FROM price_lists WHERE website_id = $1 AND status = 'active'",
    { bind: [websiteId], type: QueryTypes.SELECT },
  );
  return rows[0]?.id;
}

export async function loadPriceListVersion(id: number): Promise<ActivePriceList> {
  const header = await PriceListVersion.findByPk(id);
  if (!header) throw NotFound('Price list');
  const options = await PriceOption.findAll({ where: { priceListId: id } });
  return { id: header.id, version: header.version, list: toPriceList(header, options) };
}

export async function getActivePriceList(websiteId: number): Promise<ActivePriceList> {
  const hit = cache.get(websiteId);
  const now = Date.now();
  if (hit && now - hit.checkedAt < RECHECK_MS) return hit.entry;
  const activeId = await activeIdOf(websiteId);
  if (activeId === undefined) throw NotFound('Active price list for this website');
  if (hit && hit.entry.id === activeId) {
    hit.checkedAt = now;
    return hit.entry;
  }
  const entry = await loadPriceListVersion(activeId);
  cache.set(websiteId, { entry, checkedAt: now });
  return entry;
}
