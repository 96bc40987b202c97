import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import type { Actor } from '../../src/platform/actor.js';
import { User } from '../../src/identity/models.js';
import { OrderEvent } from '../../src/orders/models.js';
import { Payment } from '../../src/payments/index.js';
import { createInstallmentPlan } from '../../src/payments/installments/index.js';
import { cancelAsClient, openDispute } from '../../src/orders/service/client-actions.js';
import { acceptAssignment } from '../../src/orders/service/writer-actions.js';
import { createDraftOrder, submitOrder } from '../../src/orders/service/wizard.js';
import { adminGet, adminPost, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { escrowOf, expectLedgerBalanced, revenueOf, walletOf } from '../support/ledger.js';
import { actorFor, completeDetails, newWriter, paidOrder } from '../orders/fixtures.js';
import { orderAct, orderGet, orderOf, statusOf } from './orders-helpers.js';

let t: TestApp;
let admin: Agent;
let support: Agent;
let adminB: Agent;
let client: Actor & { userId: number; websiteId: number };
let adminActor: Actor;
beforeAll(async () => {
  t = await startAdminApp();
  ({ admin, support, adminB } = await signInStaff(t.app));
  client = (await actorFor('client@scriptorium.test')) as typeof client;
  adminActor = await actorFor('admin@scriptorium.test');
});
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

type WriterRow = { id: number; registrationId: string; penName: string | null; activeOrders: number; capacity: number; eligible: boolean };

describe('assign, reassign, unassign', () => {
  it('a GET shows eligible writers and changes nothing; a POST assigns through the service', async () => {
    const order = await paidOrder(client);
    const writer = await newWriter(order.websiteId);
    const full = await newWriter(order.websiteId, { maxActiveOrders: 0 });
    const shown = await orderGet(admin, order.id, 'assign').expect(200);
    const writers = shown.body.preview.writers as WriterRow[];
    const mine = writers.find((w) => w.id === writer.userId)!;
    const registrationId = (await User.findByPk(writer.userId))!.registrationId;
    expect(mine).toMatchObject({ registrationId, penName: expect.stringMatching(/^Pen /), activeOrders: 0, eligible: true });
    expect(writers.find((w) => w.id === full.userId)).toMatchObject({ eligible: false });
    expect(await statusOf(order.id)).toBe('ready_for_staffing');

    const missing = await orderAct(admin, order.id, 'assign').expect(200);
    expect(missing.body.notice.type).toBe('error');
    const refused = await orderAct(admin, order.id, 'assign', { writerId: String(full.userId) }).expect(200);
    expect(refused.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('active orders') });
    expect(await statusOf(order.id)).toBe('ready_for_staffing');

    const res = await orderAct(admin, order.id, 'assign', { writerId: String(writer.userId), note: 'Please' }).expect(200);
    expect(res.body.notice).toMatchObject({ type: 'success' });
    expect(res.body.record.params.status).toBe('pending_writer_acceptance');
    expect((await orderOf(order.id)).writerId).toBe(writer.userId);
    expect(await AuditLog.count({ where: { action: 'order.assign', targetId: String(order.id) } })).toBe(1);
  });

  it('assigns with auto-accept, reassigns to another writer, then unassigns with a reason', async () => {
    const order = await paidOrder(client);
    const [first, second] = [await newWriter(order.websiteId), await newWriter(order.websiteId)];
    await orderAct(admin, order.id, 'assign', { writerId: String(first.userId), autoAccept: 'true' }).expect(200);
    expect(await statusOf(order.id)).toBe('in_progress');
    expect((await orderAct(admin, order.id, 'reassign', { writerId: String(second.userId) }).expect(200)).body.notice.type).toBe('error');
    const moved = await orderAct(admin, order.id, 'reassign', { writerId: String(second.userId), reason: 'First writer is ill' }).expect(
      200,
    );
    expect(moved.body.notice.type).toBe('success');
    expect(await orderOf(order.id)).toMatchObject({ writerId: second.userId, status: 'pending_writer_acceptance' });
    await acceptAssignment(second, order.id);
    const back = await orderAct(admin, order.id, 'unassign', { reason: 'Too slow' }).expect(200);
    expect(back.body.notice.type).toBe('success');
    expect(await orderOf(order.id)).toMatchObject({ writerId: null, status: 'ready_for_staffing' });
    const event = await OrderEvent.findOne({ where: { orderId: order.id, action: 'unassign' }, order: [['id', 'DESC']] });
    expect(event!.note).toBe('Too slow');
  });
});

describe('hold, release, cancel, keep, dispute, archive', () => {
  it('holds with a reason and releases back to where it was', async () => {
    const order = await paidOrder(client);
    expect((await orderAct(admin, order.id, 'hold').expect(200)).body.notice.type).toBe('error');
    expect((await orderAct(admin, order.id, 'hold', { reason: 'Plagiarism check' }).expect(200)).body.notice.type).toBe('success');
    expect(await statusOf(order.id)).toBe('on_hold');
    const again = await orderAct(admin, order.id, 'hold', { reason: 'twice' }).expect(200);
    expect(again.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('on hold') });
    await orderAct(admin, order.id, 'release').expect(200);
    expect(await statusOf(order.id)).toBe('ready_for_staffing');
  });

  it('cancels a cancellation request with the computed refund shown first, or refuses it (keep)', async () => {
    const order = await paidOrder(client);
    const writer = await newWriter(order.websiteId);
    await orderAct(admin, order.id, 'assign', { writerId: String(writer.userId), autoAccept: 'true' }).expect(200);
    await cancelAsClient(client, order.id, 'Changed my mind');
    expect(await statusOf(order.id)).toBe('pending_cancellation');
    const preview = await orderGet(admin, order.id, 'cancel').expect(200);
    const paid = (await orderOf(order.id)).paidCents;
    expect(preview.body.preview.refund).toMatchObject({ paidCents: paid });
    expect(preview.body.preview.refund.refundCents + preview.body.preview.refund.forfeitCents).toBe(paid);
    expect(await statusOf(order.id)).toBe('pending_cancellation');

    const kept = await orderAct(admin, order.id, 'keep', { reason: 'Work is nearly done' }).expect(200);
    expect(kept.body.notice.type).toBe('success');
    expect(await statusOf(order.id)).toBe('in_progress');

    await cancelAsClient(client, order.id, 'Really');
    const tooMuch = await orderAct(admin, order.id, 'cancel', { reason: 'ok', refund: String(paid / 100 + 1) }).expect(200);
    expect(tooMuch.body.notice.type).toBe('error');
    expect(await statusOf(order.id)).toBe('pending_cancellation');
    const [walletBefore, revenueBefore] = [await walletOf(client), await revenueOf(order.websiteId)];
    const done = await orderAct(admin, order.id, 'cancel', { reason: 'Agreed with the client', refund: '12.50' }).expect(200);
    expect(done.body.notice.type).toBe('success');
    const after = await orderOf(order.id);
    expect(after.status).toBe('cancelled');
    expect(after.cancellationDecision).toMatchObject({ outcome: 'cancelled', refundCents: 1250, forfeitCents: paid - 1250 });
    expect(await walletOf(client)).toBe(walletBefore + 1250);
    expect(await revenueOf(order.websiteId)).toBe(revenueBefore + paid - 1250);
    expect(await escrowOf(order)).toBe(0);

    expect((await orderAct(admin, order.id, 'archive').expect(200)).body.notice.type).toBe('success');
    expect(await statusOf(order.id)).toBe('archived');
  });

  it('resolves a dispute with an outcome and a note', async () => {
    const order = await paidOrder(client);
    const writer = await newWriter(order.websiteId);
    await orderAct(admin, order.id, 'assign', { writerId: String(writer.userId), autoAccept: 'true' }).expect(200);
    await openDispute(client, order.id, 'Not following the instructions');
    const bad = await orderAct(admin, order.id, 'resolveDispute', { outcome: 'archived', note: 'x' }).expect(200);
    expect(bad.body.notice.type).toBe('error');
    const ok = await orderAct(admin, order.id, 'resolveDispute', { outcome: 'in_progress', note: 'Writer will revise' }).expect(200);
    expect(ok.body.notice.type).toBe('success');
    expect(await statusOf(order.id)).toBe('in_progress');
  });
});

describe('new orders, clients and manual payments', () => {
  it('an admin creates an unattributed draft, attaches a client found by search, and records a payment', async () => {
    const res = await adminPost(admin, 'orders/actions/new', { topic: 'Phone order', pages: '2' }).expect(200);
    expect(res.body.notice.type).toBe('success');
    const id = Number(res.body.record.id);
    expect(await orderOf(id)).toMatchObject({ clientId: null, status: 'draft', topic: 'Phone order', createdBy: adminActor.userId });

    const clientRow = (await User.findByPk(client.userId))!;
    const found = await orderGet(admin, id, 'attachClient', `?q=${clientRow.registrationId}`).expect(200);
    expect(found.body.preview.clients.map((c: { id: number }) => c.id)).toEqual([client.userId]);
    expect(found.body.preview.clients[0]).not.toHaveProperty('passwordHash');
    expect((await orderOf(id)).clientId).toBeNull();
    expect((await orderAct(admin, id, 'attachClient', { clientId: String(client.userId) }).expect(200)).body.notice.type).toBe('success');
    expect((await orderOf(id)).clientId).toBe(client.userId);
    expect((await orderAct(admin, id, 'attachClient', { clientId: String(client.userId) }).expect(200)).body.notice.type).toBe('error');

    const placed = await submitOrder(client, (await createDraftOrder(client, completeDetails())).id);
    const total = placed.totalCents!;
    // Recording offline money only records it: it counts once an admin approves it (test/payments/admin.test.ts).
    const part = await orderAct(admin, placed.id, 'recordPayment', { amountCents: '100', reference: 'wire 1' }).expect(200);
    expect(part.body.notice.type).toBe('success');
    expect(await Payment.findOne({ where: { orderId: placed.id } })).toMatchObject({
      amountCents: 100,
      reference: 'wire 1',
      method: 'manual',
      status: 'pending_approval',
    });
    const over = await orderAct(admin, placed.id, 'recordPayment', {
      amount: ((total + 100) / 100).toFixed(2),
      reference: 'wire 0',
    }).expect(200);
    expect(over.body.notice.type).toBe('error');
    const noReference = await orderAct(admin, placed.id, 'recordPayment', { amount: '1.00' }).expect(200);
    expect(noReference.body.notice.type).toBe('error');
    const bySupport = await orderAct(support, placed.id, 'recordPayment', {
      amount: ((total - 100) / 100).toFixed(2),
      reference: 'wire 2',
    }).expect(200);
    expect(bySupport.body.notice.type).toBe('success');
    expect(await Payment.count({ where: { orderId: placed.id, status: 'pending_approval' } })).toBe(2);
    expect(await orderOf(placed.id)).toMatchObject({ paidCents: 0, status: 'pending_payment' });

    // An order paid by installments: the form names the installment (its amount is taken); a bad number is a field error.
    const planned = await submitOrder(client, (await createDraftOrder(client, completeDetails())).id);
    const { installments } = await createInstallmentPlan(adminActor, planned.id, { proposal: { split: 'equal', count: 2 } });
    const badNumber = await orderAct(support, planned.id, 'recordPayment', { installmentSequence: 'first', reference: 'wire 3' }).expect(
      200,
    );
    expect(badNumber.body.notice).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/installmentSequence must be the installment's number in the plan/),
    });
    const noSuch = await orderAct(support, planned.id, 'recordPayment', { installmentSequence: '7', reference: 'wire 3' }).expect(200);
    expect(noSuch.body.notice).toMatchObject({ type: 'error', message: expect.stringMatching(/no installment 7/) });
    const installment = await orderAct(support, planned.id, 'recordPayment', { installmentSequence: '1', reference: 'wire 3' }).expect(200);
    expect(installment.body.notice.type).toBe('success');
    expect(await Payment.findOne({ where: { orderId: planned.id } })).toMatchObject({
      purpose: 'installment',
      installmentId: installments[0]!.id,
      amountCents: installments[0]!.amountCents,
    });
  });
});

describe('who may act', () => {
  it('support may list and show orders of the website but run no action, nor create one', async () => {
    const order = await paidOrder(client);
    const writer = await newWriter(order.websiteId);
    await adminGet(support, `orders/records/${order.id}/show`).expect(200);
    const res = await orderAct(support, order.id, 'assign', { writerId: String(writer.userId) }).expect(200);
    expect(res.body.record.baseError.type).toBe('ForbiddenError');
    const held = await orderAct(support, order.id, 'hold', { reason: 'x' }).expect(200);
    expect(held.body.record.baseError.type).toBe('ForbiddenError');
    const created = await adminPost(support, 'orders/actions/new', { topic: 'x' });
    expect(created.text).toContain('ForbiddenError');
    expect(await statusOf(order.id)).toBe('ready_for_staffing');
  });

  it("an admin of website B neither sees nor changes website A's order", async () => {
    const order = await paidOrder(client);
    const writer = await newWriter(order.websiteId);
    const shown = await adminGet(adminB, `orders/records/${order.id}/show`, 'b.localhost').expect(404);
    expect(shown.body.error.code).toBe('not_found');
    expect(shown.text).not.toContain(order.number === '' ? 'x' : order.topic!);
    for (const [action, data] of [
      ['assign', { writerId: String(writer.userId) }],
      ['hold', { reason: 'x' }],
      ['cancel', { reason: 'x' }],
    ] as const) {
      const res = await orderAct(adminB, order.id, action, data, 'b.localhost').expect(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const history = await orderGet(adminB, order.id, 'history', '', 'b.localhost').expect(404);
    expect(history.body.history).toBeUndefined();
    expect(await orderOf(order.id)).toMatchObject({ status: 'ready_for_staffing', writerId: null });
  });

  it('a GET on every action changes nothing; built-in edit and delete are refused', async () => {
    const order = await paidOrder(client);
    const before = await OrderEvent.count({ where: { orderId: order.id } });
    for (const action of ['assign', 'hold', 'cancel', 'archive', 'recordPayment', 'attachClient', 'history']) {
      await orderGet(admin, order.id, action).expect(200);
    }
    expect(await OrderEvent.count({ where: { orderId: order.id } })).toBe(before);
    expect(await statusOf(order.id)).toBe('ready_for_staffing');
    const edit = await orderAct(admin, order.id, 'edit', { topic: 'Changed' }).expect(200);
    expect(edit.body.record.baseError.type).toBe('ForbiddenError');
    const del = await orderAct(admin, order.id, 'delete').expect(200);
    expect(del.body.record.baseError.type).toBe('ForbiddenError');
    expect((await orderOf(order.id)).topic).not.toBe('Changed');
  });

  it('the history action gives the price list version, the frozen breakdown and the timeline', async () => {
    const order = await paidOrder(client);
    const res = await orderGet(support, order.id, 'history').expect(200);
    const h = res.body.history;
    expect(h.priceList).toMatchObject({ id: order.priceListId, status: 'active' });
    expect(h.lines.length).toBeGreaterThan(1);
    expect(h.lines[0].code).toBe('base');
    expect(h.totalCents).toBe(order.totalCents);
    expect(h.timeline.map((e: { action: string }) => e.action)).toEqual(['created', 'submit', 'payment_recorded', 'mark_paid']);
  });
});
