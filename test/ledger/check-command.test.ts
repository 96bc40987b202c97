import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/actor.js';
import { checkLedger, postTransaction, walletBalance } from '../../src/ledger/index.js';
import { getSequelize } from '../../src/platform/database.js';
import { actorFor } from '../orders/fixtures.js';
import { runMainCommand } from '../support/command.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced, fundWallet } from '../support/ledger.js';

let t: TestApp;
let client: Actor & { userId: number; websiteId: number };
beforeAll(async () => {
  t = await startTestApp();
  client = (await actorFor('client@scriptorium.test')) as typeof client;
});
afterAll(() => t?.close());

const ledgerCheck = () => runMainCommand(t, ['ledger:check']);

const sql = (text: string, bind: unknown[] = []) => getSequelize().query(text, { bind, type: QueryTypes.RAW });

describe('npm run ledger:check', () => {
  it('exits 0 on a balanced ledger and 1 naming the account once a balance is corrupted', async (ctx) => {
    // The child process needs a database it can reach: the embedded one lives in this process's memory.
    if (!t.realPostgres) ctx.skip();
    const topUp = await fundWallet(client.websiteId, client.userId, 2_500);
    await postTransaction(client, {
      websiteId: client.websiteId,
      currency: 'USD',
      kind: 'tip',
      reference: null,
      idempotencyKey: 'check-command:tip',
      postings: [{ from: { kind: 'client_wallet', ownerId: client.userId }, to: { kind: 'platform_revenue' }, amountCents: 500 }],
    });
    await expectLedgerBalanced();
    const fine = await ledgerCheck();
    expect(fine.code, fine.output).toBe(0);
    expect(fine.output).toMatch(/Ledger: \d+ accounts, \d+ transactions, \d+ entries/);
    expect(fine.output).toContain('Balanced');

    const walletId = topUp.entries.find((e) => e.account.kind === 'client_wallet')!.accountId;
    const { balanceCents } = await walletBalance(client, client.userId);
    await sql('UPDATE ledger_accounts SET balance_cents = balance_cents + 1 WHERE id = $1', [walletId]);
    const broken = await ledgerCheck();
    expect(broken.code, broken.output).toBe(1);
    expect(broken.output).toContain(
      `[balance_mismatch] account ${walletId} has balance ${balanceCents + 1} but its entries sum to ${balanceCents}`,
    );
  }, 120_000);

  it("finds unbalanced transactions and broken running balances (entries added behind the service's back)", async () => {
    const posted = await fundWallet(client.websiteId, client.userId, 700);
    const wallet = posted.entries.find((e) => e.account.kind === 'client_wallet')!;
    await sql('INSERT INTO ledger_entries (transaction_id, account_id, amount_cents, balance_after_cents) VALUES ($1, $2, 5, 0)', [
      posted.id,
      wallet.accountId,
    ]);
    const check = await checkLedger();
    expect(check.ok).toBe(false);
    expect(check.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'unbalanced_transaction', transactionId: posted.id }),
        expect.objectContaining({ kind: 'broken_chain', accountId: wallet.accountId }),
        expect.objectContaining({ kind: 'balance_mismatch', accountId: wallet.accountId }),
      ]),
    );
    // Scoped to the other website, the check sees none of it.
    const other = await actorFor('client@b.scriptorium.test');
    expect((await checkLedger({ websiteId: other.websiteId! })).ok).toBe(true);
  });
});
