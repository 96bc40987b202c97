import { clock } from '../platform/clock.js';
import { ctx } from '../platform/context.js';

/**
 * Online presence: who made an authenticated request in the last five minutes. In Redis (shared
 * by every API process) as sorted sets of userId -> last-seen ms, one per website plus one across
 * websites; without Redis in this process's memory (single-process mode).
 */
export const ONLINE_WINDOW_MS = 5 * 60_000;

interface MemoryPresence {
  byWebsite: Map<number, Map<number, number>>;
  all: Map<number, number>;
}
// Per application context, so several apps in one process (tests) never see each other's users.
const memoryByContext = new WeakMap<object, MemoryPresence>();
function memory(): MemoryPresence {
  const context = ctx();
  let found = memoryByContext.get(context);
  if (!found) memoryByContext.set(context, (found = { byWebsite: new Map(), all: new Map() }));
  return found;
}

const websiteKey = (websiteId: number) => `${ctx().config.REDIS_PREFIX}presence:${websiteId}`;
const allKey = () => `${ctx().config.REDIS_PREFIX}presence:all`;

export async function markOnline(websiteId: number, userId: number): Promise<void> {
  const now = clock.now().getTime();
  const { redis } = ctx();
  if (!redis) {
    const { byWebsite, all } = memory();
    let seen = byWebsite.get(websiteId);
    if (!seen) byWebsite.set(websiteId, (seen = new Map()));
    seen.set(userId, now);
    all.set(userId, now);
    if (all.size > 50_000) pruneMemory(now - ONLINE_WINDOW_MS);
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
  if (!redis) return (memory().all.get(userId) ?? 0) > since;
  const score = await redis.zScore(allKey(), String(userId));
  return score !== null && score > since;
}

/** Ids of the users of a website seen in the last five minutes. */
export async function onlineUsers(websiteId: number): Promise<number[]> {
  const since = clock.now().getTime() - ONLINE_WINDOW_MS;
  const { redis } = ctx();
  if (!redis) {
    return [...(memory().byWebsite.get(websiteId) ?? new Map<number, number>()).entries()]
      .filter(([, seenAt]) => seenAt > since)
      .map(([userId]) => userId);
  }
  const members = await redis.zRangeByScore(websiteKey(websiteId), `(${since}`, '+inf');
  return members.map((m) => Number(m));
}

function pruneMemory(before: number): void {
  const { byWebsite, all } = memory();
  for (const seen of [all, ...byWebsite.values()]) {
    for (const [userId, seenAt] of seen) if (seenAt <= before) seen.delete(userId);
  }
}
