import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/actor.js';
import { clock } from '../../src/platform/clock.js';
import { inTransaction } from '../../src/platform/database.js';
import { Order, OrderEvent } from '../../src/orders/models.js';
import {
  approveOrder,
  cancelAsClient,
  openDispute,
  previewCancellation,
  requestRevision,
  setWriterPreference,
} from '../../src/orders/service/client-actions.js';
import {
  archiveOrder,
  assignWriter,
  attachClient,
  cancelOrder,
  holdOrder,
  keepOrder,
  reassignWriter,
  releaseOrder,
  resolveDispute,
  runBulk,
  unassignWriter,
} from '../../src/orders/service/staff-actions.js';
import { cancellationPreview } from '../../src/orders/service/staff-queries.js';
import { createDraftOrder } from '../../src/orders/service/wizard.js';
import { Refund } from '../../src/payments/refunds/models.js';
import { login } from '../identity/helpers.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { escrowOf, expectLedgerBalanced, revenueOf, walletOf } from '../support/ledger.js';
import { actorFor, completeDetails, newWriter, paidOrder } from './fixtures.js';

let t: TestApp;
let client: Actor & { userId: number; websiteId: number };
let admin: Actor;
let adminB: Actor;
let support: Actor;
let websiteId: number;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  t = await startTestApp();
  client = (await actorFor('client@scriptorium.test')) as typeof client;
  admin = await actorFor('admin@scriptorium.test');
  adminB = await actorFor('admin@b.scriptorium.test');
  support = await actorFor('support@scriptorium.test');
  websiteId = client.websiteId;
});
afterEach(() => clock.reset());
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

/** An order in progress with a fresh writer. */
async function inProgress(details = {}) {
  const writer = await newWriter(websiteId);
  const order = await paidOrder(client, details);
  await assignWriter(admin, order.id, { writerId: writer.userId, autoAccept: true });
  return { order: await order.reload(), writer };
}

/** Delivery comes with final files (files area); here the order is moved there directly. */
async function delivered(deliveredAt = clock.now()) {
  const { order, writer } = await inProgress();
  await inTransaction(() => order.update({ status: 'submitted', deliveredAt }));
  return { order, writer };
}

describe('client decisions', () => {
  it('approves a delivered order, then nothing more can happen to it but archiving', async () => {
    const { order } = await delivered();
    expect(await approveOrder(client, order.id)).toMatchObject({ status: 'completed' });
    await expect(openDispute(client, order.id, 'Too late now')).rejects.toMatchObject({
      code: 'conflict',
      details: { currentStatus: 'completed' },
    });
    await expect(cancelAsClient(client, order.id, 'Changed my mind')).rejects.toMatchObject({ code: 'conflict' });
    expect(await archiveOrder(admin, order.id)).toMatchObject({ status: 'archived' });
  });

  it('grants a free revision within 14 days and sets the writer a new deadline', async () => {
    const { order } = await delivered();
    const deadline = new Date(clock.now().getTime() + 2 * DAY);
    const { order: revised, revision } = await requestRevision(client, order.id, {
      instructions: 'Please expand section two.',
      deadline,
      instructionsChanged: false,
    });
    expect(revision).toMatchObject({ status: 'started', chargeCents: 0 });
    expect(revised).toMatchObject({ status: 'revision_requested' });
    expect(revised.writerDeadline!.getTime()).toBe(deadline.getTime());
    const event = await OrderEvent.findOne({ where: { orderId: order.id, action: 'request_revision' } });
    expect(event?.note).toBe('Please expand section two.');
  });

  it('prices a late revision at half the order and keeps it waiting for payment; refuses a rushed one', async () => {
    const { order } = await delivered(new Date(clock.now().getTime() - 15 * DAY));
    const deadline = new Date(clock.now().getTime() + 2 * DAY);
    const { revision, order: waiting } = await requestRevision(client, order.id, {
      instructions: 'Another pass please',
      deadline,
      instructionsChanged: false,
    });
    expect(revision).toMatchObject({ status: 'awaiting_payment', chargeCents: Math.floor((order.totalCents! + 1) / 2) });
    expect(waiting.status).toBe('submitted');
    const { order: fresh } = await delivered();
    await expect(
      requestRevision(client, fresh.id, {
        instructions: 'Quick fix please',
        deadline: new Date(clock.now().getTime() + 3 * HOUR),
        instructionsChanged: false,
      }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      fields: { deadline: 'A revision needs at least 24 hours for the writer' },
    });
    expect((await fresh.reload()).status).toBe('submitted');
  });

  it('cancels an unpaid order at once and turns a paid one into a request with the forfeiture shown', async () => {
    const draft = await createDraftOrder(client, completeDetails());
    expect(await cancelAsClient(client, draft.id, 'Found another way')).toMatchObject({ status: 'cancelled' });

    const { order } = await inProgress({ deadline: new Date(clock.now().getTime() + 2 * DAY) });
    const preview = await previewCancellation(client, order.id);
    expect(preview).toMatchObject({ immediate: false, shareBp: 4_000 });
    expect(preview.forfeitCents + preview.refundCents).toBe(order.paidCents);
    expect(await cancelAsClient(client, order.id, 'No longer needed')).toMatchObject({
      status: 'pending_cancellation',
      previousStatus: 'in_progress',
    });
    expect(await escrowOf(order)).toBe(order.totalCents);
    const [walletBefore, revenueBefore] = [await walletOf(client), await revenueOf(websiteId)];

    const cancelled = await cancelOrder(admin, order.id, { reason: 'Client request approved' });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.cancellationDecision).toMatchObject({
      outcome: 'cancelled',
      refundCents: preview.refundCents,
      forfeitCents: preview.forfeitCents,
    });
    // RULES.md "Ledger postings": the forfeit to platform revenue, the rest to the wallet, the escrow emptied.
    expect(await walletOf(client)).toBe(walletBefore + preview.refundCents);
    expect(await revenueOf(websiteId)).toBe(revenueBefore + preview.forfeitCents);
    expect(await escrowOf(order)).toBe(0);
    expect(await Refund.findAll({ where: { orderId: order.id } })).toEqual([
      expect.objectContaining({ source: 'cancellation', destination: 'wallet', status: 'processed', amountCents: preview.refundCents }),
    ]);
  });

  it.each([
    ['no writer yet', false, 5 * 24, 0],
    ['more than 7 days left', true, 8 * 24, 0],
    ['3 to 7 days left', true, 5 * 24, 2_000],
    ['1 to 3 days left', true, 36, 4_000],
    ['under 24 hours left', true, 12, 8_000],
  ] as const)(
    'settles a cancellation by the forfeiture table (%s): the forfeit to revenue, the rest to the wallet',
    async (_, assigned, hoursLeft, shareBp) => {
      const order = assigned ? (await inProgress()).order : await paidOrder(client);
      clock.travel(order.deadline!.getTime() - clock.now().getTime() - hoursLeft * HOUR);
      await cancelAsClient(client, order.id, 'Plans changed');
      const [walletBefore, revenueBefore] = [await walletOf(client), await revenueOf(websiteId)];
      const forfeit = Math.floor((order.totalCents! * shareBp + 5_000) / 10_000); // half-up, as money.ts rounds
      expect((await cancelOrder(admin, order.id, { reason: 'As the table says' })).cancellationDecision).toMatchObject({
        forfeitCents: forfeit,
        refundCents: order.totalCents! - forfeit,
      });
      expect(await revenueOf(websiteId)).toBe(revenueBefore + forfeit);
      expect(await walletOf(client)).toBe(walletBefore + order.totalCents! - forfeit);
      expect(await escrowOf(order)).toBe(0);
    },
  );

  it('decides a request on the share the client was shown when asking, not the worse band of the decision day', async () => {
    const order = (await inProgress()).order;
    clock.travel(order.deadline!.getTime() - clock.now().getTime() - 8 * DAY); // more than 7 days left: 0 %
    expect(await previewCancellation(client, order.id)).toMatchObject({ shareBp: 0 });
    await cancelAsClient(client, order.id, 'Plans changed');
    clock.travel(2 * DAY); // staff decide with 6 days left, in the 20 % band
    expect(await cancellationPreview(admin, order.id)).toMatchObject({ shareBp: 0, forfeitCents: 0, refundCents: order.paidCents });
    const walletBefore = await walletOf(client);
    expect((await cancelOrder(admin, order.id, { reason: 'As asked' })).cancellationDecision).toMatchObject({
      forfeitCents: 0,
      refundCents: order.paidCents,
    });
    expect(await walletOf(client)).toBe(walletBefore + order.paidCents);
    expect(await escrowOf(order)).toBe(0);
  });

  it('lets staff refuse a cancellation request, returning the order to where it was', async () => {
    const { order } = await inProgress();
    await cancelAsClient(client, order.id, 'Second thoughts');
    const kept = await keepOrder(admin, order.id, 'Work is nearly done');
    expect(kept).toMatchObject({ status: 'in_progress', previousStatus: null, cancellationDecision: { outcome: 'kept' } });
  });

  it('lets staff override the refund within what was paid, and no further', async () => {
    const { order } = await inProgress();
    await cancelAsClient(client, order.id, 'Please cancel');
    await expect(cancelOrder(admin, order.id, { reason: 'Goodwill', refundCents: order.paidCents + 1 })).rejects.toMatchObject({
      fields: { refundCents: expect.any(String) },
    });
    const [walletBefore, revenueBefore] = [await walletOf(client), await revenueOf(websiteId)];
    expect((await cancelOrder(admin, order.id, { reason: 'Goodwill', refundCents: order.paidCents })).cancellationDecision).toMatchObject({
      refundCents: order.paidCents,
      forfeitCents: 0,
    });
    expect(await walletOf(client)).toBe(walletBefore + order.totalCents!);
    expect(await revenueOf(websiteId)).toBe(revenueBefore);
    expect(await escrowOf(order)).toBe(0);
  });
});

describe('disputes, holds and reassignment', () => {
  it('resolves a dispute by sending the work back, and records who decided', async () => {
    const { order } = await delivered();
    await openDispute(client, order.id, 'The paper misses the brief');
    const resolved = await resolveDispute(admin, order.id, { outcome: 'in_progress', note: 'Writer to redo section 3' });
    expect(resolved.status).toBe('in_progress');
  });

  it('holds any open order and releases it to where it was', async () => {
    const { order } = await inProgress();
    expect(await holdOrder(admin, order.id, 'Payment check')).toMatchObject({ status: 'on_hold', previousStatus: 'in_progress' });
    await expect(holdOrder(admin, order.id, 'again')).rejects.toMatchObject({ code: 'conflict', details: { currentStatus: 'on_hold' } });
    expect(await releaseOrder(admin, order.id, null)).toMatchObject({ status: 'in_progress', previousStatus: null });
  });

  it('reassigns and unassigns, and refuses a writer the client blocked', async () => {
    const { order, writer } = await inProgress();
    const next = await newWriter(websiteId);
    const moved = await reassignWriter(admin, order.id, { writerId: next.userId, reason: 'Faster writer', autoAccept: true });
    expect(moved).toMatchObject({ status: 'in_progress', writerId: next.userId });
    await setWriterPreference(client, writer.userId, 'blocked');
    await unassignWriter(admin, order.id, 'Rethink');
    await expect(assignWriter(admin, order.id, { writerId: writer.userId })).rejects.toMatchObject({
      code: 'conflict',
      details: { reason: 'blocked_by_client' },
    });
    expect((await order.reload()).status).toBe('ready_for_staffing');
  });

  it('attaches an unattributed order to a client of the same website only', async () => {
    const order = await createDraftOrder(admin, completeDetails());
    const clientB = await actorFor('client@b.scriptorium.test');
    await expect(attachClient(admin, order.id, clientB.userId!)).rejects.toMatchObject({
      fields: { clientId: 'is not a client of this website' },
    });
    expect(await attachClient(admin, order.id, client.userId)).toMatchObject({ clientId: client.userId });
    await expect(attachClient(admin, order.id, client.userId)).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('rights', () => {
  it("keeps support and other websites' admins out, and clients out of staff actions", async () => {
    const { order } = await inProgress();
    await expect(holdOrder(support, order.id, 'x')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(holdOrder(adminB, order.id, 'x')).rejects.toMatchObject({ code: 'not_found' });
    await expect(holdOrder(client, order.id, 'x')).rejects.toMatchObject({ code: 'forbidden' });
    expect((await order.reload()).status).toBe('in_progress');
  });
});

describe('bulk actions', () => {
  it('reports a result per order: some succeed, others say why', async () => {
    const a = await paidOrder(client);
    const b = await paidOrder(client);
    const draft = await createDraftOrder(client, completeDetails());
    const results = await runBulk([a.id, b.id, draft.id, 999_999_999], (id) => holdOrder(admin, id, 'Bulk hold'));
    expect(results).toEqual([
      { id: a.id, ok: true, status: 'on_hold' },
      { id: b.id, ok: true, status: 'on_hold' },
      { id: draft.id, ok: false, error: { code: 'conflict', message: 'Cannot hold an order that is draft' } },
      { id: 999_999_999, ok: false, error: { code: 'not_found', message: 'Order not found' } },
    ]);
  });
});

describe('client actions over HTTP', () => {
  it('shows the forfeiture before cancelling and favourites a writer', async () => {
    const { order, writer } = await inProgress({ deadline: new Date(clock.now().getTime() + 10 * DAY) });
    const { accessToken } = await login(t.app, 'client@scriptorium.test');
    const auth = { Authorization: `Bearer ${accessToken}`, Host: 'localhost' };
    const preview = await request(t.app).get(`/api/v1/orders/${order.id}/cancellation`).set(auth).expect(200);
    expect(preview.body).toMatchObject({ immediate: false, shareBp: 0, forfeitCents: 0, refundCents: order.paidCents });
    await request(t.app).post(`/api/v1/orders/${order.id}/cancel`).set(auth).send({}).expect(400);
    const asked = await request(t.app).post(`/api/v1/orders/${order.id}/cancel`).set(auth).send({ reason: 'Not needed' }).expect(200);
    expect(asked.body.status).toBe('pending_cancellation');
    await request(t.app).put(`/api/v1/orders/writers/${writer.userId}/preference`).set(auth).send({ kind: 'favourite' }).expect(204);
    const prefs = await request(t.app).get('/api/v1/orders/writers/preferences').set(auth).expect(200);
    expect(prefs.body.items).toContainEqual(
      expect.objectContaining({ writerId: writer.userId, kind: 'favourite', registrationId: expect.stringMatching(/^WR-/) }),
    );
    expect(await Order.count({ where: { id: order.id, status: 'pending_cancellation' } })).toBe(1);
  });
});
