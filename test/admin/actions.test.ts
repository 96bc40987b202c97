import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { User } from '../../src/identity/models.js';
import { adminGet, adminPost, signIn, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { act, expectNoSecrets, makeUser, reload, websiteBySlug } from './helpers.js';

let t: TestApp;
let admin: Agent;
let support: Agent;
let superadmin: Agent;
let siteA: number;
let siteB: number;
beforeAll(async () => {
  t = await startAdminApp();
  siteA = (await websiteBySlug('scriptorium-a')).id;
  siteB = (await websiteBySlug('scriptorium-b')).id;
  [admin, support, superadmin] = await Promise.all([
    signIn(t.app, 'admin@scriptorium.test'),
    signIn(t.app, 'support@scriptorium.test'),
    signIn(t.app, 'superadmin@scriptorium.test'),
  ]);
});
afterAll(() => t?.close());

const list = (agent: Agent, query = '') => adminGet(agent, `users/actions/list?perPage=500${query}`);

describe("the admin's JSON API is scoped and carries no secrets", () => {
  it("an admin of A lists only A's users; the superadmin lists everyone", async () => {
    const mine = await list(admin).expect(200);
    expectNoSecrets(mine.text);
    expect(mine.body.records.length).toBe(await User.count({ where: { websiteId: siteA } }));
    expect(mine.body.meta.total).toBe(mine.body.records.length);
    expect(mine.body.records.every((r: { params: { websiteId: number } }) => r.params.websiteId === siteA)).toBe(true);
    const all = await list(superadmin).expect(200);
    expectNoSecrets(all.text);
    expect(all.body.records.length).toBe(await User.count());
  });

  it('filters by role and status, ignores hidden columns, and does not 500 on bad values', async () => {
    const writers = await list(admin, '&filters.role=writer').expect(200);
    expect(writers.body.records.map((r: { params: { email: string } }) => r.params.email)).toEqual(['writer@scriptorium.test']);
    expect((await list(admin, '&filters.role=pirate').expect(200)).body.records).toEqual([]);
    expect((await list(admin, '&filters.passwordHash=%24argon2').expect(200)).body.records).toEqual([]);
    expect((await list(admin, '&filters.websiteId=abc').expect(200)).body.records).toEqual([]);
    expect((await list(superadmin, `&filters.websiteId=${siteB}`).expect(200)).body.records.length).toBe(5);
    await list(admin, '&sortBy=passwordHash&direction=asc').expect(200);
  });

  it('searches email, display name and registration ID case-insensitively, within scope', async () => {
    const byName = await adminGet(admin, 'users/search/DEMO%20WRITER').expect(200);
    expectNoSecrets(byName.text);
    expect(byName.body.records.map((r: { params: { email: string } }) => r.params.email)).toEqual(['writer@scriptorium.test']);
    const byPrefix = await adminGet(admin, 'users/search/ad-').expect(200);
    expect(byPrefix.body.records.every((r: { params: { websiteId: number } }) => r.params.websiteId === siteA)).toBe(true);
    expect(byPrefix.body.records.length).toBe(1);
  });

  it("shows a user of the admin's website, but not one of another website", async () => {
    const own = await User.findOne({ where: { email: 'client@scriptorium.test' } });
    const other = await User.findOne({ where: { email: 'client@b.scriptorium.test' } });
    const shown = await adminGet(admin, `users/records/${own!.id}/show`).expect(200);
    expectNoSecrets(shown.text);
    expect(shown.body.record.params.email).toBe('client@scriptorium.test');
    const hidden = await adminGet(admin, `users/records/${other!.id}/show`).expect(404);
    expect(hidden.body.error.code).toBe('not_found');
    expect(hidden.text).not.toContain('client@b.scriptorium.test');
  });
});

describe('custom actions act only on same-origin POSTs, through the service', () => {
  it('approves a pending user and audits it', async () => {
    const pending = await makeUser({ websiteId: siteA, role: 'writer', status: 'pending_approval' });
    await adminGet(admin, `users/records/${pending.id}/approve`).expect(200);
    expect((await reload(pending.id)).status).toBe('pending_approval');
    const res = await act(admin, pending.id, 'approve').expect(200);
    expect(res.body.notice.type).toBe('success');
    expect(res.body.record.params.status).toBe('active');
    expect((await reload(pending.id)).status).toBe('active');
    expect(await AuditLog.count({ where: { action: 'user.approve', targetId: String(pending.id) } })).toBe(1);
  });

  it('suspends with a reason recorded in the audit row; GET and cross-origin POSTs change nothing', async () => {
    const user = await makeUser({ websiteId: siteA, role: 'client' });
    const shown = await adminGet(admin, `users/records/${user.id}/suspend`).expect(200);
    expect(shown.body.record.params.status).toBe('active');
    const path = `/admin/api/resources/users/records/${user.id}/suspend`;
    await admin.post(path).set('Host', 'localhost').type('form').send({ reason: 'x' }).expect(403);
    await admin.post(path).set('Host', 'localhost').set('Origin', 'http://evil.example').type('form').send({ reason: 'x' }).expect(403);
    await admin
      .post(path)
      .set('Host', 'localhost')
      .set('Referer', 'http://b.localhost/admin')
      .type('form')
      .send({ reason: 'x' })
      .expect(403);
    expect((await reload(user.id)).status).toBe('active');

    const missing = await act(admin, user.id, 'suspend').expect(200);
    expect(missing.body.notice.type).toBe('error');
    expect((await reload(user.id)).status).toBe('active');

    const res = await act(admin, user.id, 'suspend', { reason: 'Chargeback fraud' }).expect(200);
    expect(res.body.notice.type).toBe('success');
    expect((await reload(user.id)).status).toBe('suspended');
    const row = await AuditLog.findOne({ where: { action: 'user.suspend', targetId: String(user.id) } });
    expect(row!.changes).toMatchObject({ before: { status: 'active' }, after: { status: 'suspended' }, reason: 'Chargeback fraud' });
    expect(row!.websiteId).toBe(siteA);
    expect(row!.ip).toBeTruthy();

    const again = await act(admin, user.id, 'suspend', { reason: 'twice' }).expect(200);
    expect(again.body.notice).toMatchObject({ type: 'error' });
    expect(again.body.notice.message).toContain('suspended');

    await act(admin, user.id, 'reinstate').expect(200);
    expect((await reload(user.id)).status).toBe('active');
    expect(await AuditLog.count({ where: { action: 'user.reinstate', targetId: String(user.id) } })).toBe(1);
  });

  it('unlock lifts the sign-in throttle on the account and ends a staff lock', async () => {
    const user = await makeUser({ websiteId: siteA, role: 'writer' });
    const attempt = (password: string) =>
      request(t.app)
        .post('/api/v1/auth/login')
        .set('Host', 'localhost')
        .set('X-Forwarded-For', '203.0.113.90')
        .send({ email: user.email, password });
    for (let i = 0; i < 5; i++) await attempt('wrong').expect(401);
    await attempt('wrong').expect(429);
    await User.update({ status: 'locked' }, { where: { id: user.id } });
    const res = await act(admin, user.id, 'unlock').expect(200);
    expect(res.body.notice.type).toBe('success');
    expect((await reload(user.id)).status).toBe('active');
    await attempt('wrong').expect(401); // that IP may try again
    expect(await AuditLog.count({ where: { action: 'user.unlock', targetId: String(user.id) } })).toBe(1);
  });

  it('support may look but not act', async () => {
    const user = await makeUser({ websiteId: siteA, role: 'client' });
    await adminGet(support, `users/records/${user.id}/show`).expect(200);
    const res = await act(support, user.id, 'suspend', { reason: 'no' }).expect(200);
    expect(res.body.record.baseError.type).toBe('ForbiddenError');
    expect((await reload(user.id)).status).toBe('active');
    const audit = await adminGet(support, 'audit_logs/actions/list').expect(200);
    expect(audit.body.records).toEqual([]);
    expect(audit.body.notice.type).toBe('error');
  });

  it("an admin cannot act on another website's user nor on another admin", async () => {
    const foreign = await makeUser({ websiteId: siteB, role: 'client' });
    const res = await act(admin, foreign.id, 'suspend', { reason: 'no' }).expect(404);
    expect(res.body.error.code).toBe('not_found');
    expect((await reload(foreign.id)).status).toBe('active');

    const peer = await makeUser({ websiteId: siteA, role: 'admin' });
    const refused = await act(admin, peer.id, 'suspend', { reason: 'no' }).expect(200);
    expect(refused.body.record.baseError.type).toBe('ForbiddenError');
    expect((await reload(peer.id)).status).toBe('active');
    // The superadmin may.
    expect((await act(superadmin, peer.id, 'suspend', { reason: 'left the company' }).expect(200)).body.notice.type).toBe('success');
  });
});

describe('websites and the audit log', () => {
  it('refuses the websites resource to an admin and serves it to the superadmin', async () => {
    const refused = await adminGet(admin, 'websites/actions/list').expect(200);
    expect(refused.body.records).toEqual([]);
    expect(refused.body.notice.type).toBe('error');
    const listed = await adminGet(superadmin, 'websites/actions/list').expect(200);
    expect(listed.body.records.length).toBe(2);
  });

  it('validates and audits website edits', async () => {
    const post = (agent: Agent, data: Record<string, string>) => adminPost(agent, `websites/records/${siteB}/edit`, data);
    const bad = await post(superadmin, { 'settings.brandColor': 'red' }).expect(200);
    expect(bad.body.notice.type).toBe('error');
    const clash = await post(superadmin, { 'domains.0': 'localhost' }).expect(200);
    expect(clash.body.notice.type).toBe('error');
    const ok = await post(superadmin, { name: 'Quill Papers', 'settings.brandColor': '#112233', 'domains.0': 'b.localhost' }).expect(200);
    expect(ok.body.notice.type).toBe('success');
    expect(await AuditLog.count({ where: { action: 'website.update', targetId: String(siteB) } })).toBe(1);
    const hidden = await post(admin, { name: 'Mine now' }).expect(404);
    expect(hidden.body.error.code).toBe('not_found');
    const own = await adminPost(admin, `websites/records/${siteA}/edit`, { name: 'Mine now' }).expect(200);
    expect(own.body.record.baseError.type).toBe('ForbiddenError');
    expect((await websiteBySlug('scriptorium-a')).name).not.toBe('Mine now');
  });

  it("lists only the admin's website's audit entries, references populated without secrets", async () => {
    const res = await adminGet(admin, 'audit_logs/actions/list?perPage=500').expect(200);
    expectNoSecrets(res.text);
    expect(res.body.records.length).toBeGreaterThan(0);
    expect(res.body.records.every((r: { params: { websiteId: number } }) => r.params.websiteId === siteA)).toBe(true);
    type Row = { params: { action: string; actorRole: string }; populated: Record<string, { params: { email: string } } | undefined> };
    const rows = res.body.records as Row[];
    const byAdmin = rows.find((r) => r.params.action === 'user.suspend' && r.params.actorRole === 'admin')!;
    expect(byAdmin.populated.actorUserId!.params.email).toBe('admin@scriptorium.test');
    // The superadmin is outside an admin's user scope: the reference stays unpopulated.
    const bySuper = rows.find((r) => r.params.action === 'user.suspend' && r.params.actorRole === 'superadmin')!;
    expect(bySuper.populated.actorUserId?.params).toBeUndefined();
    const filtered = await adminGet(admin, 'audit_logs/actions/list?filters.action=user.suspend').expect(200);
    expect(filtered.body.records.every((r: { params: { action: string } }) => r.params.action === 'user.suspend')).toBe(true);
  });

  it('serves the dashboard per website in scope (queues and figures: test/analytics/dashboard-*.test.ts)', async () => {
    const mine = await admin.get('/admin/api/dashboard').set('Host', 'localhost').expect(200);
    expect(mine.body.websiteId).toBe(siteA);
    expect(mine.body.figures.websites.map((w: { websiteId: number }) => w.websiteId)).toEqual([siteA]);
    const all = await superadmin.get('/admin/api/dashboard').set('Host', 'localhost').expect(200);
    expect(all.body.websiteId).toBeNull();
    expect(all.body.figures.websites.length).toBe(2);
    const supportView = await support.get('/admin/api/dashboard').set('Host', 'localhost').expect(200);
    expect(supportView.body.queues.length).toBeGreaterThan(0);
    expect(supportView.body.websiteId).toBe(siteA);
  });
});
