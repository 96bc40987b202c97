import { SignJWT } from 'jose';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { RefreshToken, UserSession } from '../../src/identity/models.js';
import { clock } from '../../src/platform/clock.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { HOST_A, HOST_B, login, me, sessionIdOf, SLOW } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { RATE_LIMIT_LOGIN_PER_15_MIN: '1000' } });
});
afterAll(() => t?.close());
afterEach(() => clock.reset());

const refresh = (refreshToken: string, host = HOST_A) =>
  request(t.app).post('/api/v1/auth/refresh').set('Host', host).send({ refreshToken });
const authed = (method: 'get' | 'post' | 'delete', path: string, token: string) =>
  request(t.app)[method](path).set('Host', HOST_A).set('Authorization', `Bearer ${token}`);

describe('refresh rotation', SLOW, () => {
  it('spends the presented token and issues a working new pair on the same session', async () => {
    const first = await login(t.app, 'client@scriptorium.test');
    const res = await refresh(first.refreshToken).expect(200);
    expect(res.body.refreshToken).not.toBe(first.refreshToken);
    expect(res.body.accessToken).toBeTypeOf('string');
    expect(res.body.user.email).toBe('client@scriptorium.test');
    await me(t.app, res.body.accessToken).expect(200);
    expect(sessionIdOf(res.body.accessToken)).toBe(sessionIdOf(first.accessToken));
    const family = await RefreshToken.findAll({ where: { sessionId: sessionIdOf(first.accessToken) }, order: [['id', 'ASC']] });
    expect(family).toHaveLength(2);
    expect(family[0]!.spentAt).not.toBeNull();
    expect(family[1]!.spentAt).toBeNull();
    // Only hashes are stored.
    expect(family.map((r) => r.tokenHash)).not.toContain(res.body.refreshToken);
  });

  it('revokes the whole family when a spent token is reused', async () => {
    const first = await login(t.app, 'writer@scriptorium.test');
    const second = (await refresh(first.refreshToken).expect(200)).body;
    const third = (await refresh(second.refreshToken).expect(200)).body;
    await me(t.app, third.accessToken).expect(200);

    // An attacker replays the first (spent) token.
    const reuse = await refresh(first.refreshToken).expect(401);
    expect(reuse.body.error.message).toMatch(/already used/);

    // The newest refresh token of that family is dead too, and so is its access token.
    await refresh(third.refreshToken).expect(401);
    await me(t.app, third.accessToken).expect(401);
    const session = await UserSession.findByPk(sessionIdOf(third.accessToken));
    expect(session?.revokedReason).toBe('refresh_token_reuse');
    expect(await AuditLog.count({ where: { action: 'identity.refresh_token_reuse' } })).toBe(1);
  });

  it('lets exactly one of two concurrent refreshes with the same token succeed', async () => {
    const first = await login(t.app, 'support@scriptorium.test');
    const results = await Promise.all([refresh(first.refreshToken), refresh(first.refreshToken)]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 401]);
    // The second one counted as reuse: the family is revoked, so the winner's new token is dead too.
    const winner = results.find((r) => r.status === 200)!;
    await refresh(winner.body.refreshToken).expect(401);
  });

  it('refuses unknown tokens, tokens of ended sessions and expired sessions', async () => {
    await refresh('not-a-real-token').expect(401);
    const tokens = await login(t.app, 'admin@scriptorium.test');
    clock.travel(31 * 86_400_000); // past REFRESH_TOKEN_TTL_DAYS (30)
    await refresh(tokens.refreshToken).expect(401);
  });

  it('refuses a refresh token presented through another website', async () => {
    const tokens = await login(t.app, 'client@scriptorium.test');
    await refresh(tokens.refreshToken, HOST_B).expect(401);
  });
});

describe('logout and sessions', SLOW, () => {
  it('lists my live sessions newest first, marking the current one', async () => {
    const phone = await login(t.app, 'editor@scriptorium.test', { userAgent: 'Phone' });
    const laptop = await login(t.app, 'editor@scriptorium.test', { userAgent: 'Laptop' });
    const res = await authed('get', '/api/v1/auth/sessions', laptop.accessToken).expect(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items.map((s: { device: string }) => s.device).slice(0, 2)).toEqual(['Laptop', 'Phone']);
    expect(res.body.items[0]).toMatchObject({
      current: true,
      ip: expect.any(String),
      createdAt: expect.any(String),
      lastUsedAt: expect.any(String),
    });
    expect(res.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);

    const page = await authed('get', '/api/v1/auth/sessions?limit=1', laptop.accessToken).expect(200);
    expect(page.body.items).toHaveLength(1);
    const next = await authed('get', `/api/v1/auth/sessions?limit=1&cursor=${page.body.nextCursor}`, laptop.accessToken).expect(200);
    expect(next.body.items[0].device).toBe('Phone');
    await authed('get', '/api/v1/auth/sessions?limit=0', laptop.accessToken).expect(400);
    await authed('get', '/api/v1/auth/sessions?sort=ip', laptop.accessToken).expect(400);
    // A forged cursor whose position is no timestamp is refused by name, not run into the query.
    const forged = Buffer.from(JSON.stringify(['not a time', 1])).toString('base64url');
    expect(
      (await authed('get', `/api/v1/auth/sessions?cursor=${forged}`, laptop.accessToken).expect(400)).body.error.fields,
    ).toHaveProperty('cursor');
    await me(t.app, phone.accessToken).expect(200);
  });

  it('revokes one of my sessions: its access token fails on the very next request', async () => {
    const phone = await login(t.app, 'client@scriptorium.test', { userAgent: 'Phone' });
    const laptop = await login(t.app, 'client@scriptorium.test', { userAgent: 'Laptop' });
    await me(t.app, phone.accessToken).expect(200);
    const list = (await authed('get', '/api/v1/auth/sessions', laptop.accessToken).expect(200)).body.items;
    const phoneSession = list.find((s: { device: string }) => s.device === 'Phone');
    await authed('delete', `/api/v1/auth/sessions/${phoneSession.id}`, laptop.accessToken).expect(204);
    await me(t.app, phone.accessToken).expect(401);
    await refresh(phone.refreshToken).expect(401);
    await me(t.app, laptop.accessToken).expect(200);
  });

  it("answers 404 for another user's session and 400 for a malformed id", async () => {
    const other = await login(t.app, 'writer@scriptorium.test');
    const mine = await login(t.app, 'client@scriptorium.test');
    const otherSession = await UserSession.findOne({ where: { userId: other.user.id }, order: [['id', 'DESC']] });
    await authed('delete', `/api/v1/auth/sessions/${otherSession!.id}`, mine.accessToken).expect(404);
    await me(t.app, other.accessToken).expect(200);
    const bad = await authed('delete', '/api/v1/auth/sessions/abc', mine.accessToken).expect(400);
    expect(bad.body.error.fields).toHaveProperty('id');
  });

  it('logout ends only the current session', async () => {
    const a = await login(t.app, 'writer@b.scriptorium.test', { host: HOST_B });
    const b = await login(t.app, 'writer@b.scriptorium.test', { host: HOST_B });
    await request(t.app).post('/api/v1/auth/logout').set('Host', HOST_B).set('Authorization', `Bearer ${a.accessToken}`).expect(204);
    await me(t.app, a.accessToken, HOST_B).expect(401);
    await me(t.app, b.accessToken, HOST_B).expect(200);
  });

  it('logout-all ends every session of the user', async () => {
    const a = await login(t.app, 'admin@b.scriptorium.test', { host: HOST_B });
    const b = await login(t.app, 'admin@b.scriptorium.test', { host: HOST_B });
    await request(t.app).post('/api/v1/auth/logout-all').set('Host', HOST_B).set('Authorization', `Bearer ${b.accessToken}`).expect(204);
    await me(t.app, a.accessToken, HOST_B).expect(401);
    await me(t.app, b.accessToken, HOST_B).expect(401);
    await refresh(a.refreshToken, HOST_B).expect(401);
    expect(await UserSession.count({ where: { userId: a.user.id, revokedAt: null } })).toBe(0);
  });
});

describe('bad tokens and bad input', SLOW, () => {
  it('rejects a missing, malformed, forged or expired access token with 401 JSON', async () => {
    await request(t.app).get('/api/v1/users/me').set('Host', HOST_A).expect(401);
    await me(t.app, 'garbage').expect(401);
    const tokens = await login(t.app, 'client@scriptorium.test');
    const claims = JSON.parse(Buffer.from(tokens.accessToken.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({ iss: 'scriptorium', aud: 'scriptorium-portal', sub: String(tokens.user.id), role: 'client' });
    expect(claims.exp - claims.iat).toBe(900);

    const forged = await new SignJWT({ sid: claims.sid, wid: claims.wid, role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub)
      .setIssuer('scriptorium')
      .setAudience('scriptorium-portal')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('a-completely-different-secret-of-32-chars!'));
    const res = await me(t.app, forged).expect(401);
    expect(res.body.error).toMatchObject({ code: 'unauthorized', message: 'Invalid access token' });

    // alg "none" is not accepted either.
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${tokens.accessToken.split('.')[1]}.`;
    await me(t.app, unsigned).expect(401);

    await me(t.app, tokens.accessToken).expect(200); // verified once (and remembered as verified)…
    clock.travel(16 * 60_000);
    const expired = await me(t.app, tokens.accessToken).expect(401); // …still refused once expired
    expect(expired.body.error.message).toMatch(/expired/);
  });

  it('answers malformed JSON with 400 and an oversize body with 413', async () => {
    const malformed = await request(t.app)
      .post('/api/v1/auth/login')
      .set('Host', HOST_A)
      .set('Content-Type', 'application/json')
      .send('{"email": ')
      .expect(400);
    expect(malformed.body.error.code).toBe('bad_request');
    const big = JSON.stringify({ email: 'client@scriptorium.test', password: 'x'.repeat(200 * 1024) });
    const oversize = await request(t.app)
      .post('/api/v1/auth/login')
      .set('Host', HOST_A)
      .set('Content-Type', 'application/json')
      .send(big)
      .expect(413);
    expect(oversize.body.error.code).toBe('payload_too_large');
  });

  it('answers wrong types and missing fields with 400 naming them', async () => {
    const res = await request(t.app).post('/api/v1/auth/login').set('Host', HOST_A).send({ email: 42 }).expect(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['email', 'password']);
    const array = await request(t.app).post('/api/v1/auth/refresh').set('Host', HOST_A).send([1, 2]).expect(400);
    expect(array.body.error.code).toBe('validation_failed');
  });
});
