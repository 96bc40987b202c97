import { Op } from 'sequelize';
import { NotFound } from '../../platform/errors.js';
import { Website } from '../models.js';
import { normaliseHost } from '../rules.js';

/**
 * The read model of the request's website (every API request resolves one from its Host header),
 * answered from a per-process cache and, when cached, without a promise (resolveWebsiteAtHand):
 * see docs/read-models.md for when such a synchronous twin is allowed.
 */

/**
 * Host -> website, cached briefly: every API request resolves one, and websites change rarely.
 * A change made through this process clears the cache at once; other processes see it within the TTL.
 */
const CACHE_TTL_MS = 30_000;
const cache = new Map<string, { website: Website | null; at: number }>();

export function clearWebsiteCache(): void {
  cache.clear();
}

/** The cached answer for a host (a website, or null for none) when fresh; undefined when it must be looked up. */
function cachedByHost(host: string): Website | null | undefined {
  const hit = cache.get(host);
  return hit && Date.now() - hit.at < CACHE_TTL_MS ? hit.website : undefined;
}

export async function findWebsiteByHost(hostHeader: string | undefined): Promise<Website | null> {
  const host = normaliseHost(hostHeader);
  if (!host) return null;
  const cached = cachedByHost(host);
  if (cached !== undefined) return cached;
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

/**
 * resolveWebsite answered from the cache alone (no I/O, no promise: every API request asks);
 * undefined when the host must be looked up. An unknown host is a NotFound either way.
 */
export function resolveWebsiteAtHand(hostHeader: string | undefined): Website | undefined {
  const host = normaliseHost(hostHeader);
  const cached = host ? cachedByHost(host) : null;
  if (cached === null) throw NotFound(`Website for host "${host ?? ''}"`);
  return cached;
}
