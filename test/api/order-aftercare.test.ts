import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../src/platform/clock.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { pdf } from '../orders/files-fixtures.js';
import { actorFor, paidOrder } from '../orders/fixtures.js';
import { apiClient, ok, type ApiClient } from '../support/api/client.js';
import { listenOnFreePort, type Listening } from '../support/api/listen.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * The rest of an order's life through the generated client, each answer checked against the OpenAPI
 * document (see test/support/api/client.ts): messages between client, writer and staff (screened,
 * held, rules), a deadline change, a revision, a refund, the profile and sessions. The order itself
 * is made by the fixtures (order-journey.test.ts walks that part through the API).
 */

const DAY = 24 * 60 * 60_000;

let t: TestApp;
let listening: Listening | undefined;
let baseUrl: string;

beforeAll(async () => {
  t = await startTestApp();
  listening = await listenOnFreePort(t.app);
  baseUrl = listening.baseUrl;
});
afterAll(async () => {
  await listening?.close();
  await t?.close();
});

async function signIn(email: string): Promise<ApiClient> {
  const tokens = ok(await apiClient(baseUrl).POST('/api/v1/auth/login', { body: { email, password: 'scriptorium' } }));
  return apiClient(baseUrl, () => tokens.accessToken);
}

/** A walk is one long test of many calls: on a loaded machine it outlasts the default 30 s. */
const WALK_TIMEOUT = 120_000;

describe('after the order is placed, through the generated client', () => {
  it(
    'messages, moves the deadline, asks for a revision and refunds, as the document says',
    async () => {
      const [client, writer, support, admin] = await Promise.all(
        ['client', 'writer', 'support', 'admin'].map((role) => signIn(`${role}@scriptorium.test`)),
      );
      const order = await paidOrder(await actorFor('client@scriptorium.test'));
      const writerActor = await actorFor('writer@scriptorium.test');
      await assignWriter(await actorFor('admin@scriptorium.test'), order.id, { writerId: writerActor.userId!, autoAccept: true });
      const path = { id: order.id };

      // Profile and sessions.
      expect(ok(await client.GET('/api/v1/users/me')).role).toBe('client');
      expect(ok(await client.PATCH('/api/v1/users/me', { body: { displayName: 'Demo Client' } })).displayName).toBe('Demo Client');
      expect(ok(await client.GET('/api/v1/auth/sessions')).items.some((s) => s.current)).toBe(true);

      // Messages: the client writes to the writer with an email address in it; the writer sees it masked.
      const clientWriter = { path: { ...path, kind: 'client_writer' as const } };
      ok(
        await client.POST('/api/v1/orders/{id}/threads/{kind}/messages', {
          params: clientWriter,
          body: { body: 'Mail me at student@example.com please' },
        }),
      );
      const seen = ok(await writer.GET('/api/v1/orders/{id}/threads/{kind}/messages', { params: clientWriter }));
      expect(seen.items[0]).toMatchObject({ screened: true, author: { party: 'client' } });
      expect(JSON.stringify(seen.items[0])).not.toContain('student@example.com');
      expect(ok(await support.GET('/api/v1/orders/{id}/threads/{kind}/messages', { params: clientWriter })).items[0]).toMatchObject({
        body: 'Mail me at student@example.com please',
        flags: expect.arrayContaining(['email']),
      });
      ok(await client.GET('/api/v1/messages/unread'));
      ok(await support.GET('/api/v1/messages/held'));

      // A link is held for review; staff release it.
      const held = ok(
        await writer.POST('/api/v1/orders/{id}/threads/{kind}/messages', {
          params: clientWriter,
          body: { body: 'See https://example.com/notes' },
        }),
      );
      expect(held.status).toBe('held');
      const released = ok(
        await support.POST('/api/v1/orders/{id}/threads/{kind}/messages/{mid}/release', {
          params: { path: { ...clientWriter.path, mid: held.id } },
        }),
      );
      expect(released.status).toBe('visible');

      // Staff rules.
      const rule = ok(await support.POST('/api/v1/messages/rules', { body: { pattern: 'telegram me', action: 'hold' } }));
      ok(await support.PATCH('/api/v1/messages/rules/{ruleId}', { params: { path: { ruleId: rule.id } }, body: { note: 'messenger' } }));
      expect(ok(await support.GET('/api/v1/messages/rules')).items.map((r) => r.id)).toContain(rule.id);
      expect((await support.DELETE('/api/v1/messages/rules/{ruleId}', { params: { path: { ruleId: rule.id } } })).response.status).toBe(
        204,
      );

      // The client moves the deadline later (free), and sees what cancelling would forfeit.
      const later = new Date(order.deadline!.getTime() + 5 * DAY).toISOString();
      const preview = ok(await client.GET('/api/v1/orders/{id}/deadline-change', { params: { path, query: { deadline: later } } }));
      expect(preview).toMatchObject({ kind: 'extend', chargeCents: 0 });
      const moved = ok(await client.POST('/api/v1/orders/{id}/deadline', { params: { path }, body: { deadline: later } }));
      expect(moved.change).toMatchObject({ kind: 'extend', status: 'applied' });
      expect(ok(await client.GET('/api/v1/orders/{id}/deadline-changes', { params: { path } })).items).toHaveLength(1);
      ok(await client.GET('/api/v1/orders/{id}/cancellation', { params: { path } }));

      // The writer delivers; the client asks for a free revision.
      const upload = await writer.POST('/api/v1/orders/{id}/files', {
        params: { path },
        body: { category: 'final', file: 'essay.pdf' },
        bodySerializer: () => {
          const form = new FormData();
          form.append('category', 'final');
          form.append('file', new Blob([new Uint8Array(pdf('aftercare'))], { type: 'application/pdf' }), 'essay.pdf');
          return form;
        },
      });
      expect(upload.response.status).toBe(201);
      expect(ok(await writer.POST('/api/v1/writer/orders/{id}/submit', { params: { path } })).status).toBe('submitted');
      const revisionDeadline = new Date(clock.now().getTime() + 3 * DAY).toISOString();
      const terms = ok(await client.GET('/api/v1/orders/{id}/revision-terms', { params: { path, query: { deadline: revisionDeadline } } }));
      expect(terms.paid).toBe(false);
      const revision = ok(
        await client.POST('/api/v1/orders/{id}/revision', {
          params: { path },
          body: { instructions: 'Please expand the section on alliances.', deadline: revisionDeadline },
        }),
      );
      expect(revision.revision).toMatchObject({ status: 'started', paid: false });
      expect(ok(await client.GET('/api/v1/orders/{id}/revisions', { params: { path } })).items).toHaveLength(1);
      expect(ok(await writer.GET('/api/v1/writer/orders/{id}', { params: { path } })).status).toBe('revision_requested');
      ok(await writer.GET('/api/v1/writer/subjects'));

      // Support asks for a refund, an admin approves it to the wallet; the client follows it.
      const refund = ok(
        await support.POST('/api/v1/orders/{id}/refunds', {
          params: { path, header: { 'idempotency-key': `aftercare-${order.id}` } },
          body: { amountCents: 100, destination: 'wallet', reason: 'Late reply' },
        }),
      );
      expect(refund.status).toBe('pending');
      expect(ok(await admin.POST('/api/v1/refunds/{id}/approve', { params: { path: { id: refund.id } } })).status).toBe('processed');
      const refunds = ok(await client.GET('/api/v1/orders/{id}/refunds', { params: { path } }));
      expect(refunds.items).toEqual([expect.objectContaining({ id: refund.id, amountCents: 100, status: 'processed' })]);
      expect(refunds.items[0]).not.toHaveProperty('reason');
      expect((await client.GET('/api/v1/orders/{id}/installment-plan', { params: { path } })).response.status).toBe(404);
    },
    WALK_TIMEOUT,
  );
});
