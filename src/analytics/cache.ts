import { clock } from '../platform/clock.js';
import { ctx } from '../platform/context.js';

/**
 * A short-lived cache of computed figures with an explicit "as of": Redis when REDIS_URL is set
 * (shared by every API process), else this process's memory. An entry holds the time it was
 * computed and the time it expires by our clock (so tests move time with the clock; Redis's own
 * TTL, a little longer, only clears the key). A refresh computes again and replaces the entry.
 */
export const FIGURES_TTL_MS = 5 * 60_000;
const MEMORY_LIMIT = 500;

export interface Cached<T> {
  value: T;
  /** When the value was computed (ISO). */
  asOf: string;
  /** Whether this answer came from the cache. */
  fromCache: boolean;
}

interface Entry<T> {
  value: T;
  asOf: string;
  expiresAt: number;
}

const memory = new Map<string, Entry<unknown>>();

async function read<T>(key: string): Promise<Entry<T> | undefined> {
  const redis = ctx().redis;
  if (!redis) return memory.get(key) as Entry<T> | undefined;
  const text = await redis.get(`${ctx().config.REDIS_PREFIX}${key}`);
  return text ? (JSON.parse(text) as Entry<T>) : undefined;
}

async function write<T>(key: string, entry: Entry<T>, ttlMs: number): Promise<void> {
  const redis = ctx().redis;
  if (!redis) {
    if (memory.size >= MEMORY_LIMIT) memory.clear(); // bounded, should keys ever vary more
    memory.set(key, entry);
    return;
  }
  await redis.set(`${ctx().config.REDIS_PREFIX}${key}`, JSON.stringify(entry), { PX: ttlMs + 60_000 });
}

export async function cachedFigures<T>(
  key: string,
  compute: () => Promise<T>,
  options: { refresh?: boolean; ttlMs?: number } = {},
): Promise<Cached<T>> {
  const ttlMs = options.ttlMs ?? FIGURES_TTL_MS;
  const now = clock.now().getTime();
  if (!options.refresh) {
    const hit = await read<T>(key);
    if (hit && hit.expiresAt > now) return { value: hit.value, asOf: hit.asOf, fromCache: true };
  }
  const asOf = clock.now().toISOString();
  const value = await compute();
  await write(key, { value, asOf, expiresAt: now + ttlMs }, ttlMs);
  return { value, asOf, fromCache: false };
}

/** Tests: forget the in-memory entries. */
export function clearMemoryCache(): void {
  memory.clear();
}
