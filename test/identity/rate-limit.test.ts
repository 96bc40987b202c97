import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { HOST_A, HOST_B, SLOW } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { RATE_LIMIT_LOGIN_PER_15_MIN: '3', RATE_LIMIT_REGISTER_PER_HOUR: '2', RATE_LIMIT_RESET_PER_HOUR: '2' } });
});
afterAll(() => t?.close());

const loginFrom = (ip: string, host = HOST_A) =>
  request(t.app)
    .post('/api/v1/auth/login')
    .set('Host', host)
    .set('X-Forwarded-For', ip)
    .send({ email: 'nobody@scriptorium.test', password: 'wrong' });

describe('rate limits', SLOW, () => {
  it('limits login attempts per IP and website with a 429 JSON error and Retry-After', async () => {
    for (let i = 0; i < 3; i++) await loginFrom('203.0.113.7').expect(401);
    const limited = await loginFrom('203.0.113.7').expect(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(limited.body.error.message).toMatch(/login/);
    expect(Number(limited.headers['retry-after'])).toBe(900);
    // Even the right password is refused while limited.
    await request(t.app)
      .post('/api/v1/auth/login')
      .set('Host', HOST_A)
      .set('X-Forwarded-For', '203.0.113.7')
      .send({ email: 'client@scriptorium.test', password: 'scriptorium' })
      .expect(429);
    // Another IP, and the same IP on another website, have budgets of their own.
    await loginFrom('203.0.113.8').expect(401);
    await loginFrom('203.0.113.7', HOST_B).expect(401);
  });

  it('limits registrations', async () => {
    const register = () => request(t.app).post('/api/v1/auth/register').set('Host', HOST_A).set('X-Forwarded-For', '198.51.100.1').send({});
    await register().expect(400);
    await register().expect(400);
    const limited = await register().expect(429);
    expect(limited.body.error.code).toBe('rate_limited');
  });

  it('limits password-reset requests per IP across websites', async () => {
    const ask = (host: string) =>
      request(t.app)
        .post('/api/v1/auth/password-reset/request')
        .set('Host', host)
        .set('X-Forwarded-For', '198.51.100.2')
        .send({ email: 'nobody@example.com' });
    await ask(HOST_A).expect(202);
    await ask(HOST_A).expect(202);
    await ask(HOST_B).expect(429);
  });
});
