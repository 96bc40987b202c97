import { clock } from '../platform/clock.js';
import { ctx } from '../platform/context.js';

/**
 * Online presence: who made an authenticated request in the last five minutes. In Redis (shared
 * by every API process) as sorted sets of userId -> last-seen ms, one per website plus one across
 * websites; without Redis in this process's memory (single-process mode).
 */
export const ONLINE_WINDOW_MS = 5 * 60_000;

const memoryByWebsite = new Map<number, Map<number, number>>();
const memoryAll = new Map<number, number>();

const websiteKey = (websiteId: number) => `${ctx().config.REDIS_PREFIX}presence:${websiteId}`;
const allKey = () => `${ctx().config.REDIS_PREFIX}presence:all`;

export async function markOnline(websiteId: number, userId: number): Promise<void> {
  const now = clock.now().getTime();
  const { redis } = ctx();
  if (!redis) {
    let seen = memoryByWebsite.get(websiteId);
    if (!seen) memoryByWebsite.set(websiteId, (seen = new Map()));
    seen.set(userId, now);
    memoryAll.set(userId, now);
    if (memoryAll.size > 50_000) pruneMemory(now - ONLINE_WINDOW_MS);
    return;
  }
  const member = String(userId);
  // Trimming here keeps the sets at "recently seen" size without a separate job.
  await redis
    .multi()
    .zAdd(websiteKey(websiteId), { score: now, value: member })
    .zRemRangeByScore(websiteKey(websiteId), '-inf', now - ONLINE_WINDOW_MS)
    .zAdd(allKey(), { score: now, value: member })
    .zRemRangeByScore(allKey(), '-inf', now - ONLINE_WINDOW_MS)
    .exec();
}

export async function isOnline(userId: number): Promise<boolean> {
  const since = clock.now().getTime() - ONLINE_WINDOW_MS;
  const { redis } = ctx();
  if (!redis) return (memoryAll.get(userId) ?? 0) > since;
  const score = await redis.zScore(allKey(), String(userId));
  return score !== null && score > since;
}

/** Ids of the users of a website seen in the last five minutes. */
export async function onlineUsers(websiteId: number): Promise<number[]> {
  const since = clock.now().getTime() - ONLINE_WINDOW_MS;
  const { redis } = ctx();
  if (!redis) {
    return [...(memoryByWebsite.get(websiteId) ?? new Map<number, number>()).entries()]
      .filter(([, seenAt]) => seenAt > since)
      .map(([userId]) => userId);
  }
  const members = await redis.zRangeByScore(websiteKey(websiteId), `(${since}`, '+inf');
  return members.map((m) => Number(m));
}

function pruneMemory(before: number): void {
  for (const seen of [memoryAll, ...memoryByWebsite.values()]) {
    for (const [userId, seenAt] of seen) if (seenAt <= before) seen.delete(userId);
  }
}

/** Tests only: forget in-memory presence. */
export function resetMemoryPresence(): void {
  memoryByWebsite.clear();
  memoryAll.clear();
}
