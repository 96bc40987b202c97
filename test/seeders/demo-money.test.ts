import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WALLET_CREDIT_CENTS, seedDemoMoney } from '../../seeders/demo-money.js';
import { actorFor } from '../orders/fixtures.js';
import { walletBalance } from '../../src/ledger/index.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('demo money', () => {
  it('credits each demo client once, as an audited adjustment, and leaves the ledger balanced', async () => {
    expect(await seedDemoMoney()).toEqual({ credited: 2 });
    expect(await seedDemoMoney()).toEqual({ credited: 0 });
    for (const email of ['client@scriptorium.test', 'client@b.scriptorium.test']) {
      const client = await actorFor(email);
      expect((await walletBalance(client, client.userId!)).balanceCents).toBe(DEMO_WALLET_CREDIT_CENTS);
    }
    await expectLedgerBalanced();
  });
});
