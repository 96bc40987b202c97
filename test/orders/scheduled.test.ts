import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/actor.js';
import { clock } from '../../src/platform/clock.js';
import { inTransaction } from '../../src/platform/database.js';
import { Order, OrderEvent, WriterRequest } from '../../src/orders/models.js';
import {
  autoApproveDeliveredOrders,
  expirePreferredWriterInvitations,
  expireUnpaidOrders,
  flagOverdueAndStuckOrders,
  openUnclaimedPreferredOrders,
} from '../../src/orders/service/scheduled.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { createDraftOrder, submitOrder } from '../../src/orders/service/wizard.js';
import { payOrderFromWallet } from '../../src/payments/index.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced, fundWallet } from '../support/ledger.js';
import { actorFor, completeDetails, newWriter, paidOrder } from './fixtures.js';

let t: TestApp;
let client: Actor;
let admin: Actor;
let websiteId: number;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  t = await startTestApp();
  client = await actorFor('client@scriptorium.test');
  admin = await actorFor('admin@scriptorium.test');
  websiteId = client.websiteId!;
});
afterEach(() => clock.reset());
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

describe('scheduled order upkeep (each sweep idempotent)', () => {
  it('returns an unanswered assignment to the pool after 24 h', async () => {
    const writer = await newWriter(websiteId);
    const order = await paidOrder(client);
    await assignWriter(admin, order.id, { writerId: writer.userId });
    expect((await expirePreferredWriterInvitations()).handled).toBe(0);
    clock.travel(25 * HOUR);
    expect((await expirePreferredWriterInvitations()).handled).toBe(1);
    expect(await order.reload()).toMatchObject({ status: 'ready_for_staffing', writerId: null, visibility: 'pool' });
    expect((await WriterRequest.findOne({ where: { orderId: order.id } }))!.status).toBe('expired');
    expect((await expirePreferredWriterInvitations()).handled).toBe(0);
  });

  it('opens a preferred-writer-only order to the pool after the window', async () => {
    const preferred = await newWriter(websiteId);
    const order = await paidOrder(client, { preferredWriterId: preferred.userId });
    expect(order.visibility).toBe('preferred_writer_only');
    clock.travel(25 * HOUR);
    const first = await openUnclaimedPreferredOrders();
    expect(first.handled).toBeGreaterThanOrEqual(1);
    expect((await order.reload()).visibility).toBe('pool');
    expect((await openUnclaimedPreferredOrders()).handled).toBe(0);
  });

  it('approves a delivered order after 14 days, not before', async () => {
    const order = await paidOrder(client);
    await inTransaction(() => order.update({ status: 'submitted', deliveredAt: clock.now() }));
    clock.travel(13 * DAY);
    await autoApproveDeliveredOrders();
    expect((await order.reload()).status).toBe('submitted');
    clock.travel(2 * DAY);
    await autoApproveDeliveredOrders();
    expect(await order.reload()).toMatchObject({ status: 'completed' });
    const event = await OrderEvent.findOne({ where: { orderId: order.id, action: 'approve' } });
    expect(event?.actorRole).toBe('system');
    expect((await autoApproveDeliveredOrders()).handled).toBe(0);
  });

  it('flags overdue and stuck work once', async () => {
    const writer = await newWriter(websiteId);
    const order = await paidOrder(client, { deadline: new Date(clock.now().getTime() + 2 * DAY) });
    await assignWriter(admin, order.id, { writerId: writer.userId, autoAccept: true });
    clock.travel(9 * HOUR);
    let result = await flagOverdueAndStuckOrders();
    expect(result.stuck.handled).toBeGreaterThanOrEqual(1);
    expect((await order.reload()).stuckAt).toBeInstanceOf(Date);
    expect((await order.reload()).overdueAt).toBeNull();
    clock.travel(2 * DAY);
    result = await flagOverdueAndStuckOrders();
    expect((await order.reload()).overdueAt).toBeInstanceOf(Date);
    const again = await flagOverdueAndStuckOrders();
    expect(again.overdue.handled + again.stuck.handled).toBe(0);
    expect(await OrderEvent.count({ where: { orderId: order.id, action: 'flagged_overdue' } })).toBe(1);
  });

  it('cancels drafts and unpaid orders after 14 days, leaving paid and partly paid ones', async () => {
    const draft = await createDraftOrder(client, { topic: 'Forgotten' });
    const unpaid = await submitOrder(client, (await createDraftOrder(client, completeDetails(30))).id);
    const paid = await paidOrder(client, completeDetails(30));
    const partly = await submitOrder(client, (await createDraftOrder(client, completeDetails(30))).id);
    await fundWallet(websiteId, partly.clientId!, 100);
    await payOrderFromWallet(client, partly.id, { amountCents: 100 });
    clock.travel(15 * DAY);
    await expireUnpaidOrders();
    expect((await draft.reload()).status).toBe('cancelled');
    expect((await unpaid.reload()).status).toBe('cancelled');
    expect((await paid.reload()).status).toBe('ready_for_staffing');
    expect(await partly.reload()).toMatchObject({ status: 'pending_payment', paidCents: 100 });
    expect((await expireUnpaidOrders()).handled).toBe(0);
  });

  it('runs two sweeps at once without doing anything twice', async () => {
    const orders = await Promise.all([1, 2, 3].map(() => createDraftOrder(client, { topic: 'Parallel' })));
    clock.travel(15 * DAY);
    const [a, b] = await Promise.all([expireUnpaidOrders(), expireUnpaidOrders()]);
    expect(a.handled + b.handled).toBeGreaterThanOrEqual(3);
    for (const order of orders) {
      expect(await OrderEvent.count({ where: { orderId: order.id, action: 'cancel' } })).toBe(1);
    }
    expect(await Order.count({ where: { id: orders.map((o) => o.id), status: 'cancelled' } })).toBe(3);
  });
});
