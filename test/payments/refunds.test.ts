import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { Order } from '../../src/orders/models.js';
import { cancelAsClient } from '../../src/orders/service/client-actions.js';
import { assignWriter, cancelOrder } from '../../src/orders/service/staff-actions.js';
import { recordOrderPayment } from '../../src/orders/service/payment-hook.js';
import { createDraftOrder, submitOrder } from '../../src/orders/service/wizard.js';
import { Refund } from '../../src/payments/refunds/models.js';
import { approveRefund, rejectRefund } from '../../src/payments/refunds/service/approve.js';
import { requestRefund } from '../../src/payments/refunds/service/request.js';
import { login } from '../identity/helpers.js';
import { actorFor, completeDetails, newWriter } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { escrowOf, expectLedgerBalanced, revenueOf, walletOf } from '../support/ledger.js';
import { manuallyPaidOrder, refundPostings, type Who } from './refund-fixtures.js';

let t: TestApp;
let client: Who;
let admin: Who;
let support: Who;
beforeAll(async () => {
  t = await startTestApp();
  client = (await actorFor('client@scriptorium.test')) as Who;
  admin = (await actorFor('admin@scriptorium.test')) as Who;
  support = (await actorFor('support@scriptorium.test')) as Who;
});
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

const wallet = (amountCents: number, reason = 'Goodwill') => ({ amountCents, destination: 'wallet' as const, reason });

describe('wallet refunds', () => {
  it('support asks, an admin approves: the wallet goes up, the escrow down, each step audited', async () => {
    const order = await manuallyPaidOrder(client, admin);
    const [walletBefore, escrowBefore] = [await walletOf(client), await escrowOf(order)];
    expect(escrowBefore).toBe(order.totalCents);

    const asked = await requestRefund(support, { orderId: order.id, ...wallet(1_500, 'Late delivery') });
    expect(asked).toMatchObject({ status: 'pending', walletCents: 1_500, cardCents: 0, source: 'staff', requestedBy: support.userId });
    expect(await walletOf(client)).toBe(walletBefore); // nothing moves before approval

    await expect(approveRefund(support, asked.id)).rejects.toMatchObject({ code: 'forbidden' });
    const done = await approveRefund(admin, asked.id);
    expect(done).toMatchObject({ status: 'processed', approvedBy: admin.userId, walletTransactionId: expect.any(Number) });
    expect(await walletOf(client)).toBe(walletBefore + 1_500);
    expect(await escrowOf(order)).toBe(escrowBefore - 1_500);
    expect(await refundPostings(asked.id)).toEqual([{ id: done.walletTransactionId, kind: 'refund_wallet' }]);

    // Approving again moves nothing: 409 with the current status.
    await expect(approveRefund(admin, asked.id)).rejects.toMatchObject({ code: 'conflict', details: { currentStatus: 'processed' } });
    expect(await walletOf(client)).toBe(walletBefore + 1_500);
    const actions = (await AuditLog.findAll({ where: { targetType: 'refund', targetId: String(asked.id) }, order: [['id', 'ASC']] })).map(
      (a) => a.action,
    );
    expect(actions).toEqual(['refund.request', 'refund.approve', 'refund.complete']);
  });

  it('pays from platform revenue once the order is completed', async () => {
    const order = await manuallyPaidOrder(client, admin);
    await Order.update({ completedAt: new Date() }, { where: { id: order.id } });
    const revenue = await revenueOf(order.websiteId);
    const refund = await requestRefund(admin, { orderId: order.id, ...wallet(700) });
    await approveRefund(admin, refund.id);
    expect(await revenueOf(order.websiteId)).toBe(revenue - 700);
    expect(await escrowOf(order)).toBe(order.totalCents);
  });

  it('a rejection keeps the reason and frees the amount again', async () => {
    const order = await manuallyPaidOrder(client, admin);
    const first = await requestRefund(support, { orderId: order.id, ...wallet(order.totalCents!) });
    await expect(requestRefund(support, { orderId: order.id, ...wallet(1) })).rejects.toMatchObject({
      fields: { amountCents: 'nothing remains refundable on this order' },
    });
    await expect(rejectRefund(admin, first.id, '  ')).rejects.toMatchObject({ fields: { reason: 'is required' } });
    expect(await rejectRefund(admin, first.id, 'Work was delivered on time')).toMatchObject({
      status: 'rejected',
      rejectedReason: 'Work was delivered on time',
    });
    expect(await requestRefund(support, { orderId: order.id, ...wallet(order.totalCents!) })).toMatchObject({ status: 'pending' });
  });
});

describe('never more than remains refundable', () => {
  it('refuses more than remains with a 400 naming amountCents, and writes nothing', async () => {
    const order = await manuallyPaidOrder(client, admin);
    await approveRefund(admin, (await requestRefund(admin, { orderId: order.id, ...wallet(1_000) })).id);
    const remaining = order.totalCents! - 1_000;
    const token = (await login(t.app, 'support@scriptorium.test')).accessToken;
    const [refundsBefore, auditsBefore] = [await Refund.count(), await AuditLog.count()];
    const res = await request(t.app)
      .post(`/api/v1/orders/${order.id}/refunds`)
      .set('Host', 'localhost')
      .set('Authorization', `Bearer ${token}`)
      .send({ amountCents: remaining + 1, destination: 'wallet', reason: 'Too much' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ amountCents: `must be at most ${remaining} (what remains refundable on this order)` });
    expect([await Refund.count(), await AuditLog.count()]).toEqual([refundsBefore, auditsBefore]);
    // Exactly what remains is fine.
    await request(t.app)
      .post(`/api/v1/orders/${order.id}/refunds`)
      .set('Host', 'localhost')
      .set('Authorization', `Bearer ${token}`)
      .send({ amountCents: remaining, destination: 'wallet', reason: 'The rest' })
      .expect(201);
  });

  it('refuses bad input: zero, negative, fractions, unknown destination, a card part without a card payment', async () => {
    const order = await manuallyPaidOrder(client, admin);
    for (const [input, field] of [
      [{ amountCents: 0 }, 'amountCents'],
      [{ amountCents: -5 }, 'amountCents'],
      [{ amountCents: 1.5 }, 'amountCents'],
      [{ destination: 'cash' }, 'destination'],
      [{ destination: 'card' }, 'destination'],
      [{ reason: '' }, 'reason'],
    ] as const) {
      await expect(requestRefund(support, { orderId: order.id, ...wallet(100), ...input } as never)).rejects.toMatchObject({
        fields: { [field]: expect.any(String) },
      });
    }
    await expect(requestRefund(client, { orderId: order.id, ...wallet(100) })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await Refund.count({ where: { orderId: order.id } })).toBe(0);
  });

  it('is the order of another website: 404', async () => {
    const order = await manuallyPaidOrder(client, admin);
    const otherAdmin = (await actorFor('admin@b.scriptorium.test')) as Who;
    await expect(requestRefund(otherAdmin, { orderId: order.id, ...wallet(100) })).rejects.toMatchObject({ code: 'not_found' });
    const refund = await requestRefund(admin, { orderId: order.id, ...wallet(100) });
    await expect(approveRefund(otherAdmin, refund.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('two parallel refunds that together exceed what was paid: at most one succeeds', async () => {
    const order = await manuallyPaidOrder(client, admin);
    const paid = order.totalCents!;
    const amount = Math.floor(paid / 2) + 1; // two of them exceed the price
    for (let round = 0; round < 5; round++) {
      const fresh = round === 0 ? order : await manuallyPaidOrder(client, admin);
      const results = await Promise.allSettled([
        requestRefund(support, { orderId: fresh.id, ...wallet(amount, 'first') }),
        requestRefund(admin, { orderId: fresh.id, ...wallet(amount, 'second') }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: 'validation_failed', fields: { amountCents: expect.any(String) } });
      expect(await Refund.sum('amountCents', { where: { orderId: fresh.id } })).toBe(amount);
    }
  });

  it('twenty parallel refunds of a fifth each, approved in parallel: exactly five are paid', async () => {
    const order = await manuallyPaidOrder(client, admin);
    const fifth = Math.floor(order.totalCents! / 5);
    const walletBefore = await walletOf(client);
    const asked = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => requestRefund(i % 2 ? admin : support, { orderId: order.id, ...wallet(fifth, `n${i}`) })),
    );
    const made = asked.filter((r): r is PromiseFulfilledResult<Refund> => r.status === 'fulfilled').map((r) => r.value);
    expect(made).toHaveLength(5);
    await Promise.all(made.map((r) => approveRefund(admin, r.id)));
    expect(await escrowOf(order)).toBe(order.totalCents! - 5 * fifth);
    expect(await walletOf(client)).toBe(walletBefore + 5 * fifth);
  });
});

describe('cancellation with forfeiture', () => {
  it('posts the forfeit to revenue and the refund to the wallet in one transaction, with an approved cancellation refund', async () => {
    const order = await manuallyPaidOrder(client, admin);
    const writer = await newWriter(order.websiteId);
    await assignWriter(admin, order.id, { writerId: writer.userId, autoAccept: true });
    await cancelAsClient(client, order.id, 'No longer needed');
    const [walletBefore, revenueBefore] = [await walletOf(client), await revenueOf(order.websiteId)];

    const refundCents = order.totalCents! - 1_234;
    const cancelled = await cancelOrder(admin, order.id, { reason: 'Client request accepted', refundCents });
    expect(cancelled.cancellationDecision).toMatchObject({ refundCents, forfeitCents: 1_234 });

    const [refund] = await Refund.findAll({ where: { orderId: order.id } });
    expect(refund).toMatchObject({
      source: 'cancellation',
      destination: 'wallet',
      status: 'processed',
      amountCents: refundCents,
      approvedBy: admin.userId,
    });
    expect(await walletOf(client)).toBe(walletBefore + refundCents);
    expect(await revenueOf(order.websiteId)).toBe(revenueBefore + 1_234);
    expect(await escrowOf(order)).toBe(0);
    // Nothing remains refundable on a cancelled order whose escrow is settled.
    await expect(requestRefund(admin, { orderId: order.id, ...wallet(1) })).rejects.toMatchObject({
      fields: { amountCents: expect.any(String) },
    });
  });

  it("takes an earlier refund out of the client's part, not the platform's forfeit", async () => {
    const order = await manuallyPaidOrder(client, admin);
    await approveRefund(admin, (await requestRefund(admin, { orderId: order.id, ...wallet(1_000) })).id);
    await cancelAsClient(client, order.id, 'Changed my mind'); // not yet assigned: the table forfeits 0
    const walletBefore = await walletOf(client);
    await cancelOrder(admin, order.id, { reason: 'Accepted', refundCents: order.totalCents! - 500 });
    expect(await walletOf(client)).toBe(walletBefore + order.totalCents! - 500 - 1_000);
    expect(await escrowOf(order)).toBe(0);
  });

  it("supersedes a refund still waiting for approval: the client gets exactly the forfeiture table's share", async () => {
    const order = await manuallyPaidOrder(client, admin);
    const writer = await newWriter(order.websiteId);
    await assignWriter(admin, order.id, { writerId: writer.userId, autoAccept: true });
    const waiting = await requestRefund(support, {
      orderId: order.id,
      ...wallet(Math.floor(order.totalCents! / 2), 'Asked before cancelling'),
    });
    await cancelAsClient(client, order.id, 'No longer needed');
    const [walletBefore, revenueBefore] = [await walletOf(client), await revenueOf(order.websiteId)];
    const forfeit = 1_000;
    await cancelOrder(admin, order.id, { reason: 'Accepted', refundCents: order.totalCents! - forfeit });

    expect(await Refund.findByPk(waiting.id)).toMatchObject({
      status: 'rejected',
      rejectedBy: admin.userId,
      rejectedReason: expect.stringContaining('Superseded'),
    });
    expect(await walletOf(client)).toBe(walletBefore + order.totalCents! - forfeit);
    expect(await revenueOf(order.websiteId)).toBe(revenueBefore + forfeit);
    expect(await escrowOf(order)).toBe(0);
    // The superseded request can no longer be approved.
    await expect(approveRefund(admin, waiting.id)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('waits for a refund already in flight: 409 naming it, nothing moved, the order still awaiting the decision', async () => {
    const order = await manuallyPaidOrder(client, admin);
    const asked = await requestRefund(support, { orderId: order.id, ...wallet(700) });
    // Approved but not yet processed: how a card refund looks while Stripe works on it.
    await Refund.update({ status: 'processing' }, { where: { id: asked.id } });
    await cancelAsClient(client, order.id, 'Changed my mind');
    const [walletBefore, escrowBefore] = [await walletOf(client), await escrowOf(order)];
    await expect(cancelOrder(admin, order.id, { reason: 'Accepted' })).rejects.toMatchObject({
      code: 'conflict',
      details: { refundIds: [asked.id] },
    });
    expect(await walletOf(client)).toBe(walletBefore);
    expect(await escrowOf(order)).toBe(escrowBefore);
    expect((await Order.findByPk(order.id))!.status).toBe('pending_cancellation');
  });

  it('moves nothing for an order paid before the ledger existed (nothing in escrow), and says so in the audit', async () => {
    // Marked paid through the orders area's door alone, with no posting: how such orders look.
    const placed = await submitOrder(client, (await createDraftOrder(client, completeDetails())).id);
    const order = await recordOrderPayment(admin, placed.id, {
      amountCents: placed.totalCents!,
      method: 'manual',
      reference: 'before the ledger',
    });
    await cancelAsClient(client, order.id, 'Bye');
    const walletBefore = await walletOf(client);
    await cancelOrder(admin, order.id, { reason: 'Accepted' });
    expect(await walletOf(client)).toBe(walletBefore);
    expect(await Refund.count({ where: { orderId: order.id } })).toBe(0);
    expect(await AuditLog.count({ where: { action: 'refund.cancellation_settled', targetId: String(order.id) } })).toBe(1);
  });
});

describe('GET /api/v1/orders/:id/refunds', () => {
  it("shows the client their refunds and statuses, and 404 for another client's order", async () => {
    const order = await manuallyPaidOrder(client, admin);
    const done = await approveRefund(admin, (await requestRefund(support, { orderId: order.id, ...wallet(300) })).id);
    const waiting = await requestRefund(support, { orderId: order.id, ...wallet(200, 'internal note') });
    const token = (await login(t.app, 'client@scriptorium.test')).accessToken;
    const res = await request(t.app)
      .get(`/api/v1/orders/${order.id}/refunds`)
      .set('Host', 'localhost')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(res.body).toMatchObject({ orderId: order.id, currency: 'USD', refundableCents: order.totalCents! - 500 });
    expect(res.body.items).toEqual([
      expect.objectContaining({
        id: done.id,
        status: 'processed',
        amountCents: 300,
        destination: 'wallet',
        processedAt: expect.any(String),
      }),
      expect.objectContaining({ id: waiting.id, status: 'pending', amountCents: 200, processedAt: null }),
    ]);
    expect(JSON.stringify(res.body)).not.toContain('internal note');

    const writerToken = (await login(t.app, 'writer@scriptorium.test')).accessToken;
    await request(t.app)
      .get(`/api/v1/orders/${order.id}/refunds`)
      .set('Host', 'localhost')
      .set('Authorization', `Bearer ${writerToken}`)
      .expect(403);
    const otherClient = (await login(t.app, 'client@b.scriptorium.test', { host: 'b.localhost' })).accessToken;
    await request(t.app)
      .get(`/api/v1/orders/${order.id}/refunds`)
      .set('Host', 'b.localhost')
      .set('Authorization', `Bearer ${otherClient}`)
      .expect(404);
  });

  it('an admin approves through the API with an Idempotency-Key: a replay moves nothing more', async () => {
    const order = await manuallyPaidOrder(client, admin);
    const refund = await requestRefund(support, { orderId: order.id, ...wallet(900) });
    const token = (await login(t.app, 'admin@scriptorium.test')).accessToken;
    const walletBefore = await walletOf(client);
    const approve = () =>
      request(t.app)
        .post(`/api/v1/refunds/${refund.id}/approve`)
        .set('Host', 'localhost')
        .set('Authorization', `Bearer ${token}`)
        .set('Idempotency-Key', `approve-${refund.id}`)
        .send({});
    const first = await approve().expect(200);
    const again = await approve().expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await walletOf(client)).toBe(walletBefore + 900);
  });
});
