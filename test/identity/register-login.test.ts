import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { User, UserSession } from '../../src/identity/models.js';
import { clock } from '../../src/platform/clock.js';
import { Website } from '../../src/tenancy/models.js';
import { clearWebsiteCache } from '../../src/tenancy/read-models/website-by-host.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { HOST_A, HOST_B, login, me, readMails, SLOW } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { RATE_LIMIT_LOGIN_PER_15_MIN: '1000', RATE_LIMIT_REGISTER_PER_HOUR: '1000' } });
});
afterAll(() => t?.close());
afterEach(() => clock.reset());

const register = (body: unknown, host = HOST_A) =>
  request(t.app)
    .post('/api/v1/auth/register')
    .set('Host', host)
    .send(body as object);

describe('registration', SLOW, () => {
  it('opens a client account, signs it in and sends the welcome email', async () => {
    const res = await register({
      email: 'New.Client@Example.com',
      password: 'correct horse battery',
      displayName: 'Nina New',
      timezone: 'europe/paris',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.tokenType).toBe('Bearer');
    expect(res.body.expiresIn).toBe(900);
    expect(res.body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.body.user).toMatchObject({
      role: 'client',
      email: 'new.client@example.com',
      displayName: 'Nina New',
      timezone: 'Europe/Paris',
      status: 'active',
    });
    expect(res.body.user.registrationId).toMatch(/^CL-\d{6}$/);
    expect(res.body.user.website).toEqual({ id: expect.any(Number), name: 'Scriptorium Essays' });
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|argon2/);

    // The new access token works at once.
    expect((await me(t.app, res.body.accessToken).expect(200)).body.email).toBe('new.client@example.com');

    const mails = await readMails(t.dataDir);
    const welcome = mails.find((m) => m.file.includes('welcome') && m.text.includes('new.client@example.com'));
    expect(welcome?.text).toContain(res.body.user.registrationId);
    expect(welcome?.text).toContain('Welcome to Scriptorium Essays, Nina New');
    expect(welcome?.text).toContain('support@scriptorium.test');

    const audit = await AuditLog.findOne({ where: { action: 'identity.register', targetId: String(res.body.user.id) } });
    expect(audit?.actorUserId).toBe(res.body.user.id);
  });

  it('refuses a second account with the same email on the same website (409 naming email)', async () => {
    const body = { email: 'twice@example.com', password: 'long enough password', displayName: 'Twice' };
    await register(body).expect(201);
    const res = await register({ ...body, email: 'TWICE@example.com' }).expect(409);
    expect(res.body.error.code).toBe('conflict');
    expect(res.body.error.fields).toHaveProperty('email');
    expect(await User.count({ where: { email: 'twice@example.com' } })).toBe(1);
  });

  it('allows the same email on another website', async () => {
    await register({ email: 'both@example.com', password: 'long enough password', displayName: 'Both' }).expect(201);
    const res = await register({ email: 'both@example.com', password: 'long enough password', displayName: 'Both' }, HOST_B).expect(201);
    expect(res.body.user.website.name).toBe('Quill & Co. Papers');
  });

  it('names every invalid field and changes nothing', async () => {
    const before = await User.count();
    const res = await register({ email: 'not-an-email', password: 'short', displayName: '', timezone: 'Mars/Olympus' }).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['displayName', 'email', 'password', 'timezone']);
    expect(await User.count()).toBe(before);
  });

  it('rejects unknown fields by name (no role escalation through the body)', async () => {
    const res = await register({ email: 'sneaky@example.com', password: 'long enough password', displayName: 'S', role: 'admin' }).expect(
      400,
    );
    expect(res.body.error.fields).toEqual({ role: 'is not a known field' });
    expect(await User.count({ where: { email: 'sneaky@example.com' } })).toBe(0);
  });

  it('still registers when the welcome email cannot be sent', async () => {
    // A plain file where the mail folder should be makes every write of an .eml fail.
    const mailDir = path.join(t.dataDir, 'mail');
    await rename(mailDir, `${mailDir}.saved`);
    await writeFile(mailDir, 'not a folder');
    try {
      const res = await register({ email: 'nomail@example.com', password: 'long enough password', displayName: 'No Mail' }).expect(201);
      expect(res.body.user.email).toBe('nomail@example.com');
      expect(await User.count({ where: { email: 'nomail@example.com' } })).toBe(1);
    } finally {
      await rm(mailDir);
      await rename(`${mailDir}.saved`, mailDir);
    }
  });

  it('refuses registration when the website has closed it', async () => {
    const website = (await Website.findOne({ where: { slug: 'scriptorium-b' } }))!;
    await website.update({ settings: { ...website.settings, registrationOpen: false } });
    clearWebsiteCache();
    try {
      const res = await register({ email: 'closed@example.com', password: 'long enough password', displayName: 'C' }, HOST_B).expect(403);
      expect(res.body.error.code).toBe('forbidden');
    } finally {
      await website.update({ settings: { ...website.settings, registrationOpen: true } });
      clearWebsiteCache();
    }
  });
});

describe('login', SLOW, () => {
  it('returns tokens and the profile, records the session and an audit row', async () => {
    const tokens = await login(t.app, 'writer@scriptorium.test', { userAgent: 'Firefox on test' });
    expect(tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(tokens.user).toMatchObject({ role: 'writer', penName: 'Quiet Owl', email: 'writer@scriptorium.test' });
    const session = await UserSession.findOne({ where: { userId: tokens.user.id }, order: [['id', 'DESC']] });
    expect(session?.device).toBe('Firefox on test');
    expect(session?.revokedAt).toBeNull();
    const user = await User.findByPk(tokens.user.id);
    expect(user?.lastLoginAt).not.toBeNull();
    expect(await AuditLog.count({ where: { action: 'identity.login', targetId: String(session!.id) } })).toBe(1);
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const wrong = await request(t.app)
      .post('/api/v1/auth/login')
      .set('Host', HOST_A)
      .send({ email: 'client@scriptorium.test', password: 'nope' })
      .expect(401);
    const unknown = await request(t.app)
      .post('/api/v1/auth/login')
      .set('Host', HOST_A)
      .send({ email: 'ghost@scriptorium.test', password: 'nope' })
      .expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.message).toBe('Invalid email or password');
    expect(await AuditLog.count({ where: { action: 'identity.login_failed' } })).toBeGreaterThanOrEqual(1);
  });

  it("refuses a website A user on website B's host, even with the right password", async () => {
    const res = await request(t.app)
      .post('/api/v1/auth/login')
      .set('Host', HOST_B)
      .send({ email: 'client@scriptorium.test', password: 'scriptorium' })
      .expect(401);
    expect(res.body.error.message).toBe('Invalid email or password');
  });

  it("rejects an A user's access token on B's host", async () => {
    const tokens = await login(t.app, 'client@scriptorium.test');
    await me(t.app, tokens.accessToken, HOST_A).expect(200);
    const res = await me(t.app, tokens.accessToken, HOST_B).expect(401);
    expect(res.body.error.code).toBe('unauthorized');
  });

  it('lets the superadmin sign in through any website', async () => {
    const onA = await login(t.app, 'superadmin@scriptorium.test', { host: HOST_A });
    const onB = await login(t.app, 'superadmin@scriptorium.test', { host: HOST_B });
    expect(onA.user.website).toBeNull();
    expect((await me(t.app, onB.accessToken, HOST_B).expect(200)).body.role).toBe('superadmin');
    await me(t.app, onA.accessToken, HOST_B).expect(200);
  });

  it('refuses suspended and deletion-requested accounts with a clear 403', async () => {
    const user = (await User.findOne({ where: { email: 'support@b.scriptorium.test' } }))!;
    await user.update({ status: 'suspended' });
    const suspended = await request(t.app)
      .post('/api/v1/auth/login')
      .set('Host', HOST_B)
      .send({ email: user.email, password: 'scriptorium' })
      .expect(403);
    expect(suspended.body.error.message).toMatch(/suspended/);
    await user.update({ status: 'deletion_requested' });
    const deleting = await request(t.app)
      .post('/api/v1/auth/login')
      .set('Host', HOST_B)
      .send({ email: user.email, password: 'scriptorium' })
      .expect(403);
    expect(deleting.body.error.message).toMatch(/deletion/);
    // A wrong password still gets the generic answer: the status is told only to who knows the password.
    await request(t.app).post('/api/v1/auth/login').set('Host', HOST_B).send({ email: user.email, password: 'wrong' }).expect(401);
    await user.update({ status: 'active' });
  });

  it('ends access at once when a signed-in user is suspended', async () => {
    const tokens = await login(t.app, 'editor@b.scriptorium.test', { host: HOST_B });
    await me(t.app, tokens.accessToken, HOST_B).expect(200);
    await User.update({ status: 'suspended' }, { where: { id: tokens.user.id } });
    await me(t.app, tokens.accessToken, HOST_B).expect(401);
    await User.update({ status: 'active' }, { where: { id: tokens.user.id } });
  });
});
