import { ctx } from './context.js';

/**
 * Counted leases: at most `max` holders of one name at a time, across every API process (in Redis:
 * a sorted set of holder -> expiry) or in this process (without REDIS_URL). A holder renews its
 * lease while it lives; a process that dies without dropping its leases frees them when they
 * expire, so a crash never locks a user out for longer than one lease's lifetime. Wall-clock time
 * (not the test clock): leases measure real sockets.
 */
const TAKE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[3]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  return 1
end
return 0`;

const memoryByContext = new WeakMap<object, Map<string, Map<string, number>>>();
function memory(name: string): Map<string, number> {
  const context = ctx();
  let names = memoryByContext.get(context);
  if (!names) memoryByContext.set(context, (names = new Map()));
  let holders = names.get(name);
  if (!holders) names.set(name, (holders = new Map()));
  return holders;
}

const keyOf = (name: string) => `${ctx().config.REDIS_PREFIX}lease:${name}`;

/** Takes (or renews) `holder`'s lease on `name`; false when `max` others hold one already. */
export async function takeLease(name: string, holder: string, max: number, ttlMs: number): Promise<boolean> {
  const now = Date.now();
  const { redis } = ctx();
  if (!redis) {
    const holders = memory(name);
    for (const [other, expires] of holders) if (expires <= now) holders.delete(other);
    if (!holders.has(holder) && holders.size >= max) return false;
    holders.set(holder, now + ttlMs);
    return true;
  }
  const taken = await redis.eval(TAKE, {
    keys: [keyOf(name)],
    arguments: [String(now), String(max), holder, String(now + ttlMs), String(ttlMs)],
  });
  return Number(taken) === 1;
}

/** Gives the lease back (nothing when it had expired). */
export async function dropLease(name: string, holder: string): Promise<void> {
  const { redis } = ctx();
  if (!redis) {
    const holders = memory(name);
    holders.delete(holder);
    if (!holders.size) memoryByContext.get(ctx())?.delete(name);
    return;
  }
  if (redis.isOpen) await redis.zRem(keyOf(name), holder);
}
