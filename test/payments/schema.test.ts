import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/actor.js';
import { createDraftOrder, submitOrder } from '../../src/orders/service/wizard.js';
import { inTransaction } from '../../src/platform/database.js';
import { Payment } from '../../src/payments/models.js';
import { actorFor, completeDetails } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let t: TestApp;
let client: Actor & { userId: number; websiteId: number };
beforeAll(async () => {
  t = await startTestApp();
  client = (await actorFor('client@scriptorium.test')) as typeof client;
});
afterAll(() => t?.close());

/** The database's own guards behind the services: a payment row can never say something impossible. */
describe('payments table', () => {
  const base = () => ({ websiteId: client.websiteId, clientId: client.userId, currency: 'USD', amountCents: 1_000 });

  it('keeps a pending card payment and a manual one awaiting approval', async () => {
    const order = await submitOrder(client, (await createDraftOrder(client, completeDetails())).id);
    const card = await inTransaction(() =>
      Payment.create({
        ...base(),
        orderId: order.id,
        purpose: 'order',
        method: 'card',
        status: 'pending',
        stripePaymentIntentId: `pi_${order.id}`,
      }),
    );
    const manual = await inTransaction(() =>
      Payment.create({ ...base(), orderId: order.id, purpose: 'order', method: 'manual', status: 'pending_approval', reference: 'bank 1' }),
    );
    expect(card.refundedCents).toBe(0);
    expect((await Payment.findByPk(manual.id))!.status).toBe('pending_approval');
  });

  it('refuses impossible rows: succeeded without posting, a top-up with an order, a wallet payment awaiting approval, zero amounts', async () => {
    const order = await submitOrder(client, (await createDraftOrder(client, completeDetails())).id);
    const attempts = [
      { ...base(), orderId: order.id, purpose: 'order' as const, method: 'wallet' as const, status: 'succeeded' as const },
      { ...base(), orderId: order.id, purpose: 'wallet_topup' as const, method: 'card' as const, status: 'pending' as const },
      { ...base(), orderId: order.id, purpose: 'order' as const, method: 'wallet' as const, status: 'pending_approval' as const },
      {
        ...base(),
        amountCents: 0,
        orderId: order.id,
        purpose: 'order' as const,
        method: 'manual' as const,
        status: 'pending_approval' as const,
      },
      {
        ...base(),
        refundedCents: 5,
        orderId: order.id,
        purpose: 'order' as const,
        method: 'manual' as const,
        status: 'pending_approval' as const,
      },
    ];
    for (const row of attempts) {
      await expect(
        inTransaction(() => Payment.create(row)),
        JSON.stringify(row),
      ).rejects.toThrow(/check constraint/);
    }
  });

  it('every website has its own receipt sequence, a new website too (trigger)', async () => {
    const { nextReceiptNumber } = await import('../../src/payments/service/common.js');
    const { Website } = await import('../../src/tenancy/models.js');
    const site = await inTransaction(() =>
      Website.create({ name: 'Receipt Test', slug: `receipt-${Date.now()}`, domains: [`r${Date.now()}.localhost`] }),
    );
    const first = await inTransaction(() => nextReceiptNumber(site.id));
    const second = await inTransaction(() => nextReceiptNumber(site.id));
    expect([first, second]).toEqual(['R-000001', 'R-000002']);
    const a = await inTransaction(() => nextReceiptNumber(client.websiteId));
    expect(a).toMatch(/^R-\d{6,}$/);
    expect(await inTransaction(() => nextReceiptNumber(site.id))).toBe('R-000003');
  });
});
