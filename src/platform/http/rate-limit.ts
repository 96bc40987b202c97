import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Options, type Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { clock } from '../clock.js';
import { ctx } from '../context.js';
import { RateLimited } from '../errors.js';
import { BatchedRedisStore } from './batched-redis-store.js';

export interface RateLimitOptions {
  /** Names the limit in keys and messages, e.g. "login". */
  name: string;
  windowMs: number;
  limit: number;
  /** What the limit counts per; defaults to the client IP and the website. */
  key?: (req: Request) => string;
  /**
   * Count in memory and share through Redis in batches (batched-redis-store.ts): no Redis round
   * trip per request, at the cost of a small overshoot across processes. For cheap public endpoints.
   */
  batched?: boolean;
}

const defaultKey = (req: Request) => `${req.website?.id ?? '-'}:${ipKeyGenerator(req.ip ?? 'unknown')}`;

function storeFor(name: string): Store | undefined {
  const { redis, config } = ctx();
  if (!redis) return undefined; // express-rate-limit's memory store: fine for one process only.
  return new RedisStore({
    prefix: `${config.REDIS_PREFIX}rl:${name}:`,
    sendCommand: (...args: string[]) => redis.sendCommand(args) as Promise<RedisReply>,
  });
}

/**
 * A rate limit kept in Redis when configured (shared by every API process), else in memory.
 * Going over it is a 429 in our error shape with Retry-After.
 */
export function createRateLimit(options: RateLimitOptions): RequestHandler {
  if (options.batched) return batchedRateLimit(options);
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    store: storeFor(options.name),
    keyGenerator: options.key ?? defaultKey,
    handler: (_req, _res, next, opts) => {
      next(RateLimited(`Too many ${options.name} attempts, try again later`, Math.ceil(opts.windowMs / 1000)));
    },
  });
}

/**
 * The batched limit as one synchronous middleware. Its store answers from memory, yet
 * express-rate-limit still goes through a chain of awaits per request (skip, key, store, limit,
 * its error wrapper), which on the quote cost more than counting. Same draft-7 headers, same
 * 429 with Retry-After as createRateLimit's other limits.
 */
function batchedRateLimit(options: RateLimitOptions): RequestHandler {
  const { redis, config, logger } = ctx();
  const store = new BatchedRedisStore(redis, `${config.REDIS_PREFIX}rlb:${options.name}:`, logger);
  store.init({ windowMs: options.windowMs } as Options);
  const key = options.key ?? defaultKey;
  const policy = `${options.limit};w=${Math.ceil(options.windowMs / 1000)}`;
  const windowSeconds = Math.ceil(options.windowMs / 1000);
  return (req, res, next) => {
    const { totalHits, resetTime } = store.increment(key(req));
    const resetSeconds = resetTime ? Math.max(0, Math.ceil((resetTime.getTime() - clock.now().getTime()) / 1000)) : windowSeconds;
    res.setHeader('RateLimit-Policy', policy);
    res.setHeader('RateLimit', `limit=${options.limit}, remaining=${Math.max(options.limit - totalHits, 0)}, reset=${resetSeconds}`);
    // The window is fixed, so the client may try again when it ends, not a whole window later.
    if (totalHits > options.limit)
      return next(RateLimited(`Too many ${options.name} attempts, try again later`, Math.max(1, resetSeconds)));
    next();
  };
}
