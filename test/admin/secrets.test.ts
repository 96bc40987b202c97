import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerTransaction } from '../../src/ledger/models.js';
import { inTransaction } from '../../src/platform/database.js';
import { Refund } from '../../src/payments/refunds/models.js';
import { User } from '../../src/identity/models.js';
import { adminGet, signIn, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { fundWallet } from '../support/ledger.js';
import { actorFor, paidOrder } from '../orders/fixtures.js';

/**
 * Staff read the back office's JSON (lists, shows, searches, references populated into other
 * records, custom record actions): none of it carries idempotency keys, input hashes or other
 * secrets, whatever screen they would be hidden on.
 */
let t: TestApp;
let admin: Agent;
let superadmin: Agent;
let transactionId: number;
let refundId: number;
let idempotencyKey: string;
let inputHash: string;
const STRIPE_KEY = 'refund-idem-7c1e2f0b9d';

beforeAll(async () => {
  t = await startAdminApp();
  const client = (await User.findOne({ where: { email: 'client@scriptorium.test' } }))!;
  const posted = await fundWallet(client.websiteId!, client.id, 1_500);
  transactionId = posted.id;
  const tx = (await LedgerTransaction.findByPk(transactionId))!;
  idempotencyKey = tx.idempotencyKey;
  inputHash = tx.inputHash;
  const order = await paidOrder(await actorFor(client.email));
  const refund = await inTransaction(() =>
    Refund.create({
      websiteId: client.websiteId!,
      orderId: order.id,
      clientId: client.id,
      currency: 'USD',
      amountCents: 100,
      destination: 'wallet',
      walletCents: 100,
      cardCents: 0,
      reason: 'test',
      source: 'staff',
      stripeIdempotencyKey: STRIPE_KEY,
      walletTransactionId: transactionId,
    }),
  );
  refundId = refund.id;
  [admin, superadmin] = await Promise.all([signIn(t.app, 'admin@scriptorium.test'), signIn(t.app, 'superadmin@scriptorium.test')]);
});
afterAll(() => t?.close());

function expectNoSecret(label: string, text: string): void {
  expect(text, label).not.toContain(idempotencyKey);
  expect(text, label).not.toContain(inputHash);
  expect(text, label).not.toContain(STRIPE_KEY);
  expect(text, label).not.toMatch(/idempotencyKey|inputHash|passwordHash|\$argon2/);
}

describe('back-office JSON', () => {
  it('never carries idempotency keys, input hashes or password hashes', async () => {
    const paths = [
      'ledger_transactions/actions/list?perPage=500',
      `ledger_transactions/records/${transactionId}/show`,
      `ledger_transactions/records/${transactionId}/lines`,
      `ledger_transactions/actions/search/${encodeURIComponent('wallet')}`,
      `ledger_transactions/actions/list?filters.idempotencyKey=${encodeURIComponent(idempotencyKey)}`,
      'refunds/actions/list?perPage=500',
      `refunds/records/${refundId}/show`, // populates walletTransactionId: the transaction's record
      'ledger_accounts/actions/list?perPage=500',
      'users/actions/list?perPage=500',
      'audit_logs/actions/list?perPage=500',
    ];
    for (const agent of [admin, superadmin]) {
      for (const path of paths) {
        const res = await adminGet(agent, path);
        expect(res.status, path).toBe(200);
        expectNoSecret(path, res.text);
      }
    }
    // The refund still shows, with its populated transaction.
    const shown = await adminGet(admin, `refunds/records/${refundId}/show`).expect(200);
    expect(Number(shown.body.record.populated.walletTransactionId.id)).toBe(transactionId);
  });
});
