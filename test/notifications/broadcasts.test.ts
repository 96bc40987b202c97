import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBroadcast } from '../../src/notifications/campaigns/index.js';
import { Notification } from '../../src/notifications/models.js';
import { sql } from '../../src/platform/database.js';
import { AppError } from '../../src/platform/errors.js';
import { dispatchOutbox } from '../../src/platform/outbox.js';
import { HOST_A, login } from '../identity/helpers.js';
import { actorFor } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * Staff broadcasts: an in-app notice to a segment reaches exactly the segment's inboxes (GET
 * /api/v1/notifications) after the outbox hands it over, once however often it is handed over;
 * only admins send them, audited.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const inbox = (token: string) =>
  request(t.app).get('/api/v1/notifications?limit=50').set('Host', HOST_A).set('Authorization', `Bearer ${token}`).expect(200);

describe('staff broadcasts', () => {
  it('reach the segment’s inboxes once, and nobody outside it', async () => {
    const admin = await actorFor('admin@scriptorium.test');
    const clientToken = (await login(t.app, 'client@scriptorium.test')).accessToken;
    const writerToken = (await login(t.app, 'writer@scriptorium.test')).accessToken;
    await dispatchOutbox();

    const refused = await createBroadcast(await actorFor('support@scriptorium.test'), {
      title: 'Hi',
      audience: '{"role":"client"}',
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    const invalid = await createBroadcast(admin, { title: '', link: 'javascript:alert(1)', audience: '{"role":"nobody"}' }).catch(
      (e: unknown) => e as AppError,
    );
    expect(Object.keys((invalid as AppError).fields ?? {}).sort()).toEqual(['audience', 'link', 'title']);

    const broadcast = await createBroadcast(admin, {
      title: 'Holiday hours',
      body: 'Support answers within 4 hours until January 2.',
      link: '/support',
      audience: '{"role":"client","activeWithinDays":30}',
    });
    const [{ clients }] = (await sql<{ clients: number }>(
      `SELECT count(*)::int AS clients FROM users WHERE website_id = $1 AND role = 'client' AND status IN ('active', 'probation')
          AND last_login_at >= now() - interval '30 days'`,
      [admin.websiteId],
    )) as [{ clients: number }];
    expect(broadcast.recipientsCount).toBe(clients);
    expect(clients).toBeGreaterThanOrEqual(1);

    expect((await inbox(clientToken)).body.items.filter((n: { kind: string }) => n.kind === 'broadcast')).toHaveLength(0);
    expect((await dispatchOutbox()).failed).toBe(0);
    const mine = (await inbox(clientToken)).body;
    const notices = mine.items.filter((n: { kind: string }) => n.kind === 'broadcast');
    expect(notices).toEqual([
      expect.objectContaining({
        title: 'Holiday hours',
        body: 'Support answers within 4 hours until January 2.',
        link: '/support',
        data: { broadcastId: broadcast.id },
        readAt: null,
      }),
    ]);
    expect(mine.unreadCount).toBeGreaterThanOrEqual(1);
    expect((await inbox(writerToken)).body.items.filter((n: { kind: string }) => n.kind === 'broadcast')).toHaveLength(0);
    expect(await Notification.count({ where: { kind: 'broadcast' } })).toBe(clients);

    // Handed over again (a crash before the dispatch committed): nobody is told twice.
    await sql(`UPDATE outbox_events SET dispatched_at = NULL WHERE type = 'notification.broadcast'`, []);
    await dispatchOutbox();
    expect(await Notification.count({ where: { kind: 'broadcast' } })).toBe(clients);

    const [audit] = await sql<{ action: string; targetId: string }>(
      `SELECT action, target_id AS "targetId" FROM audit_logs WHERE action = 'broadcast.send' ORDER BY id DESC LIMIT 1`,
      [],
    );
    expect(audit).toEqual({ action: 'broadcast.send', targetId: String(broadcast.id) });
  });
});
