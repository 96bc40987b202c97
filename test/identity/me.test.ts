import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { User } from '../../src/identity/models.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { HOST_A, HOST_B, login, me, SLOW } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { RATE_LIMIT_LOGIN_PER_15_MIN: '1000' } });
});
afterAll(() => t?.close());

const patchMe = (token: string, body: unknown, host = HOST_A) =>
  request(t.app)
    .patch('/api/v1/users/me')
    .set('Host', host)
    .set('Authorization', `Bearer ${token}`)
    .send(body as object);
const changePassword = (token: string, body: unknown) =>
  request(t.app)
    .post('/api/v1/users/me/password')
    .set('Host', HOST_A)
    .set('Authorization', `Bearer ${token}`)
    .send(body as object);

describe('GET /users/me', SLOW, () => {
  it('returns the profile and never the password hash', async () => {
    const tokens = await login(t.app, 'writer@scriptorium.test');
    const res = await me(t.app, tokens.accessToken).expect(200);
    expect(Object.keys(res.body).sort()).toEqual(
      ['avatarUrl', 'createdAt', 'displayName', 'email', 'id', 'penName', 'registrationId', 'role', 'status', 'timezone', 'website'].sort(),
    );
    expect(res.body).toMatchObject({ role: 'writer', penName: 'Quiet Owl', website: { name: 'Scriptorium Essays' }, status: 'active' });
    expect(res.body.registrationId).toMatch(/^WR-\d{6}$/);
  });
});

describe('PATCH /users/me', SLOW, () => {
  it('updates display name, canonical time zone and avatar, with an audited before/after', async () => {
    const tokens = await login(t.app, 'client@scriptorium.test');
    const res = await patchMe(tokens.accessToken, {
      displayName: 'Clara Client',
      timezone: 'america/new_york',
      avatarUrl: 'https://cdn.example.com/a.png',
    }).expect(200);
    expect(res.body).toMatchObject({
      displayName: 'Clara Client',
      timezone: 'America/New_York',
      avatarUrl: 'https://cdn.example.com/a.png',
    });
    expect((await me(t.app, tokens.accessToken).expect(200)).body.displayName).toBe('Clara Client');
    const audit = await AuditLog.findOne({ where: { action: 'identity.profile_updated', targetId: String(tokens.user.id) } });
    expect(audit?.changes?.before).toMatchObject({ displayName: 'Demo Client (A)', timezone: 'UTC', avatarUrl: null });
    expect(audit?.changes?.after).toMatchObject({ displayName: 'Clara Client', timezone: 'America/New_York' });
    await patchMe(tokens.accessToken, { avatarUrl: null }).expect(200);
  });

  it('lets only writers set a pen name', async () => {
    const writer = await login(t.app, 'writer@b.scriptorium.test', { host: HOST_B });
    const ok = await patchMe(writer.accessToken, { penName: 'Night Heron' }, HOST_B).expect(200);
    expect(ok.body.penName).toBe('Night Heron');
    const client = await login(t.app, 'client@b.scriptorium.test', { host: HOST_B });
    const res = await patchMe(client.accessToken, { penName: 'Sneaky' }, HOST_B).expect(400);
    expect(res.body.error.fields).toHaveProperty('penName');
    expect((await User.findByPk(client.user.id))?.penName).toBeNull();
  });

  it('names invalid and unknown fields and changes nothing', async () => {
    const tokens = await login(t.app, 'editor@scriptorium.test');
    const res = await patchMe(tokens.accessToken, {
      timezone: 'Nowhere/Land',
      avatarUrl: 'http://insecure.example.com/a.png',
      role: 'admin',
      status: 'active',
    }).expect(400);
    expect(res.body.error.fields).toMatchObject({
      timezone: expect.any(String),
      avatarUrl: expect.any(String),
      role: 'is not a known field',
      status: 'is not a known field',
    });
    const user = await User.findByPk(tokens.user.id);
    expect(user).toMatchObject({ role: 'editor', timezone: 'UTC', avatarUrl: null });
  });

  it('requires authentication', async () => {
    await request(t.app).patch('/api/v1/users/me').set('Host', HOST_A).send({ displayName: 'x' }).expect(401);
  });
});

describe('POST /users/me/password', SLOW, () => {
  it('checks the current password, then signs out every other session but this one', async () => {
    const other = await login(t.app, 'support@scriptorium.test');
    const current = await login(t.app, 'support@scriptorium.test');
    const wrong = await changePassword(current.accessToken, { currentPassword: 'not it', newPassword: 'the new passphrase' }).expect(400);
    expect(wrong.body.error.fields).toHaveProperty('currentPassword');
    await me(t.app, other.accessToken).expect(200);
    const weak = await changePassword(current.accessToken, { currentPassword: 'scriptorium', newPassword: 'short' }).expect(400);
    expect(weak.body.error.fields).toHaveProperty('newPassword');

    await changePassword(current.accessToken, { currentPassword: 'scriptorium', newPassword: 'the new passphrase' }).expect(204);
    await me(t.app, other.accessToken).expect(401);
    await me(t.app, current.accessToken).expect(200);
    await login(t.app, 'support@scriptorium.test', { password: 'the new passphrase' });
    const user = await User.findByPk(current.user.id);
    expect(user?.passwordChangedAt).not.toBeNull();
    expect(await AuditLog.count({ where: { action: 'identity.password_changed', targetId: String(current.user.id) } })).toBe(1);
  });
});

describe('OpenAPI', SLOW, () => {
  it('documents every identity path with its security', async () => {
    const doc = (await request(t.app).get('/api/openapi.json').expect(200)).body;
    for (const path of [
      '/api/v1/auth/register',
      '/api/v1/auth/login',
      '/api/v1/auth/refresh',
      '/api/v1/auth/logout',
      '/api/v1/auth/logout-all',
      '/api/v1/auth/sessions',
      '/api/v1/auth/sessions/{id}',
      '/api/v1/auth/password-reset/request',
      '/api/v1/auth/password-reset/confirm',
      '/api/v1/users/me',
      '/api/v1/users/me/password',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    expect(doc.paths['/api/v1/users/me'].get.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/v1/auth/login'].post.responses).toHaveProperty('429');
    expect(doc.paths['/api/v1/auth/login'].post.responses).not.toHaveProperty('423'); // accounts are never locked by failed sign-ins
    expect(doc.components.schemas.RegisterRequest.required).toEqual(expect.arrayContaining(['email', 'password', 'displayName']));
  });
});
