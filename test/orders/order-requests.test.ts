import { getSequelize } from '../../src/platform/database.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { User } from '../../src/identity/models.js';
import { Order, OrderEvent, WriterRequest } from '../../src/orders/models.js';
import { approveOrderRequest, declineOrderRequest, OrderRequest, requestsOfOrder } from '../../src/orders/requests/index.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { requestOrder, takeOrder } from '../../src/orders/service/writer-actions.js';
import type { Actor } from '../../src/platform/actor.js';
import { clock } from '../../src/platform/clock.js';
import { AppError } from '../../src/platform/errors.js';
import { readMails } from '../identity/helpers.js';
import { actorFor, newWriter, paidOrder } from './fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * The requests queue's use cases (src/orders/requests): approving a writer's request assigns the
 * order through the assignment use case and closes the other requests as gone elsewhere (their
 * writers emailed), declining closes one with a reason; refusals are typed errors with nothing changed.
 */
type Who = Actor & { userId: number; websiteId: number };
let t: TestApp;
let client: Who;
let admin: Who;
let support: Who;
let adminB: Who;
let superadmin: Actor;
beforeAll(async () => {
  t = await startTestApp();
  client = (await actorFor('client@scriptorium.test')) as Who;
  admin = (await actorFor('admin@scriptorium.test')) as Who;
  support = (await actorFor('support@scriptorium.test')) as Who;
  adminB = (await actorFor('admin@b.scriptorium.test')) as Who;
  superadmin = await actorFor('superadmin@scriptorium.test');
});
afterAll(() => t?.close());

/** A paid order in the pool and `n` fresh writers who each requested it, in order. */
async function requestedBy(n: number) {
  const order = await paidOrder(client);
  const writers: Who[] = [];
  const requests: WriterRequest[] = [];
  for (let i = 0; i < n; i++) {
    const writer = (await newWriter(client.websiteId)) as Who;
    writers.push(writer);
    requests.push(await requestOrder(writer, order.id, `I know this subject (${i + 1})`));
  }
  return { order, writers, requests };
}

const mailsAbout = async (orderNumber: string) => (await readMails(t.dataDir)).filter((m) => m.text.includes(orderNumber));

async function expectRefused(promise: Promise<unknown>, status: number, message?: RegExp): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).status).toBe(status);
  if (message) expect((err as AppError).message).toMatch(message);
  return err as AppError;
}

describe('approving a request', () => {
  it('assigns the order to that writer, closes the others as gone elsewhere and tells those writers', async () => {
    const { order, writers, requests } = await requestedBy(3);
    const [, chosen, other] = writers;

    const approved = await approveOrderRequest(admin, requests[1]!.id);
    expect(approved).toMatchObject({ status: 'accepted', decidedBy: admin.userId });

    expect(await Order.findByPk(order.id)).toMatchObject({ writerId: chosen!.userId, status: 'in_progress' });
    const statuses = await WriterRequest.findAll({ where: { orderId: order.id }, order: [['id', 'ASC']] });
    expect(statuses.map((r) => r.status)).toEqual(['went_elsewhere', 'accepted', 'went_elsewhere']);
    expect(statuses[0]).toMatchObject({ decidedBy: admin.userId, decidedAt: expect.any(Date) });

    // The assignment is the ordinary one: its timeline entry and audit row.
    expect(await OrderEvent.count({ where: { orderId: order.id, action: 'assign' } })).toBe(1);
    expect(await AuditLog.count({ where: { action: 'order.assign', targetId: String(order.id) } })).toBe(1);
    expect(await AuditLog.count({ where: { action: 'order_request.approve', targetId: String(requests[1]!.id) } })).toBe(1);
    expect(await AuditLog.count({ where: { action: 'order_request.went_elsewhere', targetType: 'order_request' } })).toBeGreaterThanOrEqual(
      2,
    );

    // The two others are emailed; the chosen writer is not.
    const mails = await mailsAbout(order.number);
    const emailOf = async (w: Who) => (await User.findByPk(w.userId))!.email;
    expect(mails).toHaveLength(2);
    for (const w of [writers[0]!, other!]) {
      const email = await emailOf(w);
      const mail = mails.find((m) => m.text.includes(email));
      expect(mail?.text).toContain(`Order ${order.number} went to another writer`);
    }
    const chosenEmail = await emailOf(chosen!);
    expect(mails.some((m) => m.text.includes(chosenEmail))).toBe(false);
  });

  it('is a 409 with a clear message when the order is already assigned, and changes nothing', async () => {
    const { order, writers, requests } = await requestedBy(2);
    const elsewhere = await newWriter(client.websiteId);
    await assignWriter(admin, order.id, { writerId: elsewhere.userId, autoAccept: true });
    // An assignment from the order page closes the open requests too.
    expect((await WriterRequest.findByPk(requests[0]!.id))!.status).toBe('went_elsewhere');

    // A request still open on an assigned order (as before this change, or made in a race): refused, nothing changed.
    await WriterRequest.update({ status: 'open', decidedBy: null, decidedAt: null }, { where: { id: requests[0]!.id } });
    const before = await Order.findByPk(order.id);
    const err = await expectRefused(
      approveOrderRequest(admin, requests[0]!.id),
      409,
      new RegExp(`Order ${order.number} is not waiting for a writer`),
    );
    expect(err.details).toMatchObject({ currentStatus: 'in_progress' });
    expect(await Order.findByPk(order.id)).toMatchObject({
      writerId: elsewhere.userId,
      status: before!.status,
      updatedAt: before!.updatedAt,
    });
    expect((await WriterRequest.findByPk(requests[0]!.id))!.status).toBe('open');
    expect(writers).toHaveLength(2);
  });

  it('is a 409 for a request already decided, and for a writer the order may not go to (eligibility), nothing changed', async () => {
    const { order, requests } = await requestedBy(2);
    await declineOrderRequest(admin, requests[0]!.id, 'Not enough experience in history');
    await expectRefused(approveOrderRequest(admin, requests[0]!.id), 409, /closed already \(declined\)/);

    // The second writer has been suspended since asking: the assignment's eligibility refuses, nothing changes.
    await User.update({ status: 'suspended' }, { where: { id: requests[1]!.writerId } });
    await expectRefused(approveOrderRequest(admin, requests[1]!.id), 409);
    expect(await Order.findByPk(order.id)).toMatchObject({ writerId: null, status: 'ready_for_staffing' });
    expect((await WriterRequest.findByPk(requests[1]!.id))!.status).toBe('open');
  });

  it('only admins approve and decline; another website sees no request (404); a superadmin acts across websites', async () => {
    const { order, requests } = await requestedBy(2);
    await expectRefused(approveOrderRequest(support, requests[0]!.id), 403);
    await expectRefused(declineOrderRequest(support, requests[0]!.id, 'no'), 403);
    await expectRefused(approveOrderRequest(adminB, requests[0]!.id), 404);
    await expectRefused(requestsOfOrder(adminB, order.id), 404);
    expect(await Order.findByPk(order.id)).toMatchObject({ writerId: null });

    expect((await requestsOfOrder(support, order.id)).map((r) => r.id)).toEqual(requests.map((r) => r.id));
    await approveOrderRequest(superadmin, requests[1]!.id);
    expect(await Order.findByPk(order.id)).toMatchObject({ writerId: requests[1]!.writerId });
  });

  it('two admins approving two requests of one order at once: one assignment, the other a 409', async () => {
    const { order, requests } = await requestedBy(2);
    const secondAdmin = await actorFor('admin@scriptorium.test');
    const outcomes = await Promise.allSettled([
      approveOrderRequest(admin, requests[0]!.id),
      approveOrderRequest(secondAdmin, requests[1]!.id),
    ]);
    const won = outcomes.findIndex((o) => o.status === 'fulfilled');
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const lost = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(AppError);
    expect((lost.reason as AppError).status).toBe(409);
    expect(await Order.findByPk(order.id)).toMatchObject({ writerId: requests[won]!.writerId, status: 'in_progress' });
    expect(await OrderEvent.count({ where: { orderId: order.id, action: 'assign' } })).toBe(1);
    const statuses = (await WriterRequest.findAll({ where: { orderId: order.id }, order: [['id', 'ASC']] })).map((r) => r.status);
    expect(statuses[won]).toBe('accepted');
    expect(statuses[1 - won]).toBe('went_elsewhere');
    // The same request approved twice at once (a double click): one assignment.
    const again = await requestedBy(1);
    const twice = await Promise.allSettled([
      approveOrderRequest(admin, again.requests[0]!.id),
      approveOrderRequest(admin, again.requests[0]!.id),
    ]);
    expect(twice.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(await OrderEvent.count({ where: { orderId: again.order.id, action: 'assign' } })).toBe(1);
  });

  it('a writer taking the order closes the other requests as gone elsewhere too', async () => {
    const { order, requests } = await requestedBy(1);
    clock.travel(60 * 60_000); // past the preview
    try {
      const taker = await newWriter(client.websiteId);
      await takeOrder(taker, order.id);
    } finally {
      clock.reset();
    }
    expect((await WriterRequest.findByPk(requests[0]!.id))!.status).toBe('went_elsewhere');
    expect((await mailsAbout(order.number)).some((m) => m.text.includes('went to another writer'))).toBe(true);
  });
});

describe('declining a request', () => {
  it('closes it with the reason the writer is told; the order stays in the pool; a reason is required', async () => {
    const { order, requests } = await requestedBy(2);
    const err = await expectRefused(declineOrderRequest(admin, requests[0]!.id, '   '), 400);
    expect(err.fields).toEqual({ reason: 'is required' });

    const declined = await declineOrderRequest(admin, requests[0]!.id, 'Your last three orders were late');
    expect(declined).toMatchObject({ status: 'declined', decisionReason: 'Your last three orders were late', decidedBy: admin.userId });
    expect((await WriterRequest.findByPk(requests[1]!.id))!.status).toBe('open');
    expect(await Order.findByPk(order.id)).toMatchObject({ writerId: null, status: 'ready_for_staffing' });
    const audit = await AuditLog.findOne({ where: { action: 'order_request.declined', targetId: String(requests[0]!.id) } });
    expect(audit?.changes).toMatchObject({ reason: 'Your last three orders were late' });
    const mails = await mailsAbout(order.number);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('was declined: Your last three orders were late');
    await expectRefused(declineOrderRequest(admin, requests[0]!.id, 'again'), 409);
  });
});

describe('the queue read model (order_requests)', () => {
  it("shows each request with its order's website and status and the writer's completed orders and load", async () => {
    const { order, writers, requests } = await requestedBy(1);
    // The writer holds one order already and has completed one.
    const held = await paidOrder(client);
    await assignWriter(admin, held.id, { writerId: writers[0]!.userId, autoAccept: true });
    const done = await paidOrder(client);
    await assignWriter(admin, done.id, { writerId: writers[0]!.userId, autoAccept: true });
    await Order.update({ status: 'completed', completedAt: clock.now() }, { where: { id: done.id } });

    const row = (await OrderRequest.findByPk(requests[0]!.id))!;
    expect(row.toJSON()).toMatchObject({
      websiteId: client.websiteId,
      orderId: order.id,
      writerId: writers[0]!.userId,
      status: 'open',
      orderStatus: 'ready_for_staffing',
      writerCompletedOrders: 1,
      writerActiveOrders: 1,
      // No level given yet: the website's lowest.
      writerLevel: 'Entry',
    });
    // A writer whose profile says Senior shows as Senior.
    await getSequelize().query(
      `INSERT INTO writer_profiles (website_id, writer_id, level_id)
       SELECT $1, $2, id FROM writer_levels WHERE website_id = $1 AND name = 'Senior'
       ON CONFLICT (writer_id) DO UPDATE SET level_id = EXCLUDED.level_id`,
      { bind: [client.websiteId, writers[0]!.userId] },
    );
    expect((await OrderRequest.findByPk(requests[0]!.id))!.writerLevel).toBe('Senior');
    // Staff invitations are not requests: an assignment's invitation does not appear.
    const invited = await paidOrder(client);
    await assignWriter(admin, invited.id, { writerId: writers[0]!.userId });
    expect(await OrderRequest.count({ where: { orderId: invited.id } })).toBe(0);
    expect(await WriterRequest.count({ where: { orderId: invited.id, kind: 'invitation' } })).toBe(1);
  });
});
