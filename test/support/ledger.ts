import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { systemActor } from '../../src/platform/actor.js';
import { accountBalance, checkLedger, postTransaction, walletBalance, type PostedTransaction } from '../../src/ledger/index.js';

/**
 * Ledger helpers for money tests. Call `expectLedgerBalanced()` after every test that moves money:
 * it runs the invariant check (src/ledger/service/check.ts) on this test file's database.
 */
export async function expectLedgerBalanced(websiteId?: number): Promise<void> {
  const check = await checkLedger(websiteId === undefined ? {} : { websiteId });
  expect(check.problems, check.problems.map((p) => p.message).join('\n')).toEqual([]);
  expect(check.ok).toBe(true);
}

/** Puts money in a client's wallet as a card top-up would (stripe_clearing -> client_wallet). */
export async function fundWallet(websiteId: number, clientId: number, amountCents: number, currency = 'USD'): Promise<PostedTransaction> {
  return postTransaction(systemActor(websiteId), {
    websiteId,
    currency,
    kind: 'wallet_topup_card',
    reference: { type: 'test_topup', id: randomUUID() },
    memo: 'Test top-up',
    idempotencyKey: `test-topup:${randomUUID()}`,
    postings: [{ from: { kind: 'stripe_clearing' }, to: { kind: 'client_wallet', ownerId: clientId }, amountCents }],
  });
}

/** Balances read as the system: a client's wallet, an order's escrow, a website's platform revenue. */
export const walletOf = async (client: { userId: number; websiteId: number }) =>
  (await walletBalance(systemActor(client.websiteId), client.userId)).balanceCents;

export const escrowOf = async (order: { id: number; websiteId: number }) =>
  (await accountBalance(systemActor(order.websiteId), { kind: 'order_escrow', ownerId: order.id, websiteId: order.websiteId }))
    .balanceCents;

export const revenueOf = async (websiteId: number) =>
  (await accountBalance(systemActor(websiteId), { kind: 'platform_revenue', websiteId })).balanceCents;
