import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { User } from '../../src/identity/models.js';
import { clock } from '../../src/platform/clock.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { DEMO_PASSWORD, HOST_A, login, me, readMails, SLOW, waitForMail } from './helpers.js';

/**
 * Failed sign-ins cost the attacker, not the owner: they throttle the IP that makes them, per
 * account, answer the same whether the account exists or not, and never lock the account or end
 * its sessions. Each test uses its own accounts and IPs (X-Forwarded-For, trusted from loopback).
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { RATE_LIMIT_LOGIN_PER_15_MIN: '1000', RATE_LIMIT_RESET_PER_HOUR: '1000', SIGNIN_ATTACK_IPS: '3' } });
});
afterAll(() => t?.close());
afterEach(() => clock.reset());

const attempt = (email: string, password: string, ip: string) =>
  request(t.app).post('/api/v1/auth/login').set('Host', HOST_A).set('X-Forwarded-For', ip).send({ email, password });

/** The answer without the seconds left, which tick between two otherwise identical attempts. */
const shape = (res: request.Response) => {
  const { retryAfterSeconds, ...error } = res.body.error as Record<string, unknown>;
  return { status: res.status, error, hasRetryAfter: typeof retryAfterSeconds === 'number' && res.headers['retry-after'] !== undefined };
};

describe('failed sign-ins', SLOW, () => {
  it('throttle the IP that fails, answer as for an unknown email, and leave the owner and their sessions alone', async () => {
    const real = 'editor@scriptorium.test';
    const unknown = 'nobody-here@scriptorium.test';
    const attacker = '203.0.113.10';
    const ownerSession = await login(t.app, real, { password: DEMO_PASSWORD });

    for (let i = 1; i <= 5; i++) {
      const onReal = await attempt(real, `wrong-${i}`, attacker);
      const onUnknown = await attempt(unknown, `wrong-${i}`, attacker);
      expect(onReal.status, JSON.stringify(onReal.body)).toBe(401);
      expect(onReal.body).toEqual(onUnknown.body);
      expect(onUnknown.status).toBe(401);
    }
    // The sixth try from that IP is refused without checking the password, the same for both emails.
    const refusedReal = await attempt(real, DEMO_PASSWORD, attacker);
    const refusedUnknown = await attempt(unknown, DEMO_PASSWORD, attacker);
    expect(refusedReal.status).toBe(429);
    expect(shape(refusedReal)).toEqual(shape(refusedUnknown));
    expect(shape(refusedReal).hasRetryAfter).toBe(true);
    expect(refusedReal.body.error.message).toMatch(/reset your password/);
    expect(Number(refusedReal.headers['retry-after'])).toBeGreaterThan(14 * 60);

    // Nothing happened to the account: no lock, the live session works, the owner signs in from elsewhere.
    await me(t.app, ownerSession.accessToken).expect(200);
    const owner = await attempt(real, DEMO_PASSWORD, '198.51.100.20');
    expect(owner.status, JSON.stringify(owner.body)).toBe(200);
    expect((await User.findOne({ where: { email: real } }))!.status).toBe('active');
    expect(await AuditLog.count({ where: { action: 'identity.locked_out' } })).toBe(0);
    expect(await AuditLog.count({ where: { action: 'identity.login_failed' } })).toBe(5); // real account only

    // The refusal grows: after 15 minutes one more guess is allowed, and its failure costs 30.
    clock.travel(16 * 60_000);
    await attempt(real, 'wrong-6', attacker).expect(401);
    expect(Number((await attempt(real, DEMO_PASSWORD, attacker).expect(429)).headers['retry-after'])).toBeGreaterThan(29 * 60);
    clock.travel(16 * 60_000);
    await attempt(real, DEMO_PASSWORD, attacker).expect(429);
    clock.travel(15 * 60_000);
    await attempt(real, DEMO_PASSWORD, attacker).expect(200); // and a success from it forgets its failures
    await attempt(real, 'wrong-again', attacker).expect(401);
  });

  it('an account under attack from many IPs refuses new IPs, points to the reset email, which lets the owner back in', async () => {
    const email = 'writer@scriptorium.test';
    const home = '198.51.100.30';
    await attempt(email, DEMO_PASSWORD, home).expect(200); // the owner's usual IP
    for (const ip of ['203.0.113.31', '203.0.113.32', '203.0.113.33']) await attempt(email, 'guess', ip).expect(401);

    const fresh = await attempt(email, DEMO_PASSWORD, '198.51.100.34');
    expect(fresh.status).toBe(429);
    expect(fresh.body.error.message).toMatch(/Reset your password/);
    // An unknown email attacked the same way answers the same.
    const ghost = 'ghost@scriptorium.test';
    for (const ip of ['203.0.113.31', '203.0.113.32', '203.0.113.33']) await attempt(ghost, 'guess', ip).expect(401);
    expect(shape(await attempt(ghost, DEMO_PASSWORD, '198.51.100.34'))).toEqual(shape(fresh));

    // The owner's known IP still gets in.
    await attempt(email, DEMO_PASSWORD, home).expect(200);

    // The reset email works from the fresh IP, and the new password then signs in from it.
    const before = await readMails(t.dataDir);
    await request(t.app)
      .post('/api/v1/auth/password-reset/request')
      .set('Host', HOST_A)
      .set('X-Forwarded-For', '198.51.100.34')
      .send({ email })
      .expect(202);
    const mail = await waitForMail(t.dataDir, (m) => m.file.includes('password-reset') && m.text.includes(`To: ${email}`), before);
    const token = /Reset code: ([A-Za-z0-9_-]{43})/.exec(mail.text)![1]!;
    await request(t.app)
      .post('/api/v1/auth/password-reset/confirm')
      .set('Host', HOST_A)
      .send({ token, password: 'a fresh start here' })
      .expect(204);
    await attempt(email, 'a fresh start here', '198.51.100.34').expect(200);
  });

  it('treats the superadmin the same: throttled per IP, never locked, the session kept', async () => {
    const email = 'superadmin@scriptorium.test';
    const session = await login(t.app, email);
    for (let i = 0; i < 5; i++) await attempt(email, 'nope', '203.0.113.50').expect(401);
    await attempt(email, DEMO_PASSWORD, '203.0.113.50').expect(429);
    await me(t.app, session.accessToken).expect(200);
    await attempt(email, DEMO_PASSWORD, '198.51.100.51').expect(200);
  });

  it('tells a staff-locked or suspended status only to who knows the password', async () => {
    const user = (await User.findOne({ where: { email: 'client@scriptorium.test' } }))!;
    await user.update({ status: 'locked' });
    const wrong = await attempt(user.email, 'wrong', '203.0.113.60').expect(401);
    expect(wrong.body).toEqual((await attempt('unknown@scriptorium.test', 'wrong', '203.0.113.60')).body);
    const right = await attempt(user.email, DEMO_PASSWORD, '203.0.113.60').expect(403);
    expect(right.body.error.message).toMatch(/locked/);
    await user.update({ status: 'active' });
  });
});
