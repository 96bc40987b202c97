import { Op } from 'sequelize';
import { Website } from '../src/tenancy/index.js';

/**
 * Each website's currency, for showing money columns of tables that do not carry one (orders,
 * fines, tips…: a website's amounts are all in its currency). Websites are few and their currency
 * rarely changes, so answers are kept for a minute.
 */
const TTL_MS = 60_000;
const known = new Map<number, { currency: string; at: number }>();

export async function currenciesOf(websiteIds: Iterable<number>): Promise<Map<number, string>> {
  const now = Date.now();
  const wanted = [...new Set(websiteIds)].filter((id) => Number.isFinite(id));
  const missing = wanted.filter((id) => {
    const hit = known.get(id);
    return !hit || now - hit.at > TTL_MS;
  });
  if (missing.length) {
    const rows = await Website.findAll({ where: { id: { [Op.in]: missing } }, attributes: ['id', 'currency'] });
    for (const row of rows) known.set(Number(row.id), { currency: row.currency, at: now });
  }
  return new Map(wanted.flatMap((id) => (known.has(id) ? [[id, known.get(id)!.currency] as const] : [])));
}
