import { Op } from 'sequelize';
import { Website } from '../src/tenancy/index.js';

/**
 * What the back office shows of a website beside its records: its currency (money columns of
 * tables that carry none — orders, fines, tips… — are in their website's currency) and its name
 * (the brand staff of one website work under). Websites are few and rarely change, so answers are
 * kept for a minute.
 */
export interface WebsiteFacts {
  currency: string;
  name: string;
}

const TTL_MS = 60_000;
const known = new Map<number, WebsiteFacts & { at: number }>();

export async function websiteFactsOf(websiteIds: Iterable<number>): Promise<Map<number, WebsiteFacts>> {
  const now = Date.now();
  const wanted = [...new Set(websiteIds)].filter((id) => Number.isFinite(id));
  const missing = wanted.filter((id) => {
    const hit = known.get(id);
    return !hit || now - hit.at > TTL_MS;
  });
  if (missing.length) {
    const rows = await Website.findAll({ where: { id: { [Op.in]: missing } }, attributes: ['id', 'currency', 'name'] });
    for (const row of rows) known.set(Number(row.id), { currency: row.currency, name: row.name, at: now });
  }
  return new Map(wanted.flatMap((id) => (known.has(id) ? [[id, known.get(id)!] as const] : [])));
}
