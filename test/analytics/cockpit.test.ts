import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail } from '../../src/audit/index.js';
import { orderCockpit, personAuditTimeline } from '../../src/analytics/cockpit/index.js';
import { uploadOrderFile } from '../../src/orders/files/service.js';
import { postMessage } from '../../src/orders/messages/service/post.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { createDraftOrder, submitOrder } from '../../src/orders/service/wizard.js';
import { approveRefund } from '../../src/payments/refunds/service/approve.js';
import { requestRefund } from '../../src/payments/refunds/service/request.js';
import type { Actor } from '../../src/platform/actor.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { pdf } from '../orders/files-fixtures.js';
import { actorFor, completeDetails, newWriter, paidOrder } from '../orders/fixtures.js';

let t: TestApp;
let client: Actor;
let admin: Actor;
let support: Actor;
let adminB: Actor;
let superadmin: Actor;

beforeAll(async () => {
  t = await startTestApp();
  [client, admin, support, adminB, superadmin] = await Promise.all(
    [
      'client@scriptorium.test',
      'admin@scriptorium.test',
      'support@scriptorium.test',
      'admin@b.scriptorium.test',
      'superadmin@scriptorium.test',
    ].map(actorFor),
  );
}, 120_000);
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

/** A paid order with a writer, a file, a held and a visible message. */
async function busyOrder() {
  const order = await paidOrder(client, { topic: 'Cockpit essay on tides' });
  const writer = await newWriter(order.websiteId);
  await assignWriter(admin, order.id, { writerId: writer.userId, autoAccept: true });
  await uploadOrderFile(client, order.id, { category: 'instructions', fileName: 'brief.pdf', bytes: pdf('cockpit') });
  const held = await postMessage(writer, order.id, 'client_writer', 'My draft is at https://docs.example.com/d/1');
  const visible = await postMessage(client, order.id, 'client_support', 'When will it be ready?');
  return { order, writer, held, visible };
}

describe('the order cockpit (orderCockpit)', () => {
  it("shows staff of the order's website everything at once, held messages marked", async () => {
    const { order, writer, held, visible } = await busyOrder();
    const c = await orderCockpit(support, order.id);
    expect(c.order).toMatchObject({ id: order.id, number: order.number, status: 'in_progress' });
    expect(c.people.client).toMatchObject({ id: client.userId });
    expect(c.people.client!.ordersCount).toBeGreaterThanOrEqual(1);
    expect(c.people.writer).toMatchObject({ id: writer.userId, level: expect.any(String), restriction: null });
    expect(c.payments).toEqual([expect.objectContaining({ method: 'wallet', status: 'succeeded', amountCents: order.totalCents })]);
    expect(c.files.map((f) => f.name)).toEqual(['brief.pdf']);
    const byId = new Map(c.messages.items.map((m) => [m.id, m]));
    expect(byId.get(held.id)).toMatchObject({ held: true, status: 'held', threadKind: 'client_writer' });
    expect(byId.get(held.id)!.body).toContain('https://docs.example.com/d/1'); // staff read the original words
    expect(byId.get(visible.id)).toMatchObject({ held: false, status: 'visible', threadKind: 'client_support' });
    expect(c.timeline.map((e) => e.action)).toEqual(expect.arrayContaining(['assign', 'file_uploaded', 'message_held']));
    expect(c.price.lines.length).toBeGreaterThan(0);
    expect(c.deadline.deadline).toBe(order.deadline!.toISOString());
    expect(c.money.writerEarning).toMatchObject({ status: 'estimate', amountCents: expect.any(Number) });
    // Support does not read the audit log.
    expect(c.audit).toBeNull();
  });

  it('refuses an admin of another website (as not found), a client, and reads for a superadmin', async () => {
    const { order } = await busyOrder();
    await expect(orderCockpit(adminB, order.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(orderCockpit(client, order.id)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await orderCockpit(superadmin, order.id)).order.id).toBe(order.id);
  });

  it('gets the money right: balance due before payment, then paid, refunds counted once approved', async () => {
    const draft = await createDraftOrder(client, completeDetails());
    const placed = await submitOrder(client, draft.id);
    const unpaid = await orderCockpit(admin, placed.id);
    expect(unpaid.money).toMatchObject({
      totalCents: placed.totalCents,
      paidCents: 0,
      balanceDueCents: placed.totalCents,
      refundedCents: 0,
    });
    expect(unpaid.payments).toEqual([]);

    const order = await paidOrder(client);
    const refund = await requestRefund(admin, { orderId: order.id, amountCents: 500, destination: 'wallet', reason: 'Goodwill' });
    const pending = await orderCockpit(admin, order.id);
    expect(pending.money).toMatchObject({ paidCents: order.totalCents, balanceDueCents: 0, refundedCents: 0 });
    expect(pending.refunds).toEqual([expect.objectContaining({ id: refund.id, status: 'pending', amountCents: 500 })]);
    await approveRefund(admin, refund.id);
    expect((await orderCockpit(admin, order.id)).money.refundedCents).toBe(500);
  });
});

describe('audit timelines', () => {
  it("an admin reads the order's audit rows (its own and its refund's), newest first, a page at a time", async () => {
    const { order } = await busyOrder();
    const refund = await requestRefund(admin, { orderId: order.id, amountCents: 300, destination: 'wallet', reason: 'Late' });
    const c = await orderCockpit(admin, order.id);
    const rows = c.audit!.items;
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort((a, b) => b - a));
    for (const r of rows)
      expect(['order', 'refund', 'payment', 'order_message', 'order_file', 'fine', 'order_request']).toContain(r.targetType);
    expect(rows.some((r) => r.targetType === 'refund' && r.targetId === String(refund.id))).toBe(true);
    const assigned = rows.find((r) => r.targetType === 'order' && r.targetId === String(order.id) && r.actorUserId === admin.userId)!;
    expect(assigned.actor).toMatchObject({ role: 'admin', registrationId: expect.any(String) });

    const first = await orderCockpit(admin, order.id, { limit: 1 });
    expect(first.audit!.items).toHaveLength(1);
    expect(first.audit!.nextBefore).toBe(first.audit!.items[0]!.id);
    const second = await orderCockpit(admin, order.id, { limit: 1, before: first.audit!.nextBefore });
    expect(second.audit!.items[0]!.id).toBeLessThan(first.audit!.items[0]!.id);
  });

  it("a person's timeline has the rows they did and the rows about them, within the website", async () => {
    await busyOrder();
    const page = await personAuditTimeline(admin, client.userId!, { limit: 100 });
    expect(page.items.length).toBeGreaterThan(0);
    for (const r of page.items) {
      expect(
        r.actorUserId === client.userId ||
          r.impersonatorId === client.userId ||
          (r.targetType === 'user' && r.targetId === String(client.userId)),
      ).toBe(true);
    }
    await expect(personAuditTimeline(adminB, client.userId!)).rejects.toMatchObject({ code: 'not_found' });
    await expect(personAuditTimeline(support, client.userId!)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(auditTrail(adminB, { websiteId: client.websiteId!, actorUserId: client.userId! })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect((await personAuditTimeline(superadmin, client.userId!, { limit: 100 })).items.map((r) => r.id)).toEqual(
      page.items.map((r) => r.id),
    );
  });
});
