import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { User } from '../../src/identity/models.js';
import { signIn, startAdminApp } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { PASSWORD } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startAdminApp({ LOCKOUT_THRESHOLD: '3' });
});
afterAll(() => t?.close());

const login = (email: string, password = PASSWORD, host = 'localhost') =>
  request(t.app).post('/admin/login').set('Host', host).type('form').send({ email, password });

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

  it('shows the login page again for a wrong password, and counts the failure', async () => {
    const res = await login('support@scriptorium.test', 'wrong-password').expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.text).toContain('invalidCredentials');
    const user = await User.findOne({ where: { email: 'support@scriptorium.test' } });
    expect(user!.failedLoginCount).toBe(1);
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

  it('locks the account after the threshold of wrong passwords, even for the right one', async () => {
    for (let i = 0; i < 3; i++) await login('admin@b.scriptorium.test', 'nope', 'b.localhost').expect(200);
    const admin = await User.findOne({ where: { email: 'admin@b.scriptorium.test' } });
    expect(admin!.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(await AuditLog.count({ where: { action: 'identity.locked_out', targetId: String(admin!.id) } })).toBe(1);
    const res = await login('admin@b.scriptorium.test', PASSWORD, 'b.localhost').expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
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
