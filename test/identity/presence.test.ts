import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UserSession } from '../../src/identity/models.js';
import { isOnline, onlineUsers } from '../../src/identity/presence.js';
import { clock } from '../../src/platform/clock.js';
import { redisAvailable, startTestApp, type TestApp } from '../support/harness.js';
import { login, me, sessionIdOf, SLOW } from './helpers.js';

afterEach(() => clock.reset());

async function eventually(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function presenceSuite(suite: (name: string, options: typeof SLOW, body: () => void) => void, name: string, options: { redis: boolean }) {
  suite(name, SLOW, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ redis: options.redis, env: { RATE_LIMIT_LOGIN_PER_15_MIN: '1000' } });
    });
    afterAll(() => t?.close());

    it('marks a user online on an authenticated request, for five minutes', async () => {
      const tokens = await login(t.app, 'writer@scriptorium.test');
      const websiteId = (tokens.user.website as { id: number }).id;
      expect(await isOnline(tokens.user.id)).toBe(false);
      await me(t.app, tokens.accessToken).expect(200);
      await eventually(() => isOnline(tokens.user.id));
      expect(await onlineUsers(websiteId)).toContain(tokens.user.id);
      if (options.redis) {
        const key = `${t.context.config.REDIS_PREFIX}presence:${websiteId}`;
        expect(await t.context.redis!.zScore(key, String(tokens.user.id))).toBeGreaterThan(0);
      }
      clock.travel(6 * 60_000);
      expect(await isOnline(tokens.user.id)).toBe(false);
      expect(await onlineUsers(websiteId)).not.toContain(tokens.user.id);
    });

    it('updates the session last use at most once a minute, without blocking the request', async () => {
      const tokens = await login(t.app, 'client@scriptorium.test');
      const sessionId = sessionIdOf(tokens.accessToken);
      const lastUsed = async () => (await UserSession.findByPk(sessionId))!.lastUsedAt.getTime();
      const atLogin = await lastUsed();
      await me(t.app, tokens.accessToken).expect(200);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await lastUsed()).toBe(atLogin); // used within the minute: no write
      clock.travel(2 * 60_000);
      await me(t.app, tokens.accessToken).expect(200);
      await eventually(async () => (await lastUsed()) > atLogin);
      expect((await lastUsed()) - atLogin).toBeGreaterThanOrEqual(2 * 60_000);
    });
  });
}

presenceSuite(describe, 'presence in memory (no Redis)', { redis: false });
presenceSuite(describe.skipIf(!redisAvailable()), 'presence in Redis (skipped when Redis is not reachable)', { redis: true });
