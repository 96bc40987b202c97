import { Op } from 'sequelize';
import { NotFound } from '../platform/errors.js';
import { Website } from './models.js';
import { normaliseHost, websiteSettingsSchema, type WebsiteSettings } from './rules.js';

/**
 * Host -> website, cached briefly: every API request resolves one, and websites change rarely.
 * A change made through this process clears the cache at once; other processes see it within the TTL.
 */
const CACHE_TTL_MS = 30_000;
const cache = new Map<string, { website: Website | null; at: number }>();

export function clearWebsiteCache(): void {
  cache.clear();
}

export async function findWebsiteByHost(hostHeader: string | undefined): Promise<Website | null> {
  const host = normaliseHost(hostHeader);
  if (!host) return null;
  const hit = cache.get(host);
  if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.website;
  const website = await Website.findOne({ where: { domains: { [Op.contains]: [host] }, active: true } });
  if (cache.size > 1_000) cache.clear(); // Host headers are client-chosen: keep the cache bounded.
  cache.set(host, { website, at: Date.now() });
  return website;
}

export async function resolveWebsite(hostHeader: string | undefined): Promise<Website> {
  const website = await findWebsiteByHost(hostHeader);
  if (!website) throw NotFound(`Website for host "${normaliseHost(hostHeader) ?? ''}"`);
  return website;
}

/** A website's settings with every default filled in. */
export function settingsOf(website: Pick<Website, 'settings'>): WebsiteSettings {
  return websiteSettingsSchema.parse(website.settings ?? {});
}
