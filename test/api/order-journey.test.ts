import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../src/platform/clock.js';
import { pdf } from '../orders/files-fixtures.js';
import { apiClient, ok, type ApiClient } from '../support/api/client.js';
import { listenOnFreePort, type Listening } from '../support/api/listen.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced, fundWallet } from '../support/ledger.js';

/**
 * A client and a writer walk an order from quote to approval through the typed client generated from
 * the OpenAPI document (test/support/api: openapi-typescript types + openapi-fetch), against a real
 * listening server. The client's contract check fails any call whose answer (status, content type,
 * body, fields) the document does not describe, so the document cannot drift from the server.
 *
 * The server listens on 127.0.0.1, one of website A's domains: fetch sends the URL's host as the
 * Host header (it ignores one set by hand), and the website is chosen by Host.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let t: TestApp;
let listening: Listening | undefined;
let baseUrl: string;

beforeAll(async () => {
  t = await startTestApp();
  listening = await listenOnFreePort(t.app);
  baseUrl = listening.baseUrl;
});
afterEach(() => clock.reset());
afterAll(async () => {
  await listening?.close();
  await t?.close();
});

/** Signs in through the API; returns a client that sends the token, and the tokens. */
async function signIn(email: string, password = 'scriptorium'): Promise<{ api: ApiClient; userId: number }> {
  const { data, response } = await apiClient(baseUrl).POST('/api/v1/auth/login', { body: { email, password } });
  expect(response.status).toBe(200);
  return { api: apiClient(baseUrl, () => data!.accessToken), userId: data!.user.id };
}

/** A walk is one long test of many calls: on a loaded machine it outlasts the default 30 s. */
const WALK_TIMEOUT = 120_000;

describe('an order from quote to approval, through the generated client', () => {
  it(
    'quotes, orders, pays from the wallet, is taken, delivered with a file, and approved',
    async () => {
      // The client's part happens 16 minutes ago, so the writers' preview of the order is over by now.
      // (Time goes back rather than forward: files and other rows take the database's real now().)
      clock.travel(-16 * MINUTE);
      const visitor = apiClient(baseUrl);

      // A new client registers on website A.
      const registered = await visitor.POST('/api/v1/auth/register', {
        body: {
          email: `journey.${Date.now()}@example.test`,
          password: 'a long enough password',
          displayName: 'Journey Client',
          timezone: 'Europe/Paris',
        },
      });
      expect(registered.response.status).toBe(201);
      const me = registered.data!.user;
      expect(me).toMatchObject({ role: 'client', timezone: 'Europe/Paris', website: { id: expect.any(Number) } });
      let clientToken = registered.data!.accessToken;
      let refreshToken = registered.data!.refreshToken;
      const client = apiClient(baseUrl, () => clientToken);

      // Quote: what can be chosen, then an exact price.
      const options = ok(await visitor.GET('/api/v1/pricing/options'));
      expect(options.paperTypes.map((o) => o.code)).toContain('essay');
      const details = { pages: 3, paperType: 'essay', academicLevel: 'undergraduate', subject: 'history' };
      const quote = ok(await client.POST('/api/v1/pricing/quote', { body: { ...details, deadlineHours: 10 * 24 } }));
      if (quote.kind !== 'exact') throw new Error(`expected an exact quote, got ${quote.kind}`);
      expect(quote.totalCents).toBeGreaterThan(0);

      // Order: a draft, a wizard step, then submitted (priced and frozen).
      const deadline = new Date(clock.now().getTime() + 10 * DAY).toISOString();
      const draft = ok(await client.POST('/api/v1/orders', { body: { ...details, topic: 'The causes of the First World War', deadline } }));
      expect(draft.status).toBe('draft');
      const id = draft.id;
      const path = { id };
      const stepped = ok(
        await client.PATCH('/api/v1/orders/{id}', { params: { path }, body: { instructions: 'Use at least five sources.' } }),
      );
      expect(stepped.instructions).toBe('Use at least five sources.');
      const placed = ok(await client.POST('/api/v1/orders/{id}/submit', { params: { path } }));
      expect(placed.status).toBe('pending_payment');
      const total = placed.totalCents!;
      expect(total).toBe(quote.discounts?.totalAfterDiscountsCents ?? quote.totalCents);
      expect(placed.priceBreakdown?.totalCents).toBe(quote.totalCents);

      // Pay: the wallet is topped up (as a card top-up would), then the order is paid from it, once per key.
      await fundWallet(me.website!.id, me.id, total, placed.currency);
      expect((await client.GET('/api/v1/wallet')).data).toEqual({ currency: placed.currency, balanceCents: total });
      const pay = () =>
        client.POST('/api/v1/orders/{id}/pay', {
          params: { path, header: { 'idempotency-key': `journey-${id}` } },
          body: { method: 'wallet' },
        });
      const paid = ok(await pay());
      expect(paid.order).toMatchObject({ id, paidCents: total, outstandingCents: 0, status: 'ready_for_staffing' });
      expect(paid.payment).toMatchObject({ purpose: 'order', method: 'wallet', status: 'succeeded', amountCents: total });
      expect(ok(await pay()).payment.id).toBe(paid.payment.id);
      const payments = ok(await client.GET('/api/v1/payments', { params: { query: { purpose: 'order' } } }));
      expect(payments.items.map((p) => p.id)).toEqual([paid.payment.id]);
      expect(ok(await client.GET('/api/v1/payments/{id}', { params: { path: { id: paid.payment.id } } })).receiptUrl).toBe(
        `/api/v1/payments/${paid.payment.id}/receipt.pdf`,
      );
      expect(ok(await client.GET('/api/v1/wallet/history')).items.map((i) => i.amountCents)).toEqual([-total, total]);

      // The client writes to support about it.
      const threads = ok(await client.GET('/api/v1/orders/{id}/threads', { params: { path } }));
      expect(threads.items.map((th) => th.kind)).toContain('client_support');
      const sent = await client.POST('/api/v1/orders/{id}/threads/{kind}/messages', {
        params: { path: { id, kind: 'client_support' } },
        body: { body: 'Please make sure the writer knows the period well.' },
      });
      expect(sent.response.status).toBe(201);

      // Now: the preview is over; the writer finds the order in the pool and takes it.
      clock.reset();
      const { api: writer } = await signIn('writer@scriptorium.test');
      const pool = ok(await writer.GET('/api/v1/writer/orders/available', { params: { query: { limit: 100 } } }));
      const listed = pool.items.find((o) => o.id === id)!;
      expect(listed).toMatchObject({ number: placed.number, requestedByMe: false });
      expect(JSON.stringify(listed)).not.toMatch(/client|@/i);
      const taken = ok(await writer.POST('/api/v1/writer/orders/{id}/take', { params: { path } }));
      expect(taken).toMatchObject({ id, status: 'in_progress' });
      expect(ok(await writer.GET('/api/v1/writer/orders')).items.map((o) => o.id)).toContain(id);

      // The writer uploads the final file (multipart) and delivers.
      const essay = pdf('journey');
      const uploaded = await writer.POST('/api/v1/orders/{id}/files', {
        params: { path },
        body: { category: 'final', file: 'essay.pdf' },
        bodySerializer: () => {
          const form = new FormData();
          form.append('category', 'final');
          form.append('file', new Blob([new Uint8Array(essay)], { type: 'application/pdf' }), 'essay.pdf');
          return form;
        },
      });
      expect(uploaded.response.status).toBe(201);
      expect(uploaded.data).toMatchObject({
        category: 'final',
        name: 'essay.pdf',
        type: 'pdf',
        sizeBytes: essay.length,
        uploadedBy: { role: 'writer', you: true },
      });
      const delivered = ok(await writer.POST('/api/v1/writer/orders/{id}/submit', { params: { path }, body: { note: 'Here it is' } }));
      expect(delivered.status).toBe('submitted');

      // The client's access token has expired meanwhile: the refresh token gets a new pair.
      expect((await client.GET('/api/v1/orders/{id}', { params: { path } })).response.status).toBe(401);
      const refreshed = ok(await visitor.POST('/api/v1/auth/refresh', { body: { refreshToken } }));
      clientToken = refreshed.accessToken;
      refreshToken = refreshed.refreshToken;

      // The client downloads the delivered file through its signed URL, then approves.
      const files = ok(await client.GET('/api/v1/orders/{id}/files', { params: { path } }));
      const final = files.items.find((f) => f.category === 'final')!;
      const link = ok(await client.POST('/api/v1/orders/{id}/files/{fileId}/url', { params: { path: { id, fileId: final.id } } }));
      const query = Object.fromEntries(new URL(link.url, baseUrl).searchParams) as {
        k: string;
        n: string;
        t: string;
        w: string;
        e: string;
        s: string;
      };
      const download = await visitor.GET('/api/v1/files/download', { params: { query }, parseAs: 'arrayBuffer' });
      expect(download.response.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(download.data!)).toEqual(essay);

      const approved = ok(await client.POST('/api/v1/orders/{id}/approve', { params: { path } }));
      expect(approved).toMatchObject({ id, status: 'completed', writer: { penName: 'Quiet Owl' }, completedAt: expect.any(String) });
      expect(approved.timeline.map((e) => e.toStatus)).toContain('completed');
      const mine = ok(await client.GET('/api/v1/orders', { params: { query: { status: 'completed' } } }));
      expect(mine.items.map((o) => o.id)).toEqual([id]);

      // The writer's earning for it is recorded, held until it matures.
      const earnings = ok(await writer.GET('/api/v1/writer/earnings'));
      expect(earnings.items.find((e) => e.orderId === id)).toMatchObject({
        orderNumber: placed.number,
        amountCents: taken.pay.amountCents,
      });
      await expectLedgerBalanced();
    },
    WALK_TIMEOUT,
  );
});
