import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../support/admin.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ admin: true, env: { RATE_LIMIT_ADMIN_LOGIN_PER_15_MIN: '2' } });
});
afterAll(() => t?.close());

const STACK = /at .*\.[jt]s:\d+/;

describe('back-office errors and login rate limit', () => {
  it('answers an AdminJS error on the API as JSON, without a stack', async () => {
    const agent = await signIn(t.app, 'admin@scriptorium.test'); // attempt 1 of 2
    const res = await agent.get('/admin/api/resources/no_such_table/actions/list').set('Host', 'localhost');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(res.body.error.code).toBeDefined();
    expect(res.text).not.toMatch(STACK);
  });

  it('answers the attempt over the limit with 429 and Retry-After, as a plain page', async () => {
    const attempt = () =>
      request(t.app).post('/admin/login').set('Host', 'localhost').type('form').send({ email: 'nobody@example.test', password: 'x' });
    await attempt().expect(200); // attempt 2 of 2
    const limited = await attempt().expect(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.headers['content-type']).toMatch(/text\/html/);
    expect(limited.text).not.toMatch(STACK);
  });
});
