import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import { clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { RedisClient } from '../redis.js';

/**
 * A rate-limit store that answers from memory and shares its counts through Redis in batches:
 * every FLUSH_MS each process adds what it counted to a per-window Redis counter and learns the
 * total of all processes. Windows are fixed and aligned on the clock, so every process counts the
 * same window under the same key.
 *
 * Why: the exact store (rate-limit-redis) makes a Redis round trip on every request, which on a
 * public, cheap endpoint (the price quote) costs more than the endpoint. The price is precision:
 * between two flushes a process does not see the others' latest hits, so all processes together
 * may admit up to (processes × hits per flush interval) more than the limit. Use it only where
 * that is harmless; logins, registrations and resets keep the exact store. Without Redis (one
 * process) it is a plain in-memory counter.
 */
export const FLUSH_MS = 100;

interface Counter {
  windowStart: number;
  /** Hits counted here and not yet added in Redis. */
  pending: number;
  /** The window's total in Redis at the last flush (ours included). */
  shared: number;
}

export class BatchedRedisStore implements Store {
  private windowMs = 60_000;
  private readonly counters = new Map<string, Counter>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly redis: RedisClient | undefined,
    readonly prefix: string,
    private readonly logger: Logger,
    private readonly now: () => number = () => clock.now().getTime(),
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  private counter(key: string): Counter {
    const windowStart = Math.floor(this.now() / this.windowMs) * this.windowMs;
    let counter = this.counters.get(key);
    if (!counter || counter.windowStart !== windowStart) {
      counter = { windowStart, pending: 0, shared: 0 };
      this.counters.set(key, counter);
    }
    return counter;
  }

  private info(counter: Counter): ClientRateLimitInfo {
    return { totalHits: counter.shared + counter.pending, resetTime: new Date(counter.windowStart + this.windowMs) };
  }

  get(key: string): ClientRateLimitInfo {
    return this.info(this.counter(key));
  }

  increment(key: string): ClientRateLimitInfo {
    const counter = this.counter(key);
    counter.pending++;
    this.schedule();
    return this.info(counter);
  }

  decrement(key: string): void {
    this.counter(key).pending--;
    this.schedule();
  }

  async resetKey(key: string): Promise<void> {
    const counter = this.counter(key);
    this.counters.delete(key);
    await this.redis?.del(this.redisKey(key, counter.windowStart));
  }

  async shutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private redisKey(key: string, windowStart: number): string {
    return `${this.prefix}${key}:${windowStart}`;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, FLUSH_MS);
    this.timer.unref();
  }

  /** Adds the pending hits of every key to Redis in one pipeline and takes the totals back. */
  async flush(): Promise<void> {
    await this.flushing;
    const current = Math.floor(this.now() / this.windowMs) * this.windowMs;
    const batch: Array<{ key: string; counter: Counter; hits: number }> = [];
    for (const [key, counter] of this.counters) {
      if (counter.windowStart < current && counter.pending === 0) this.counters.delete(key);
      else if (counter.pending !== 0) batch.push({ key, counter, hits: counter.pending });
    }
    if (!batch.length) return;
    for (const item of batch) item.counter.pending -= item.hits;
    const redis = this.redis;
    if (!redis) {
      for (const { counter, hits } of batch) counter.shared += hits;
      return;
    }
    this.flushing = (async () => {
      try {
        const multi = redis.multi();
        for (const { key, counter, hits } of batch) {
          const redisKey = this.redisKey(key, counter.windowStart);
          multi.incrBy(redisKey, hits);
          multi.pExpire(redisKey, this.windowMs * 2);
        }
        const replies = await multi.exec();
        batch.forEach(({ counter }, i) => {
          counter.shared = Math.max(counter.shared, Number(replies[i * 2]));
        });
      } catch (err) {
        for (const item of batch) item.counter.pending += item.hits; // counted again at the next flush
        this.logger.warn({ err }, 'flushing rate-limit counts to Redis failed');
        this.schedule();
      }
    })();
    await this.flushing;
    this.flushing = undefined;
  }
}
