import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { User } from '../../src/identity/models.js';
import { signIn, startAdminApp } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { PASSWORD } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startAdminApp({ SIGNIN_THROTTLE_FAILURES: '3' });
});
afterAll(() => t?.close());

const login = (email: string, password = PASSWORD, host = 'localhost', ip = '127.0.0.1') =>
  request(t.app).post('/admin/login').set('Host', host).set('X-Forwarded-For', ip).type('form').send({ email, password });

describe('back-office sign-in', () => {
  it('signs staff in with a strict, HttpOnly session cookie', async () => {
    const res = await login('admin@scriptorium.test').expect(302);
    expect(res.headers.location).toBe('/admin');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^scriptorium\.admin=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toMatch(/Secure/i); // only in production
  });

  it('shows the login page again for a wrong password, and audits the failure', async () => {
    const res = await login('support@scriptorium.test', 'wrong-password').expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.text).toContain('invalidCredentials');
    const user = await User.findOne({ where: { email: 'support@scriptorium.test' } });
    expect(await AuditLog.count({ where: { action: 'admin.login_failed', targetId: String(user!.id) } })).toBe(1);
  });

  it.each(['client', 'writer', 'editor'])('refuses a %s with the right password', async (role) => {
    const res = await login(`${role}@scriptorium.test`).expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it("refuses website A's admin on website B's host, admits B's own admin and the superadmin", async () => {
    await login('admin@scriptorium.test', PASSWORD, 'b.localhost').expect(200);
    await signIn(t.app, 'admin@b.scriptorium.test', 'b.localhost');
    await signIn(t.app, 'superadmin@scriptorium.test', 'b.localhost');
  });

  it('refuses a login form posted from another origin', async () => {
    await login('admin@scriptorium.test').set('Origin', 'http://evil.example').expect(403);
    await login('admin@scriptorium.test').set('Origin', 'http://localhost').expect(302);
  });

  it('throttles the IP that fails, never the account: the live session stays and the owner signs in from elsewhere', async () => {
    const owner = await signIn(t.app, 'admin@b.scriptorium.test', 'b.localhost');
    const attacker = '203.0.113.7';
    for (let i = 0; i < 3; i++) {
      const real = await login('admin@b.scriptorium.test', 'nope', 'b.localhost', attacker).expect(200);
      const unknown = await login('nobody@b.scriptorium.test', 'nope', 'b.localhost', attacker).expect(200);
      expect(real.text).toBe(unknown.text); // the same "invalid credentials" page
    }
    // The attacker's next try, even with the right password, is refused — as for an unknown email.
    const refused = await login('admin@b.scriptorium.test', PASSWORD, 'b.localhost', attacker).expect(429);
    const refusedUnknown = await login('nobody@b.scriptorium.test', PASSWORD, 'b.localhost', attacker).expect(429);
    expect(refused.headers['set-cookie']).toBeUndefined();
    expect(refused.text).toBe(refusedUnknown.text);
    expect(refused.text).toMatch(/reset your password/);
    expect(refused.headers['retry-after']).toBeDefined();

    await owner.get('/admin/api/resources/users/actions/list').set('Host', 'b.localhost').expect(200); // session alive
    await signIn(t.app, 'admin@b.scriptorium.test', 'b.localhost'); // from the owner's own IP
    const admin = await User.findOne({ where: { email: 'admin@b.scriptorium.test' } });
    expect(admin!.status).toBe('active');
    expect(await AuditLog.count({ where: { action: 'identity.locked_out' } })).toBe(0);
  }, 90_000);

  it('treats the superadmin the same', async () => {
    const owner = await signIn(t.app, 'superadmin@scriptorium.test');
    for (let i = 0; i < 3; i++) await login('superadmin@scriptorium.test', 'nope', 'localhost', '203.0.113.8').expect(200);
    await login('superadmin@scriptorium.test', PASSWORD, 'localhost', '203.0.113.8').expect(429);
    await owner.get('/admin/api/resources/users/actions/list').set('Host', 'localhost').expect(200);
    await login('superadmin@scriptorium.test', PASSWORD, 'localhost', '198.51.100.8').expect(302);
  }, 90_000);

  it('redirects to the login page without a session, and serves the login page', async () => {
    const res = await request(t.app).get('/admin/api/resources/users/actions/list').set('Host', 'localhost').expect(302);
    expect(res.headers.location).toBe('/admin/login');
    const page = await request(t.app).get('/admin/login').set('Host', 'localhost').expect(200);
    expect(page.text).toContain('Scriptorium');
  });

  it('ends the session of a staff member suspended meanwhile', async () => {
    const agent = await signIn(t.app, 'support@b.scriptorium.test', 'b.localhost');
    await agent.get('/admin/api/resources/users/actions/list').set('Host', 'b.localhost').expect(200);
    await User.update({ status: 'suspended' }, { where: { email: 'support@b.scriptorium.test' } });
    await agent.get('/admin/api/resources/users/actions/list').set('Host', 'b.localhost').expect(401);
  });
});

/** The admin session cookie a response sets (name=value), if any. */
const sessionCookie = (res: request.Response): string | undefined =>
  /(scriptorium\.admin=[^;]+)/.exec(String(res.headers['set-cookie'] ?? ''))?.[1];

describe('back-office session ids', () => {
  it('renews the session id at sign-in, so a cookie planted before it is worth nothing after', async () => {
    // A session someone else holds (their own sign-in) and plants in the staff member's browser.
    const planted = sessionCookie(await login('support@scriptorium.test').expect(302))!;
    expect(planted).toBeDefined();
    const signedIn = await login('admin@scriptorium.test').set('Cookie', planted).expect(302);
    const renewed = sessionCookie(signedIn)!;
    expect(renewed).toBeDefined();
    expect(renewed).not.toBe(planted);

    const list = (cookie: string) =>
      request(t.app).get('/admin/api/resources/users/actions/list').set('Host', 'localhost').set('Cookie', cookie);
    expect((await list(planted).expect(302)).headers.location).toBe('/admin/login'); // the old session is gone
    await list(renewed).expect(200);

    // Sign-out voids the session too: the cookie no longer opens anything.
    const out = await request(t.app).get('/admin/logout').set('Host', 'localhost').set('Cookie', renewed).expect(302);
    expect(out.headers.location).toBe('/admin/login');
    expect(String(out.headers['set-cookie'])).toMatch(/scriptorium\.admin=;/);
    expect((await list(renewed).expect(302)).headers.location).toBe('/admin/login');
  });
});

describe('unknown back-office resources, actions and records', () => {
  it('answer 404 (JSON on the API), not 500', async () => {
    const admin = await signIn(t.app, 'admin@scriptorium.test');
    for (const path of [
      'nope/actions/list',
      'nope/records/1/show',
      'nope/bulk/bulkHold?recordIds=1',
      'users/actions/nope',
      'users/records/999999999/show',
      'users/records/not-a-number/show',
      'users/records/999999999/nope',
      'orders/bulk/bulkHold?recordIds=999999999',
    ]) {
      const res = await admin.get(`/admin/api/resources/${path}`).set('Host', 'localhost');
      expect(res.status, path).toBe(404);
      expect(res.headers['content-type'], path).toMatch(/json/);
      expect(res.body.error.code, path).toBe('not_found');
    }
    const post = await admin
      .post('/admin/api/resources/users/records/999999999/suspend')
      .set('Host', 'localhost')
      .set('Origin', 'http://localhost')
      .type('form')
      .send({ reason: 'x' });
    expect(post.status).toBe(404);
    // Another website's user is as unknown as a missing one.
    const other = await User.findOne({ where: { email: 'admin@b.scriptorium.test' } });
    await admin.get(`/admin/api/resources/users/records/${other!.id}/show`).set('Host', 'localhost').expect(404);
    // A page path answers an HTML 404.
    const page = await admin.get('/admin/resources/nope').set('Host', 'localhost');
    expect(page.status).toBe(404);
    expect(page.headers['content-type']).toMatch(/html/);
  });
});
