import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoFines } from '../../seeders/demo-fines.js';
import { seedDemoMoney } from '../../seeders/demo-money.js';
import { seedDemoOrders } from '../../seeders/demo-orders.js';
import { systemActor } from '../../src/platform/actor.js';
import { User } from '../../src/identity/models.js';
import { accountBalance } from '../../src/ledger/index.js';
import { Order } from '../../src/orders/models.js';
import { applyLatenessFines } from '../../src/writers/fines/index.js';
import { Fine } from '../../src/writers/fines/models.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('demo fines', () => {
  it('gives each demo writer an open fine and a late delivery the lateness job fines, once, with the ledger balanced', async () => {
    await seedDemoMoney();
    await seedDemoOrders();
    expect(await seedDemoFines()).toEqual({ fines: 2, lateDeliveries: 2 });
    expect(await seedDemoFines()).toEqual({ fines: 0, lateDeliveries: 0 });
    await applyLatenessFines();

    for (const email of ['writer@scriptorium.test', 'writer@b.scriptorium.test']) {
      const writer = (await User.findOne({ where: { email } }))!;
      const fines = await Fine.findAll({ where: { writerId: writer.id }, order: [['id', 'ASC']] });
      expect(fines.map((f) => [f.typeCode, f.status])).toEqual([
        ['wrong_files', 'issued'],
        ['lateness', 'issued'],
      ]);
      const delivered = (await Order.findByPk(fines[1]!.orderId))!;
      expect(delivered.status).toBe('submitted');
      // 2 h 30 min late: +5 % and +10 % of the writer's earning.
      expect(fines[1]!.amountCents).toBe(Math.round(fines[1]!.earningCents * 0.15));
      const payable = await accountBalance(systemActor(writer.websiteId!), {
        kind: 'writer_payable',
        ownerId: writer.id,
        websiteId: writer.websiteId!,
      });
      expect(payable.balanceCents).toBe(-(1_000 + fines[1]!.amountCents));
    }
    await expectLedgerBalanced();
  });
});
