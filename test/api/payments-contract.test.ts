import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor } from '../orders/fixtures.js';
import { startWithFakeStripe, intentIdOf, type FakeStripeApp } from '../payments/card-helpers.js';
import { clientWithLogin, unpaidOrder } from '../payments/fixtures.js';
import { apiClient, ok, type ApiClient } from '../support/api/client.js';
import { listenOnFreePort, type Listening } from '../support/api/listen.js';
import { expectLedgerBalanced, fundWallet } from '../support/ledger.js';

/**
 * Card payments (through the fake Stripe) and installment plans through the generated client, each
 * answer checked against the OpenAPI document (test/support/api/client.ts).
 */

let app: FakeStripeApp;
let listening: Listening | undefined;
let baseUrl: string;

beforeAll(async () => {
  app = await startWithFakeStripe();
  listening = await listenOnFreePort(app.t.app);
  baseUrl = listening.baseUrl;
});
afterAll(async () => {
  await listening?.close();
  await app?.close();
});

async function signIn(email: string): Promise<ApiClient> {
  const tokens = ok(await apiClient(baseUrl).POST('/api/v1/auth/login', { body: { email, password: 'scriptorium' } }));
  return apiClient(baseUrl, () => tokens.accessToken);
}

/** A walk is one long test of many calls: on a loaded machine it outlasts the default 30 s. */
const WALK_TIMEOUT = 120_000;

describe('payments through the generated client', () => {
  it(
    'pays an order by card: intent, Stripe confirms, sync, status, history, receipt',
    async () => {
      const payer = await clientWithLogin((await actorFor('client@scriptorium.test')).websiteId!);
      const client = await signIn(payer.email);
      const order = await unpaidOrder(payer);

      expect(ok(await apiClient(baseUrl).GET('/api/v1/payments/card-availability'))).toEqual({ available: true, reason: null });
      const intent = ok(
        await client.POST('/api/v1/payments/card-intents', {
          params: { header: { 'idempotency-key': `card-${order.id}` } },
          body: { purpose: 'order', orderId: order.id },
        }),
      );
      expect(intent).toMatchObject({ amountCents: order.totalCents, status: 'pending', clientSecret: expect.any(String) });
      const paymentId = { path: { paymentId: intent.paymentId } };
      expect(ok(await client.GET('/api/v1/payments/card-intents/{paymentId}', { params: paymentId })).status).toBe('pending');

      await app.fake.succeed(intentIdOf(intent.clientSecret!));
      const synced = ok(await client.POST('/api/v1/payments/card-intents/{paymentId}/sync', { params: paymentId }));
      expect(synced).toMatchObject({ status: 'succeeded', orderId: order.id, receiptNumber: expect.any(String) });

      const history = ok(await client.GET('/api/v1/payments'));
      expect(history.items.map((p) => p.id)).toEqual([intent.paymentId]);
      expect(history.totals).toMatchObject({ count: 1, paidCents: order.totalCents });
      const receipt = await client.GET('/api/v1/payments/{id}/receipt.pdf', {
        params: { path: { id: intent.paymentId } },
        parseAs: 'arrayBuffer',
      });
      expect(receipt.response.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(receipt.data!).subarray(0, 5).toString()).toBe('%PDF-');
      await expectLedgerBalanced();
    },
    WALK_TIMEOUT,
  );

  it(
    'splits an order in installments (staff), shows the plan and pays the first from the wallet',
    async () => {
      const payer = await clientWithLogin((await actorFor('client@scriptorium.test')).websiteId!);
      const [client, support] = await Promise.all([signIn(payer.email), signIn('support@scriptorium.test')]);
      const order = await unpaidOrder(payer);
      const path = { id: order.id };

      const plan = ok(
        await support.POST('/api/v1/orders/{id}/installment-plan', { params: { path }, body: { proposal: { split: 'equal', count: 2 } } }),
      );
      expect(plan).toMatchObject({ status: 'active', totalCents: order.totalCents, clientId: payer.userId });
      const mine = ok(await client.GET('/api/v1/orders/{id}/installment-plan', { params: { path } }));
      expect(mine).not.toHaveProperty('clientId');
      const first = mine.installments[0]!;
      expect(mine.nextInstallmentId).toBe(first.id);

      await fundWallet(payer.websiteId!, payer.userId, first.amountCents, order.currency);
      const paid = ok(
        await client.POST('/api/v1/orders/{id}/installment-plan/pay', {
          params: { path, header: { 'idempotency-key': `installment-${first.id}` } },
          body: { installmentId: first.id },
        }),
      );
      expect(paid.payment).toMatchObject({ purpose: 'installment', installmentId: first.id, amountCents: first.amountCents });
      expect(paid.plan.installments[0]).toMatchObject({ status: 'paid', receiptNumber: expect.any(String) });

      const canceled = ok(
        await support.POST('/api/v1/orders/{id}/installment-plan/cancel', {
          params: { path },
          body: { reason: 'The client will pay the rest at once' },
        }),
      );
      expect(canceled.status).toBe('canceled');
      await expectLedgerBalanced();
    },
    WALK_TIMEOUT,
  );
});
