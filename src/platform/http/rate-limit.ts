import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { ctx } from '../context.js';
import { RateLimited } from '../errors.js';

export interface RateLimitOptions {
  /** Names the limit in keys and messages, e.g. "login". */
  name: string;
  windowMs: number;
  limit: number;
  /** What the limit counts per; defaults to the client IP and the website. */
  key?: (req: Request) => string;
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
