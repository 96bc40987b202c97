import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { systemActor, type Actor } from '../../src/platform/actor.js';
import {
  accountBalance,
  accountHistory,
  adjustAccount,
  postTransaction,
  reverseTransaction,
  walletBalance,
  type PostInput,
} from '../../src/ledger/index.js';
import { LedgerTransaction } from '../../src/ledger/models.js';
import { getSequelize, inTransaction } from '../../src/platform/database.js';
import { createDraftOrder, submitOrder } from '../../src/orders/service/wizard.js';
import { actorFor, completeDetails, newWriter } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced, fundWallet } from '../support/ledger.js';

let t: TestApp;
let client: Actor & { userId: number; websiteId: number };
let admin: Actor;
let support: Actor;
let clientB: Actor & { userId: number; websiteId: number };
beforeAll(async () => {
  t = await startTestApp();
  client = (await actorFor('client@scriptorium.test')) as typeof client;
  admin = await actorFor('admin@scriptorium.test');
  support = await actorFor('support@scriptorium.test');
  clientB = (await actorFor('client@b.scriptorium.test')) as typeof clientB;
});
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

const key = () => `test:${randomUUID()}`;
const placedOrder = async () => submitOrder(client, (await createDraftOrder(client, completeDetails())).id);
const walletOf = async (c = client) => (await walletBalance(c, c.userId)).balanceCents;
const escrowOf = async (orderId: number) => (await accountBalance(admin, { kind: 'order_escrow', ownerId: orderId })).balanceCents;

function walletPayment(orderId: number, amountCents: number, idempotencyKey = key()): PostInput {
  return {
    websiteId: client.websiteId,
    currency: 'USD',
    kind: 'order_payment_wallet',
    reference: { type: 'order', id: orderId },
    memo: `Order ${orderId} paid from the wallet`,
    idempotencyKey,
    postings: [{ from: { kind: 'client_wallet', ownerId: client.userId }, to: { kind: 'order_escrow', ownerId: orderId }, amountCents }],
  };
}

describe('posting', () => {
  it('moves money in one balanced transaction and records the running balances', async () => {
    await fundWallet(client.websiteId, client.userId, 5_000);
    const before = await walletOf();
    const order = await placedOrder();
    const posted = await postTransaction(client, walletPayment(order.id, 1_500));
    expect(posted).toMatchObject({
      kind: 'order_payment_wallet',
      reference: { type: 'order', id: String(order.id) },
      actorUserId: client.userId,
      replayed: false,
    });
    expect(posted.entries).toHaveLength(2);
    expect(posted.entries.reduce((s, e) => s + e.amountCents, 0)).toBe(0);
    expect(posted.entries).toEqual([
      expect.objectContaining({ account: { kind: 'order_escrow', ownerId: order.id }, amountCents: 1_500, balanceAfterCents: 1_500 }),
      expect.objectContaining({
        account: { kind: 'client_wallet', ownerId: client.userId },
        amountCents: -1_500,
        balanceAfterCents: before - 1_500,
      }),
    ]);
    expect(await walletOf()).toBe(before - 1_500);
    expect(await escrowOf(order.id)).toBe(1_500);
  });

  it('refuses to take a client wallet below zero with a 402 naming the account, and writes nothing', async () => {
    const order = await placedOrder();
    const balance = await walletOf();
    const count = await LedgerTransaction.count();
    const err = await postTransaction(client, walletPayment(order.id, balance + 1)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'payment_required', message: expect.stringContaining('Insufficient funds') });
    expect(err).toMatchObject({ details: { account: { kind: 'client_wallet', ownerId: client.userId }, balanceCents: balance } });
    expect(await walletOf()).toBe(balance);
    expect(await LedgerTransaction.count()).toBe(count);
  });

  it('keeps order escrow at or above zero (409)', async () => {
    const order = await placedOrder();
    await postTransaction(client, walletPayment(order.id, 100));
    const refund = (amountCents: number): PostInput => ({
      websiteId: client.websiteId,
      currency: 'USD',
      kind: 'refund_wallet',
      reference: { type: 'order', id: order.id },
      memo: null,
      idempotencyKey: key(),
      postings: [{ from: { kind: 'order_escrow', ownerId: order.id }, to: { kind: 'client_wallet', ownerId: client.userId }, amountCents }],
    });
    await expect(postTransaction(admin, refund(101))).rejects.toMatchObject({
      code: 'conflict',
      details: { account: { kind: 'order_escrow' } },
    });
    await postTransaction(admin, refund(100));
    expect(await escrowOf(order.id)).toBe(0);
  });

  it('lets a fine or an advance leave a writer owing, but never a payout; money still reaches a writer who owes', async () => {
    const writer = await newWriter(client.websiteId);
    const system = systemActor(client.websiteId);
    const payable = { kind: 'writer_payable' as const, ownerId: writer.userId };
    const post = (
      kind: PostInput['kind'],
      from: PostInput['postings'][0]['from'],
      to: PostInput['postings'][0]['to'],
      amountCents: number,
    ) =>
      postTransaction(system, {
        websiteId: client.websiteId,
        currency: 'USD',
        kind,
        reference: null,
        idempotencyKey: key(),
        postings: [{ from, to, amountCents }],
      });
    await post('fine', payable, { kind: 'fines_income' }, 500);
    const owing = await accountBalance(admin, payable);
    expect(owing.balanceCents).toBe(-500);
    await expect(post('payout', payable, { kind: 'payouts_clearing' }, 1)).rejects.toMatchObject({ code: 'conflict' });
    await post('advance', { kind: 'payouts_clearing' }, payable, 2_000);
    await post('payout', payable, { kind: 'payouts_clearing' }, 1_500);
    expect((await accountBalance(admin, payable)).balanceCents).toBe(0);
    await expect(post('payout', payable, { kind: 'payouts_clearing' }, 1)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('names bad input, refuses other websites and foreign owners', async () => {
    const order = await placedOrder();
    await expect(postTransaction(client, walletPayment(order.id, 0))).rejects.toMatchObject({
      code: 'validation_failed',
      fields: { 'postings.0.amountCents': expect.any(String) },
    });
    await expect(postTransaction(client, { ...walletPayment(order.id, 10), currency: 'EUR' })).rejects.toMatchObject({
      code: 'validation_failed',
      fields: { currency: expect.stringContaining('USD') },
    });
    await expect(postTransaction(client, { ...walletPayment(order.id, 10), currency: 'usd' })).rejects.toMatchObject({
      fields: { currency: expect.any(String) },
    });
    await expect(postTransaction(client, { ...walletPayment(order.id, 10), kind: 'reversal' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(postTransaction(client, { ...walletPayment(order.id, 10), kind: 'adjustment' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(postTransaction(client, { ...walletPayment(order.id, 10), idempotencyKey: ' ' })).rejects.toMatchObject({
      fields: { idempotencyKey: expect.any(String) },
    });
    await expect(postTransaction(clientB, walletPayment(order.id, 10))).rejects.toMatchObject({ code: 'forbidden' });
    // An owner of another website: the account is never created.
    const foreign = {
      ...walletPayment(order.id, 10),
      postings: [
        { from: { kind: 'stripe_clearing' as const }, to: { kind: 'client_wallet' as const, ownerId: clientB.userId }, amountCents: 10 },
      ],
    };
    await expect(postTransaction(systemActor(client.websiteId), foreign)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('idempotency', () => {
  it('replays the same key and input, and refuses the key with other input (409)', async () => {
    await fundWallet(client.websiteId, client.userId, 1_000);
    const order = await placedOrder();
    const input = walletPayment(order.id, 300);
    const first = await postTransaction(client, input);
    const wallet = await walletOf();
    const again = await postTransaction(client, { ...input, postings: [...input.postings] });
    expect(again).toMatchObject({ id: first.id, replayed: true, entries: first.entries });
    expect(await walletOf()).toBe(wallet);
    for (const other of [{ ...input, memo: 'changed' }, walletPayment(order.id, 301, input.idempotencyKey)]) {
      await expect(postTransaction(client, other)).rejects.toMatchObject({
        code: 'conflict',
        message: 'idempotency key reused with different input',
      });
    }
    expect(await escrowOf(order.id)).toBe(300);
  });

  it('two posts racing with one new key: one posts, the other replays it', async () => {
    await fundWallet(client.websiteId, client.userId, 1_000);
    const order = await placedOrder();
    const input = walletPayment(order.id, 250);
    const results = await Promise.all(Array.from({ length: 8 }, () => postTransaction(client, input)));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await escrowOf(order.id)).toBe(250);
  });
});

describe("in the caller's transaction", () => {
  it('joins it: when the caller throws afterwards, nothing is persisted', async () => {
    await fundWallet(client.websiteId, client.userId, 1_000);
    const order = await placedOrder();
    const wallet = await walletOf();
    const input = walletPayment(order.id, 400);
    await expect(
      inTransaction(async () => {
        const posted = await postTransaction(client, input);
        expect(posted.replayed).toBe(false);
        throw new Error('the order update failed');
      }),
    ).rejects.toThrow('the order update failed');
    expect(await walletOf()).toBe(wallet);
    expect(await LedgerTransaction.count({ where: { idempotencyKey: input.idempotencyKey } })).toBe(0);
    // The key is free again: the retry posts.
    expect((await postTransaction(client, input)).replayed).toBe(false);
    expect(await walletOf()).toBe(wallet - 400);
  });
});

describe('reversal', () => {
  it('posts the mirror once, restores the balances and is audited', async () => {
    await fundWallet(client.websiteId, client.userId, 1_000);
    const order = await placedOrder();
    const wallet = await walletOf();
    const payment = await postTransaction(client, walletPayment(order.id, 700));
    await expect(reverseTransaction(client, payment.id, 'mistake', key())).rejects.toMatchObject({ code: 'forbidden' });
    await expect(reverseTransaction(admin, payment.id, ' ', key())).rejects.toMatchObject({ fields: { reason: 'is required' } });
    const k = key();
    const reversal = await reverseTransaction(admin, payment.id, 'Paid twice by mistake', k);
    expect(reversal).toMatchObject({
      kind: 'reversal',
      reversesTransactionId: payment.id,
      reference: { type: 'ledger_transaction', id: String(payment.id) },
    });
    expect(reversal.entries.map((e) => [e.account.kind, e.amountCents])).toEqual([
      ['client_wallet', 700],
      ['order_escrow', -700],
    ]);
    expect(await walletOf()).toBe(wallet);
    expect(await escrowOf(order.id)).toBe(0);
    expect((await reverseTransaction(admin, payment.id, 'Paid twice by mistake', k)).replayed).toBe(true);
    await expect(reverseTransaction(admin, payment.id, 'again', key())).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('already reversed'),
    });
    await expect(reverseTransaction(admin, reversal.id, 'undo', key())).rejects.toMatchObject({ code: 'conflict' });
    const audit = await AuditLog.findOne({ where: { action: 'ledger.reverse', targetId: String(payment.id) } });
    expect(audit?.changes).toMatchObject({ reason: 'Paid twice by mistake' });
  });

  it("refuses when the money has moved on (escrow already paid out), and hides other websites' transactions", async () => {
    await fundWallet(client.websiteId, client.userId, 1_000);
    const order = await placedOrder();
    const payment = await postTransaction(client, walletPayment(order.id, 500));
    await postTransaction(systemActor(client.websiteId), {
      websiteId: client.websiteId,
      currency: 'USD',
      kind: 'order_completion',
      reference: { type: 'order', id: order.id },
      idempotencyKey: key(),
      postings: [{ from: { kind: 'order_escrow', ownerId: order.id }, to: { kind: 'platform_revenue' }, amountCents: 500 }],
    });
    await expect(reverseTransaction(admin, payment.id, 'too late', key())).rejects.toMatchObject({
      code: 'conflict',
      details: { account: { kind: 'order_escrow' } },
    });
    const adminB = await actorFor('admin@b.scriptorium.test');
    await expect(reverseTransaction(adminB, payment.id, 'not mine', key())).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('adjustments', () => {
  it('an admin corrects a wallet with a reason (audited); floors hold; support may not', async () => {
    const wallet = await walletOf();
    const ref = { kind: 'client_wallet' as const, ownerId: client.userId };
    const posted = await adjustAccount(admin, { accountRef: ref, amountCents: 250, reason: 'Goodwill credit', idempotencyKey: key() });
    expect(posted.entries.find((e) => e.account.kind === 'client_wallet')).toMatchObject({
      amountCents: 250,
      balanceAfterCents: wallet + 250,
    });
    const audit = await AuditLog.findOne({
      where: { action: 'ledger.adjust', targetId: String(posted.entries.find((e) => e.account.kind === 'client_wallet')!.accountId) },
    });
    expect(audit?.changes).toMatchObject({
      before: { balanceCents: wallet },
      after: { balanceCents: wallet + 250 },
      reason: 'Goodwill credit',
    });
    await expect(
      adjustAccount(admin, { accountRef: ref, amountCents: -(wallet + 251), reason: 'too much', idempotencyKey: key() }),
    ).rejects.toMatchObject({ code: 'payment_required' });
    await expect(adjustAccount(support, { accountRef: ref, amountCents: 1, reason: 'x', idempotencyKey: key() })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(adjustAccount(admin, { accountRef: ref, amountCents: 5, reason: '', idempotencyKey: key() })).rejects.toMatchObject({
      fields: { reason: 'is required' },
    });
    await expect(adjustAccount(admin, { accountRef: ref, amountCents: 0, reason: 'zero', idempotencyKey: key() })).rejects.toMatchObject({
      fields: { amountCents: expect.any(String) },
    });
    await adjustAccount(admin, { accountRef: ref, amountCents: -250, reason: 'Goodwill credit withdrawn', idempotencyKey: key() });
    expect(await walletOf()).toBe(wallet);
  });
});

describe('history and reads', () => {
  it('lists a wallet newest first in keyset pages; a client sees only their own wallet', async () => {
    const fresh = (await newWriter(client.websiteId)).userId; // any user of the website can own a wallet account
    for (const amount of [100, 200, 300]) await fundWallet(client.websiteId, fresh, amount);
    const ref = { kind: 'client_wallet' as const, ownerId: fresh };
    const first = await accountHistory(admin, ref, { limit: 2 });
    expect(first.items.map((i) => [i.amountCents, i.balanceAfterCents, i.kind])).toEqual([
      [300, 600, 'wallet_topup_card'],
      [200, 300, 'wallet_topup_card'],
    ]);
    expect(first.nextCursor).toBeTruthy();
    const second = await accountHistory(admin, ref, { limit: 2, cursor: first.nextCursor! });
    expect(second).toMatchObject({ items: [{ amountCents: 100, balanceAfterCents: 100 }], nextCursor: null });
    await expect(accountHistory(client, ref, { limit: 2 })).rejects.toMatchObject({ code: 'not_found' });
    await expect(walletBalance(clientB, client.userId)).rejects.toMatchObject({ code: 'not_found' });
    expect(await walletBalance(support, fresh)).toEqual({ clientId: fresh, currency: 'USD', balanceCents: 600 });
  });
});

describe('the database refuses changes to posted rows', () => {
  it('UPDATE, DELETE and TRUNCATE of entries and transactions raise', async () => {
    const query = (sql: string) => getSequelize().query(sql, { type: QueryTypes.RAW });
    for (const sql of [
      'UPDATE ledger_entries SET amount_cents = amount_cents + 1',
      'DELETE FROM ledger_entries',
      "UPDATE ledger_transactions SET memo = 'edited'",
      'DELETE FROM ledger_transactions',
      'TRUNCATE ledger_entries CASCADE',
    ]) {
      await expect(query(sql), sql).rejects.toThrow(/append-only/);
    }
  });
});
