import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountBalance, walletBalance } from '../../src/ledger/index.js';
import { Order } from '../../src/orders/models.js';
import { Payment, payOrderFromWallet } from '../../src/payments/index.js';
import { AppError } from '../../src/platform/errors.js';
import { actorFor } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced, fundWallet } from '../support/ledger.js';
import { clientWithLogin, unpaidOrder } from './fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('parallel wallet payments', () => {
  it('200 payments against a wallet that covers 37 of them: exactly 37 succeed, the wallet ends at 0, the rest change nothing', async () => {
    const site = (await actorFor('client@scriptorium.test')).websiteId!;
    const client = await clientWithLogin(site);
    // Many small orders awaiting payment: each attempt pays 1 cent of its own order, so only the wallet limits them.
    const orders: Order[] = [];
    for (let i = 0; i < 20; i += 1) orders.push(await unpaidOrder(client, 1));
    const covered = 37;
    await fundWallet(site, client.userId, covered * 100);
    const attempts = Array.from({ length: 200 }, (_, i) => payOrderFromWallet(client, orders[i % orders.length]!.id, { amountCents: 100 }));
    const results = await Promise.allSettled(attempts);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(ok).toHaveLength(covered);
    for (const err of refused) expect(err instanceof AppError && err.code === 'payment_required', String(err)).toBe(true);
    expect((await walletBalance(client, client.userId)).balanceCents).toBe(0);

    const payments = await Payment.findAll({ where: { clientId: client.userId } });
    expect(payments).toHaveLength(covered);
    expect(new Set(payments.map((p) => p.receiptNumber)).size).toBe(covered);
    const admin = await actorFor('admin@scriptorium.test');
    let escrow = 0;
    for (const order of orders) {
      const fresh = (await Order.findByPk(order.id))!;
      const paidHere = payments.filter((p) => p.orderId === order.id).reduce((s, p) => s + p.amountCents, 0);
      expect(fresh.paidCents).toBe(paidHere);
      const balance = (await accountBalance(admin, { kind: 'order_escrow', ownerId: order.id })).balanceCents;
      expect(balance).toBe(paidHere);
      escrow += balance;
    }
    expect(escrow).toBe(covered * 100);
    await expectLedgerBalanced();
  });
});
