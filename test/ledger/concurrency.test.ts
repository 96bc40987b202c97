import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/actor.js';
import { accountBalance, postTransaction, walletBalance } from '../../src/ledger/index.js';
import { AppError } from '../../src/platform/errors.js';
import { createDraftOrder, submitOrder } from '../../src/orders/service/wizard.js';
import { actorFor, completeDetails } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced, fundWallet } from '../support/ledger.js';

let t: TestApp;
let client: Actor & { userId: number; websiteId: number };
beforeAll(async () => {
  t = await startTestApp();
  client = (await actorFor('client@scriptorium.test')) as typeof client;
});
afterAll(() => t?.close());

describe('concurrent wallet payments', () => {
  it('200 parallel payments of 100 cents against 5,000: exactly 50 succeed, the wallet ends at 0', async () => {
    await fundWallet(client.websiteId, client.userId, 5_000);
    const orders = await Promise.all(
      Array.from({ length: 4 }, async () => submitOrder(client, (await createDraftOrder(client, completeDetails())).id)),
    );
    const attempts = Array.from({ length: 200 }, (_, i) => {
      const order = orders[i % orders.length]!;
      return postTransaction(client, {
        websiteId: client.websiteId,
        currency: 'USD',
        kind: 'order_payment_wallet',
        reference: { type: 'order', id: order.id },
        memo: `attempt ${i}`,
        idempotencyKey: `concurrency:${randomUUID()}`,
        postings: [
          { from: { kind: 'client_wallet', ownerId: client.userId }, to: { kind: 'order_escrow', ownerId: order.id }, amountCents: 100 },
        ],
      });
    });
    const results = await Promise.allSettled(attempts);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(ok).toHaveLength(50);
    expect(refused).toHaveLength(150);
    for (const err of refused) expect(err instanceof AppError && err.code === 'payment_required', String(err)).toBe(true);
    expect((await walletBalance(client, client.userId)).balanceCents).toBe(0);
    const admin = await actorFor('admin@scriptorium.test');
    const escrow = await Promise.all(orders.map((o) => accountBalance(admin, { kind: 'order_escrow', ownerId: o.id })));
    expect(escrow.reduce((s, a) => s + a.balanceCents, 0)).toBe(5_000);
    await expectLedgerBalanced();
  }, 120_000); // 200 transactions on a loaded 2-core machine
});
