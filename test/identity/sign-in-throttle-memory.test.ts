import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { DEMO_PASSWORD, HOST_A, SLOW } from './helpers.js';

/** Without Redis the sign-in throttle keeps its state in memory, with the same answers (see sign-in-throttle.test.ts). */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ redis: false, env: { RATE_LIMIT_LOGIN_PER_15_MIN: '1000' } });
});
afterAll(() => t?.close());

const attempt = (email: string, password: string, ip: string) =>
  request(t.app).post('/api/v1/auth/login').set('Host', HOST_A).set('X-Forwarded-For', ip).send({ email, password });

describe('the sign-in throttle without Redis', SLOW, () => {
  it('refuses the failing IP, not the owner elsewhere', async () => {
    expect(t.context.redis).toBeUndefined();
    const email = 'editor@scriptorium.test';
    for (let i = 0; i < 5; i++) await attempt(email, 'wrong', '203.0.113.70').expect(401);
    const refused = await attempt(email, DEMO_PASSWORD, '203.0.113.70').expect(429);
    expect(refused.headers['retry-after']).toBeDefined();
    await attempt(email, DEMO_PASSWORD, '198.51.100.70').expect(200);
  });
});
