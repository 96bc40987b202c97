import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { Order, OrderEvent } from '../../src/orders/models.js';
import { Payment, payOrderFromWallet } from '../../src/payments/index.js';
import { getSequelize } from '../../src/platform/database.js';
import { AppError } from '../../src/platform/errors.js';
import { actorFor, newClient } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { escrowOf, expectLedgerBalanced, fundWallet, walletOf } from '../support/ledger.js';
import { unpaidOrder, type ClientActor } from './fixtures.js';

/**
 * Wallet payments made at the same moment are committed in groups (one transaction per batch).
 * Each must still get exactly the answer it would have had alone, and the money must add up.
 */
let t: TestApp;
let site: number;
beforeAll(async () => {
  t = await startTestApp();
  site = (await actorFor('client@scriptorium.test')).websiteId!;
});
afterAll(() => t?.close());

const codeOf = (reason: unknown) => (reason instanceof AppError ? reason.code : String(reason));

async function clientWithOrder(fundCents: (total: number) => number): Promise<{ client: ClientActor; order: Order }> {
  // No password: these clients act through the service only, and argon2 hashing two dozen of them
  // at once is what made the test slow under load, not the payments.
  const client = { ...(await newClient(site)), websiteId: site };
  const order = await unpaidOrder(client, 1);
  const funds = fundCents(order.totalCents!);
  if (funds > 0) await fundWallet(site, client.userId, funds);
  return { client, order };
}

/** How many database transactions wrote these payments (rows written by one transaction share its xmin). */
async function transactionsBehind(paymentIds: number[]): Promise<number> {
  const [row] = await getSequelize().query<{ n: number }>(
    'SELECT count(DISTINCT xmin::text)::int AS n FROM payments WHERE id = ANY($1::bigint[])',
    {
      bind: [paymentIds],
      type: QueryTypes.SELECT,
    },
  );
  return row!.n;
}

describe('wallet payments committed in groups', () => {
  it("many clients at once: paid, short of funds, someone else's order and a repeated key each get their own answer", async () => {
    const payers = await Promise.all(Array.from({ length: 16 }, () => clientWithOrder((total) => total)));
    const short = await Promise.all(Array.from({ length: 4 }, () => clientWithOrder((total) => total - 1)));
    const intruders = await Promise.all(Array.from({ length: 2 }, () => clientWithOrder((total) => total)));
    const repeater = await clientWithOrder((total) => total);

    const attempts = [
      ...payers.map(({ client, order }) => payOrderFromWallet(client, order.id)),
      ...short.map(({ client, order }) => payOrderFromWallet(client, order.id)),
      // Each intruder tries to pay a payer's order from their own wallet.
      ...intruders.map(({ client }, i) => payOrderFromWallet(client, payers[i]!.order.id)),
      // The same request twice at once (a double click with one Idempotency-Key).
      payOrderFromWallet(repeater.client, repeater.order.id, { requestKey: `${repeater.client.userId}:double` }),
      payOrderFromWallet(repeater.client, repeater.order.id, { requestKey: `${repeater.client.userId}:double` }),
    ];
    const results = await Promise.allSettled(attempts);
    const paid = results.slice(0, 16);
    for (const result of paid) expect(result.status, String((result as PromiseRejectedResult).reason)).toBe('fulfilled');
    for (const result of results.slice(16, 20)) expect(codeOf((result as PromiseRejectedResult).reason)).toBe('payment_required');
    for (const result of results.slice(20, 22)) expect(codeOf((result as PromiseRejectedResult).reason)).toBe('not_found');
    const twice = results.slice(22).map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof payOrderFromWallet>>>).value);
    expect(twice.map((r) => r.payment.id)[0]).toBe(twice[1]!.payment.id);
    expect(twice.map((r) => r.replayed).sort()).toEqual([false, true]);

    // Every payer paid in full: the order is published once, its escrow holds the price, the wallet is empty.
    const payments = paid.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof payOrderFromWallet>>>).value.payment);
    for (const [i, { client, order }] of payers.entries()) {
      const fresh = (await Order.findByPk(order.id))!;
      expect(fresh.status).toBe('ready_for_staffing');
      expect(fresh.paidCents).toBe(order.totalCents);
      expect(await escrowOf(order)).toBe(order.totalCents);
      expect(await walletOf(client)).toBe(0);
      expect(payments[i]!.amountCents).toBe(order.totalCents);
      expect(await OrderEvent.count({ where: { orderId: order.id, action: 'payment_recorded' } })).toBe(1);
      expect(await OrderEvent.count({ where: { orderId: order.id, action: 'mark_paid' } })).toBe(1);
      expect(
        await AuditLog.count({ where: { targetType: 'payment', targetId: String(payments[i]!.id), action: 'payment.succeeded' } }),
      ).toBe(1);
    }
    // The short and the intruders moved nothing.
    for (const { client, order } of [...short, ...intruders]) {
      expect(await Payment.count({ where: { clientId: client.userId } })).toBe(0);
      expect(await escrowOf(order)).toBe(0);
      expect(await walletOf(client)).toBe(order.totalCents! - (short.some((s) => s.client === client) ? 1 : 0));
    }
    expect(await Payment.count({ where: { clientId: repeater.client.userId } })).toBe(1);
    expect(new Set(payments.map((p) => p.receiptNumber)).size).toBe(payments.length);
    await expectLedgerBalanced();
  });

  it('payments arriving together are committed together (fewer transactions than payments), each with its own rows', async () => {
    const payers = await Promise.all(Array.from({ length: 24 }, () => clientWithOrder((total) => total)));
    const paid = await Promise.all(payers.map(({ client, order }) => payOrderFromWallet(client, order.id, { amountCents: 100 })));
    const ids = paid.map((p) => p.payment.id);
    expect(new Set(ids).size).toBe(payers.length);
    expect(await transactionsBehind(ids)).toBeLessThan(payers.length);
    for (const [i, { client, order }] of payers.entries()) {
      expect(paid[i]!.payment).toMatchObject({ clientId: client.userId, orderId: order.id, amountCents: 100, status: 'succeeded' });
      expect(paid[i]!.outstandingCents).toBe(order.totalCents! - 100);
      expect(await walletOf(client)).toBe(order.totalCents! - 100);
    }
    await expectLedgerBalanced();
  });

  it('one order asked twice in a batch, with money for once: exactly one goes through', async () => {
    const others = await Promise.all(Array.from({ length: 8 }, () => clientWithOrder((total) => total)));
    const { client, order } = await clientWithOrder((total) => total);
    const results = await Promise.allSettled([
      ...others.map(({ client: c, order: o }) => payOrderFromWallet(c, o.id)),
      payOrderFromWallet(client, order.id),
      payOrderFromWallet(client, order.id),
    ]);
    for (const result of results.slice(0, 8)) expect(result.status).toBe('fulfilled');
    const mine = results.slice(8);
    expect(mine.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = mine.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(['conflict', 'payment_required', 'validation_failed']).toContain(codeOf(refused.reason));
    expect(await Payment.count({ where: { clientId: client.userId } })).toBe(1);
    expect(await walletOf(client)).toBe(0);
    expect(await escrowOf(order)).toBe(order.totalCents);
    expect((await Order.findByPk(order.id))!.paidCents).toBe(order.totalCents);
    await expectLedgerBalanced();
  });

  it('parts of one order paid at once add up exactly, whatever the grouping', async () => {
    const { client, order } = await clientWithOrder((total) => total);
    const part = Math.floor(order.totalCents! / 5);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => payOrderFromWallet(client, order.id, { amountCents: part })));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const fresh = (await Order.findByPk(order.id))!;
    expect(fresh.paidCents).toBe(part * 5);
    expect(await escrowOf(order)).toBe(part * 5);
    expect(await walletOf(client)).toBe(order.totalCents! - part * 5);
    expect(fresh.status).toBe(part * 5 === order.totalCents ? 'ready_for_staffing' : 'pending_payment');
    await expectLedgerBalanced();
  });
});
