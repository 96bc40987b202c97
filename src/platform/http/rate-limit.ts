import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
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

function storeFor(name: string, batched: boolean): Store | undefined {
  const { redis, config, logger } = ctx();
  if (!redis) return undefined; // express-rate-limit's memory store: fine for one process only.
  if (batched) return new BatchedRedisStore(redis, `${config.REDIS_PREFIX}rlb:${name}:`, logger);
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
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    store: storeFor(options.name, options.batched ?? false),
    keyGenerator: options.key ?? defaultKey,
    handler: (_req, _res, next, opts) => {
      next(RateLimited(`Too many ${options.name} attempts, try again later`, Math.ceil(opts.windowMs / 1000)));
    },
  });
}
