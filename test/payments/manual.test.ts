import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountBalance } from '../../src/ledger/index.js';
import { Order } from '../../src/orders/models.js';
import { approveManualPayment, Payment, recordManualPayment, rejectManualPayment } from '../../src/payments/index.js';
import { AuditLog } from '../../src/audit/models.js';
import { actorFor } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { unpaidOrder } from './fixtures.js';

let t: TestApp;
let client: Awaited<ReturnType<typeof actorFor>>;
let support: Awaited<ReturnType<typeof actorFor>>;
let admin: Awaited<ReturnType<typeof actorFor>>;
beforeAll(async () => {
  t = await startTestApp();
  [client, support, admin] = await Promise.all(['client', 'support', 'admin'].map((r) => actorFor(`${r}@scriptorium.test`)));
});
afterAll(() => t?.close());

const escrowOf = async (orderId: number) => (await accountBalance(admin, { kind: 'order_escrow', ownerId: orderId })).balanceCents;

describe('offline payments', () => {
  it('support records (nothing posted), an admin approves: manual_clearing -> escrow, the order is ready for staffing', async () => {
    const order = await unpaidOrder(client);
    const recorded = await recordManualPayment(support, {
      orderId: order.id,
      amountCents: order.totalCents!,
      reference: 'Bank transfer 2026-11-25 #4411',
    });
    expect(recorded).toMatchObject({
      status: 'pending_approval',
      method: 'manual',
      createdBy: support.userId,
      ledgerTransactionId: null,
      receiptNumber: null,
    });
    expect(await escrowOf(order.id)).toBe(0);
    expect((await Order.findByPk(order.id))!.status).toBe('pending_payment');

    await expect(approveManualPayment(support, recorded.id)).rejects.toMatchObject({ code: 'forbidden' });
    const approved = await approveManualPayment(admin, recorded.id);
    expect(approved).toMatchObject({ status: 'succeeded', approvedBy: admin.userId });
    expect(approved.receiptNumber).toMatch(/^R-/);
    expect(await escrowOf(order.id)).toBe(order.totalCents);
    expect((await Order.findByPk(order.id))!.status).toBe('ready_for_staffing');
    // Approving twice is a 409 with the current status, and moves nothing more.
    await expect(approveManualPayment(admin, recorded.id)).rejects.toMatchObject({
      code: 'conflict',
      details: { currentStatus: 'succeeded' },
    });
    expect(await escrowOf(order.id)).toBe(order.totalCents);
    expect(await AuditLog.count({ where: { action: 'payment.manual_approved', targetId: String(recorded.id) } })).toBe(1);
    await expectLedgerBalanced();
  });

  it('an admin rejects with a reason; nothing is posted and the order still awaits payment', async () => {
    const order = await unpaidOrder(client);
    const recorded = await recordManualPayment(admin, { orderId: order.id, amountCents: 1_000, reference: 'cash' });
    await expect(rejectManualPayment(admin, recorded.id, '')).rejects.toMatchObject({ code: 'validation_failed' });
    const rejected = await rejectManualPayment(admin, recorded.id, 'No such transfer on the statement');
    expect(rejected).toMatchObject({ status: 'rejected', failureReason: 'No such transfer on the statement' });
    await expect(approveManualPayment(admin, recorded.id)).rejects.toMatchObject({ code: 'conflict' });
    expect(await escrowOf(order.id)).toBe(0);
    expect((await Order.findByPk(order.id))!).toMatchObject({ status: 'pending_payment', paidCents: 0 });
    await expectLedgerBalanced();
  });

  it('refuses: a client recording, more than is owed, a paid order, no reference; approval fails when the order moved on', async () => {
    const order = await unpaidOrder(client);
    await expect(recordManualPayment(client, { orderId: order.id, amountCents: 100, reference: 'x' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      recordManualPayment(support, { orderId: order.id, amountCents: order.totalCents! + 1, reference: 'x' }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(recordManualPayment(support, { orderId: order.id, amountCents: 100, reference: '  ' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    const site2Admin = await actorFor('admin@b.scriptorium.test');
    await expect(recordManualPayment(site2Admin, { orderId: order.id, amountCents: 100, reference: 'x' })).rejects.toMatchObject({
      code: 'not_found',
    });

    // Two offline payments of the whole amount: the second approval finds nothing left to pay.
    const one = await recordManualPayment(support, { orderId: order.id, amountCents: order.totalCents!, reference: 'first' });
    const two = await recordManualPayment(support, { orderId: order.id, amountCents: order.totalCents!, reference: 'duplicate' });
    await approveManualPayment(admin, one.id);
    await expect(approveManualPayment(admin, two.id)).rejects.toMatchObject({ code: 'conflict' });
    expect((await Payment.findByPk(two.id))!.status).toBe('pending_approval');
    expect(await escrowOf(order.id)).toBe(order.totalCents);
    await expect(recordManualPayment(support, { orderId: order.id, amountCents: 100, reference: 'late' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expectLedgerBalanced();
  });
});
