import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { PasswordResetToken, User } from '../../src/identity/models.js';
import { clock } from '../../src/platform/clock.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { HOST_A, HOST_B, login, me, readMails, SLOW, waitForMail } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { RATE_LIMIT_LOGIN_PER_15_MIN: '1000', RATE_LIMIT_RESET_PER_HOUR: '1000' } });
});
afterAll(() => t?.close());
afterEach(() => clock.reset());

const requestReset = (email: string, host = HOST_A) =>
  request(t.app).post('/api/v1/auth/password-reset/request').set('Host', `${host}:3000`).send({ email });
const confirm = (token: string, password: string, host = HOST_A) =>
  request(t.app).post('/api/v1/auth/password-reset/confirm').set('Host', host).send({ token, password });

/** Requests a reset for `email` and returns the token from the email it produced. */
async function resetTokenFor(email: string, host = HOST_A): Promise<{ token: string; text: string }> {
  const before = await readMails(t.dataDir);
  await requestReset(email, host).expect(202);
  const mail = await waitForMail(t.dataDir, (m) => m.file.includes('password-reset') && m.text.includes(`To: ${email}`), before);
  expect((await readMails(t.dataDir)).length).toBe(before.length + 1);
  const token = /Reset code: ([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
  expect(token, mail.text).toBeDefined();
  return { token: token!, text: mail.text };
}

describe('password reset', SLOW, () => {
  it('resets end to end: email with link, single-use token, sessions ended', async () => {
    const email = 'client@scriptorium.test';
    const oldSession = await login(t.app, email);

    const { token, text } = await resetTokenFor(email);
    expect(text).toContain(`http://localhost:3000/reset-password?token=${token}`);
    expect(text).toContain('expires in 60 minutes');
    expect(text).toContain('Reset your Scriptorium Essays password');
    const stored = await PasswordResetToken.findOne({ order: [['id', 'DESC']] });
    expect(stored?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.tokenHash).not.toBe(token);

    await confirm(token, 'a brand new passphrase').expect(204);
    await me(t.app, oldSession.accessToken).expect(401); // every session ended
    const fresh = await login(t.app, email, { password: 'a brand new passphrase' });
    expect(fresh.user.email).toBe(email);
    await request(t.app).post('/api/v1/auth/login').set('Host', HOST_A).send({ email, password: 'scriptorium' }).expect(401);
    const user = await User.findOne({ where: { email } });
    expect(user?.passwordChangedAt).not.toBeNull();

    // Single use.
    const again = await confirm(token, 'yet another passphrase').expect(400);
    expect(again.body.error.fields).toHaveProperty('token');
    expect(await AuditLog.count({ where: { action: 'identity.password_reset', targetId: String(user!.id) } })).toBe(1);
  });

  it("builds the link from the website's configured domain, whatever Host and scheme the request names", async () => {
    const email = 'support@scriptorium.test';
    const before = await readMails(t.dataDir);
    await request(t.app)
      .post('/api/v1/auth/password-reset/request')
      .set('Host', 'localhost:6666')
      .set('X-Forwarded-Proto', 'https')
      .send({ email })
      .expect(202);
    const mail = await waitForMail(t.dataDir, (m) => m.file.includes('password-reset') && m.text.includes(`To: ${email}`), before);
    expect(mail.text).toMatch(/http:\/\/localhost:3000\/reset-password\?token=/); // the domain, over http on PORT outside production
    expect(mail.text).not.toContain('6666');
    expect(mail.text).not.toContain('https://localhost');
  });

  it('expires the token after one hour', async () => {
    const { token } = await resetTokenFor('writer@scriptorium.test');
    clock.travel(61 * 60_000);
    const res = await confirm(token, 'too late passphrase').expect(400);
    expect(res.body.error.fields.token).toMatch(/expired/);
    clock.reset();
    await login(t.app, 'writer@scriptorium.test'); // password unchanged
  });

  it('voids the earlier token when a new one is requested', async () => {
    const first = await resetTokenFor('editor@scriptorium.test');
    const second = await resetTokenFor('editor@scriptorium.test');
    await confirm(first.token, 'first passphrase!!').expect(400);
    await confirm(second.token, 'second passphrase!').expect(204);
  });

  it('always answers 202 and sends nothing for unknown or other-website accounts', async () => {
    const before = (await readMails(t.dataDir)).length;
    const unknown = await requestReset('nobody@scriptorium.test').expect(202);
    const otherSite = await requestReset('client@b.scriptorium.test', HOST_A).expect(202);
    expect(unknown.body).toEqual(otherSite.body);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await readMails(t.dataDir)).length).toBe(before);
  });

  it("refuses a token on another website's host and unknown tokens", async () => {
    const { token } = await resetTokenFor('support@scriptorium.test');
    await confirm(token, 'cross site passphrase', HOST_B).expect(400);
    await confirm('made-up-token', 'whatever passphrase').expect(400);
    await confirm(token, 'short').expect(400);
    await confirm(token, 'the right passphrase').expect(204); // still unused after the refusals
  });
});
