import type { Options } from 'express-rate-limit';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../src/platform/clock.js';
import { BatchedRedisStore } from '../../src/platform/http/batched-redis-store.js';
import { redisAvailable, startTestApp, type TestApp } from '../support/harness.js';

/** Two stores on one Redis prefix stand for two API processes. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { RATE_LIMIT_QUOTE_PER_MIN: '5' } });
});
afterAll(() => t?.close());

const WINDOW = 60_000;
const storePair = (now: () => number) => {
  const prefix = `${t.context.config.REDIS_PREFIX}test-rlb:${Math.random().toString(36).slice(2)}:`;
  const make = () => {
    const store = new BatchedRedisStore(t.context.redis!, prefix, t.context.logger, now);
    store.init({ windowMs: WINDOW } as Options);
    return store;
  };
  return [make(), make()] as const;
};

describe.skipIf(!redisAvailable())('batched rate-limit store (Redis)', () => {
  it("counts at once in its process and learns the other processes' hits at each flush", async () => {
    const now = () => 10 * WINDOW + 1_000;
    const [a, b] = storePair(now);
    for (let i = 1; i <= 5; i++) expect(a.increment('ip-1').totalHits).toBe(i);
    expect(b.increment('ip-1').totalHits).toBe(1); // b has not heard of a's hits yet
    await a.flush();
    await b.flush();
    expect(b.increment('ip-1').totalHits).toBe(7); // 5 from a + 2 of its own
    await b.flush();
    await a.flush();
    expect(a.get('ip-1').totalHits).toBe(5); // nothing pending: a learns at its next flush with hits
    expect(a.increment('ip-1').totalHits).toBe(6);
    await a.flush();
    expect(a.get('ip-1').totalHits).toBe(8);
    expect(a.get('ip-1').resetTime).toEqual(new Date(11 * WINDOW));
  });

  it('starts every aligned window afresh, in every process alike', async () => {
    let clock = 20 * WINDOW + 59_000;
    const [a, b] = storePair(() => clock);
    a.increment('ip-2');
    a.increment('ip-2');
    await a.flush();
    clock += 2_000; // the next window
    expect(a.increment('ip-2').totalHits).toBe(1);
    await a.flush();
    expect(b.increment('ip-2').totalHits).toBe(1);
    await b.flush();
    expect(b.get('ip-2').totalHits).toBe(2);
  });

  it('forgets a key on reset, and a decrement is shared like an increment', async () => {
    const [a, b] = storePair(() => 30 * WINDOW);
    a.increment('ip-3');
    a.increment('ip-3');
    a.decrement('ip-3');
    await a.flush();
    b.increment('ip-3');
    await b.flush();
    expect(b.get('ip-3').totalHits).toBe(2);
    await b.resetKey('ip-3');
    expect(b.increment('ip-3').totalHits).toBe(1);
  });
});

describe('batched rate-limit store without Redis (one process)', () => {
  it('counts in memory across flushes and starts every window afresh', async () => {
    let clock = 40 * WINDOW;
    const store = new BatchedRedisStore(undefined, 'memory:', t.context.logger, () => clock);
    store.init({ windowMs: WINDOW } as Options);
    store.increment('ip-4');
    store.increment('ip-4');
    await store.flush();
    expect(store.increment('ip-4').totalHits).toBe(3);
    clock += WINDOW;
    expect(store.increment('ip-4').totalHits).toBe(1);
  });
});

describe('the quote limit', () => {
  it('still refuses the request over the limit within one process, with 429 and Retry-After', async () => {
    // Windows are aligned on the clock: start this one 1 s into a window so that the six requests
    // cannot straddle two windows however slow the machine is.
    const now = clock.now().getTime();
    clock.travel(WINDOW - (now % WINDOW) + 1_000);
    try {
      const quote = () =>
        request(t.app)
          .post('/api/v1/pricing/quote')
          .set('Host', 'localhost')
          .set('X-Forwarded-For', '198.51.100.9')
          .send({ pages: 2, deadlineHours: 72 });
      const first = await quote().expect(200);
      // The draft-7 headers every limit of createRateLimit sends.
      expect(first.headers['ratelimit-policy']).toBe('5;w=60');
      expect(first.headers.ratelimit).toMatch(/^limit=5, remaining=4, reset=\d+$/);
      for (let i = 1; i < 5; i++) await quote().expect(200);
      const limited = await quote().expect(429);
      expect(limited.body.error.code).toBe('rate_limited');
      // Retry-After is when the window ends, as the RateLimit header's reset says.
      const reset = Number(/reset=(\d+)$/.exec(limited.headers.ratelimit)?.[1]);
      expect(limited.headers.ratelimit).toMatch(/^limit=5, remaining=0, reset=\d+$/);
      expect(reset).toBeGreaterThan(0);
      expect(reset).toBeLessThanOrEqual(59);
      expect(limited.headers['retry-after']).toBe(String(reset));
    } finally {
      clock.reset();
    }
  });
});
