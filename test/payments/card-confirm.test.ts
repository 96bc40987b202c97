import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/actor.js';
import { accountBalance, walletBalance } from '../../src/ledger/index.js';
import { Order } from '../../src/orders/models.js';
import { cancelAsClient } from '../../src/orders/service/client-actions.js';
import {
  attachPaymentIntent,
  cancelCardPayment,
  markPaymentFailed,
  markPaymentSucceeded,
  Payment,
  startCardPayment,
} from '../../src/payments/index.js';
import { AppError } from '../../src/platform/errors.js';
import { actorFor } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { clientWithLogin, unpaidOrder, type ClientActor } from './fixtures.js';

/**
 * The function Stripe's confirmation ends in (webhook or the client's confirmation call). The card
 * intents themselves are the Stripe side's; here a pending payment row stands for one.
 */
let t: TestApp;
let client: ClientActor;
let admin: Awaited<ReturnType<typeof actorFor>>;
beforeAll(async () => {
  t = await startTestApp();
  client = await clientWithLogin((await actorFor('client@scriptorium.test')).websiteId!);
  admin = await actorFor('admin@scriptorium.test');
});
afterAll(() => t?.close());

const escrowOf = async (orderId: number) => (await accountBalance(admin, { kind: 'order_escrow', ownerId: orderId })).balanceCents;
const walletOf = async () => (await walletBalance(client, client.userId)).balanceCents;

describe('markPaymentSucceeded', () => {
  it('posts stripe_clearing -> order escrow, pays the order through recordOrderPayment, gives a receipt; a second confirmation changes nothing', async () => {
    const order = await unpaidOrder(client);
    const pending = await startCardPayment(client, { purpose: 'order', orderId: order.id });
    expect(pending).toMatchObject({ status: 'pending', method: 'card', amountCents: order.totalCents, ledgerTransactionId: null });
    await attachPaymentIntent(pending.id, 'pi_test_order_1');
    const done = await markPaymentSucceeded(pending.id, {
      stripePaymentIntentId: 'pi_test_order_1',
      amountCents: order.totalCents!,
      reference: 'ch_test_1',
    });
    expect(done).toMatchObject({ status: 'succeeded', reference: 'ch_test_1' });
    expect(done.receiptNumber).toMatch(/^R-/);
    expect((await Order.findByPk(order.id))!.status).toBe('ready_for_staffing');
    expect(await escrowOf(order.id)).toBe(order.totalCents);

    const again = await markPaymentSucceeded(pending.id, { stripePaymentIntentId: 'pi_test_order_1' });
    expect(again.ledgerTransactionId).toBe(done.ledgerTransactionId);
    expect(await escrowOf(order.id)).toBe(order.totalCents);
    await expectLedgerBalanced();
  });

  it('a wallet top-up lands in the wallet', async () => {
    const before = await walletOf();
    const topUp = await startCardPayment(client, { purpose: 'wallet_topup', amountCents: 2_500 });
    await markPaymentSucceeded(topUp.id);
    expect(await walletOf()).toBe(before + 2_500);
    expect((await Payment.findByPk(topUp.id))!.status).toBe('succeeded');
    await expectLedgerBalanced();
  });

  it('money for an order that can no longer take it (cancelled meanwhile) is credited to the wallet, not lost', async () => {
    const order = await unpaidOrder(client);
    const pending = await startCardPayment(client, { purpose: 'order', orderId: order.id, amountCents: 1_000 });
    await cancelAsClient(client, order.id, 'no longer needed');
    const before = await walletOf();
    const done = await markPaymentSucceeded(pending.id);
    expect(done.status).toBe('succeeded');
    expect(done.reference).toMatch(/wallet/);
    expect(await walletOf()).toBe(before + 1_000);
    expect(await escrowOf(order.id)).toBe(0);
    await expectLedgerBalanced();
  });

  it('a failure is recorded, a later success still counts; a wrong amount or intent is refused; people cannot mark success', async () => {
    const order = await unpaidOrder(client);
    const pending = await startCardPayment(client, { purpose: 'order', orderId: order.id, amountCents: 500 });
    await attachPaymentIntent(pending.id, 'pi_test_retry');
    const failed = await markPaymentFailed(pending.id, { reason: 'card_declined' });
    expect(failed).toMatchObject({ status: 'failed', failureReason: 'card_declined' });
    await expect(markPaymentSucceeded(pending.id, { stripePaymentIntentId: 'pi_other' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(markPaymentSucceeded(pending.id, { amountCents: 499 })).rejects.toMatchObject({ code: 'conflict' });
    await expect(markPaymentSucceeded(pending.id, {}, admin)).rejects.toMatchObject({ code: 'forbidden' });
    const done = await markPaymentSucceeded(pending.id, { stripePaymentIntentId: 'pi_test_retry' }, systemActor(client.websiteId));
    expect(done.status).toBe('succeeded');
    expect((await Order.findByPk(order.id))!.paidCents).toBe(500);
    // A late failure after success changes nothing.
    expect((await markPaymentFailed(pending.id, { reason: 'late' })).status).toBe('succeeded');
    await expectLedgerBalanced();
  });

  it('the client may cancel a pending card payment; a succeeded one cannot be cancelled', async () => {
    const order = await unpaidOrder(client);
    const pending = await startCardPayment(client, { purpose: 'order', orderId: order.id, amountCents: 300 });
    expect((await cancelCardPayment(client, pending.id, 'changed my mind')).status).toBe('cancelled');
    const other = await startCardPayment(client, { purpose: 'order', orderId: order.id, amountCents: 300 });
    await markPaymentSucceeded(other.id);
    const err = await cancelCardPayment(client, other.id, 'too late').catch((e: unknown) => e);
    expect(err instanceof AppError && err.code === 'conflict').toBe(true);
    const stranger = await clientWithLogin(client.websiteId);
    await expect(cancelCardPayment(stranger, other.id, 'not mine')).rejects.toMatchObject({ code: 'not_found' });
    await expectLedgerBalanced();
  });
});
