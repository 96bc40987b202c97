import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoMoney } from '../../seeders/demo-money.js';
import { seedDemoOrders } from '../../seeders/demo-orders.js';
import { Order } from '../../src/orders/models.js';
import { OrderFile } from '../../src/orders/files/models.js';
import { WriterEarning } from '../../src/writers/models.js';
import { actorFor } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { escrowOf, expectLedgerBalanced, walletOf } from '../support/ledger.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('demo orders', () => {
  it('gives each demo client an order at every stage through the services, once, with the ledger balanced', async () => {
    await seedDemoMoney();
    expect(await seedDemoOrders()).toEqual({ orders: 12 });
    expect(await seedDemoOrders()).toEqual({ orders: 0 });

    for (const email of ['client@scriptorium.test', 'client@b.scriptorium.test']) {
      const client = await actorFor(email);
      const orders = await Order.findAll({ where: { clientId: client.userId }, order: [['id', 'ASC']] });
      expect(orders.map((o) => o.status)).toEqual([
        'draft',
        'pending_payment',
        'ready_for_staffing',
        'in_progress',
        'submitted',
        'completed',
      ]);
      const [, , paid, working, delivered, completed] = orders;
      for (const order of [paid!, working!, delivered!]) expect(await escrowOf(order)).toBe(order.totalCents);
      expect(await OrderFile.count({ where: { orderId: delivered!.id, category: 'final' } })).toBe(1);
      expect(await WriterEarning.findOne({ where: { orderId: completed!.id } })).toMatchObject({
        status: 'pending',
        writerId: completed!.writerId,
      });
      // The demo credits pay exactly for the orders: the wallet keeps the demo money's credit.
      expect(await walletOf(client as { userId: number; websiteId: number })).toBe(25_000);
    }
    await expectLedgerBalanced();
  });
});
