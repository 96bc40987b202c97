import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoFines } from '../../seeders/demo-fines.js';
import { seedDemoMoney } from '../../seeders/demo-money.js';
import { seedDemoOrders } from '../../seeders/demo-orders.js';
import { seedDemoPayouts } from '../../seeders/demo-payouts.js';
import { User } from '../../src/identity/models.js';
import type { Actor } from '../../src/platform/actor.js';
import { applyLatenessFines } from '../../src/writers/fines/index.js';
import { WriterEarning } from '../../src/writers/models.js';
import { approvePayoutRequest, buildDuePayouts, cancelPayout, Payout, PayoutLine, requestPayout } from '../../src/writers/payouts/index.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const actorOf = (user: User): Actor => ({ userId: user.id, role: user.role, websiteId: user.websiteId });

describe('demo payouts', () => {
  it('leaves each demo writer matured earnings the payout job batches at once and an early payout pays in full, after the demo fines, once', async () => {
    await seedDemoMoney();
    await seedDemoOrders();
    await seedDemoFines();
    // Three completed orders a website (the demo's one and two earlier ones), each earning matured.
    expect(await seedDemoPayouts()).toEqual({ matured: 6 });
    expect(await seedDemoPayouts()).toEqual({ matured: 0 });
    await applyLatenessFines();

    // The two earlier orders matured last month: the scheduled build batches them now, less the
    // demo fines (a batch takes every deduction not yet batched, whenever it was posted).
    const built = await buildDuePayouts();
    expect(built.batches).toBe(2);
    for (const domain of ['scriptorium.test', 'b.scriptorium.test']) {
      const writer = (await User.findOne({ where: { email: `writer@${domain}` } }))!;
      const batches = await Payout.findAll({ where: { writerId: writer.id } });
      expect(batches.map((p) => [p.trigger, p.status])).toEqual([['scheduled', 'pending']]);
      const kinds = (await PayoutLine.findAll({ where: { payoutId: batches[0]!.id } })).map((l) => l.kind).sort();
      expect(kinds).toEqual(['earning', 'earning', 'fine', 'fine']);
      expect(batches[0]!.totalCents).toBeGreaterThan(0);
      // Cancelled again, so that the early payout below can take all the writer is owed.
      await cancelPayout(actorOf((await User.findOne({ where: { email: `admin@${domain}` } }))!), batches[0]!.id, 'demo check');
    }

    for (const domain of ['scriptorium.test', 'b.scriptorium.test']) {
      const writer = (await User.findOne({ where: { email: `writer@${domain}` } }))!;
      const admin = (await User.findOne({ where: { email: `admin@${domain}` } }))!;
      expect(await WriterEarning.count({ where: { writerId: writer.id, status: 'matured' } })).toBe(3);
      const request = await requestPayout(actorOf(writer), { kind: 'early' });
      await approvePayoutRequest(actorOf(admin), request.id);
      const [payout, ...others] = await Payout.findAll({ where: { writerId: writer.id, trigger: 'early' } });
      expect(others).toHaveLength(0);
      // The earnings less the open fine and the lateness fine: positive, above the early-payout threshold.
      expect(payout!.totalCents).toBeGreaterThanOrEqual(5_000);
      expect(payout!.status).toBe('pending');
    }
    await expectLedgerBalanced();
  });
});
