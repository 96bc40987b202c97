import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Notification } from '../../src/notifications/models.js';
import type { Order } from '../../src/orders/models.js';
import { approveOrder } from '../../src/orders/service/client-actions.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { createDraftOrder, submitOrder } from '../../src/orders/service/wizard.js';
import { approveManualPayment, recordManualPayment } from '../../src/payments/index.js';
import { approveRefund, rejectRefund, requestRefund } from '../../src/payments/refunds/index.js';
import type { Actor } from '../../src/platform/actor.js';
import { clock } from '../../src/platform/clock.js';
import { inTransaction, sql } from '../../src/platform/database.js';
import { dispatchOutbox } from '../../src/platform/outbox.js';
import { approveReview, rejectReview, reviewOrder } from '../../src/reviews/index.js';
import { escalateTicket, openTicket, postCustomerMessage, replyToTicket } from '../../src/support/index.js';
import { matureEarnings } from '../../src/writers/index.js';
import { appealFine, decideAppeal, issueFine } from '../../src/writers/fines/index.js';
import { setWriterLevel } from '../../src/writers/levels/index.js';
import { WriterEarning } from '../../src/writers/models.js';
import { buildDuePayouts, markPayoutPaid, Payout } from '../../src/writers/payouts/index.js';
import { actorFor, completeDetails, newClient, newWriter, paidOrder } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * The other areas' events become notifications through the real services: each reaches the person
 * it concerns — never the one who acted — with a link on the event's website, after the outbox is
 * dispatched; a rolled-back change notifies nobody.
 */
type Who = Actor & { userId: number; websiteId: number };

let t: TestApp;
let admin: Who;
let support: Who;
beforeAll(async () => {
  t = await startTestApp();
  admin = (await actorFor('admin@scriptorium.test')) as Who;
  support = (await actorFor('support@scriptorium.test')) as Who;
  // Whatever the seed left is handed over first, so what follows is this file's.
  await dispatchOutbox();
});
afterAll(() => t?.close());
afterEach(() => clock.reset());

/** The notifications of `user` newer than `after`, as kind/title/link, after a dispatch of the outbox. */
async function newNotices(user: { userId: number }, after = 0) {
  expect((await dispatchOutbox()).failed).toBe(0);
  const rows = await Notification.findAll({ where: { userId: user.userId }, order: [['id', 'ASC']] });
  return rows
    .filter((n) => n.id > after)
    .map((n) => ({ kind: n.kind, title: n.title, link: n.link, data: n.data, websiteId: n.websiteId }));
}
/** Where "new" starts: everything recorded so far is dispatched first. */
async function lastId(): Promise<number> {
  await dispatchOutbox();
  return Number((await Notification.max('id')) ?? 0);
}

async function placedOrder(client: Who): Promise<Order> {
  const draft = await createDraftOrder(client, { ...completeDetails(), topic: 'Events fixture order' });
  return submitOrder(client, draft.id);
}

async function orderWithWriter(client: Who, writer: Who): Promise<Order> {
  const order = await paidOrder(client, { pages: 2 });
  await assignWriter(admin, order.id, { writerId: writer.userId, autoAccept: true });
  return order.reload();
}

describe('notifications of the other areas’ events', () => {
  it('payment confirmed: the client hears of an offline payment an admin approved, not of paying from their own wallet', async () => {
    const client = (await newClient(admin.websiteId)) as Who;
    const mark = await lastId();
    const order = await placedOrder(client);
    const payment = await recordManualPayment(admin, { orderId: order.id, amountCents: order.totalCents!, reference: 'Bank transfer 77' });
    await approveManualPayment(admin, payment.id);
    const notices = await newNotices(client, mark);
    expect(notices).toContainEqual(
      expect.objectContaining({ kind: 'payment.confirmed', link: `/payments/${payment.id}`, websiteId: admin.websiteId }),
    );
    const confirmed = notices.find((n) => n.kind === 'payment.confirmed')!;
    expect(confirmed.title).toContain(order.number);
    expect(confirmed.title).toContain(`$${(order.totalCents! / 100).toFixed(2)}`);
    expect(confirmed.data).toMatchObject({ paymentId: payment.id, orderId: order.id });
    expect((await newNotices(admin, mark)).map((n) => n.kind)).not.toContain('payment.confirmed');

    // Paying from the wallet is the client's own act: no notice of it.
    const before = await lastId();
    await paidOrder(client, { pages: 1 });
    expect((await newNotices(client, before)).map((n) => n.kind)).not.toContain('payment.confirmed');
  });

  it('refund decided: the client learns of the approval and of the rejection; the deciding admin of neither', async () => {
    const client = (await newClient(admin.websiteId)) as Who;
    const order = await paidOrder(client, { pages: 2 });
    const mark = await lastId();
    const first = await requestRefund(support, { orderId: order.id, amountCents: 500, destination: 'wallet', reason: 'Goodwill' });
    await approveRefund(admin, first.id);
    const second = await requestRefund(support, { orderId: order.id, amountCents: 700, destination: 'wallet', reason: 'Asked again' });
    await rejectRefund(admin, second.id, 'Already refunded once');
    const notices = await newNotices(client, mark);
    expect(notices.map((n) => n.kind)).toEqual(['refund.approved', 'refund.rejected']);
    expect(notices[0]).toMatchObject({ link: `/orders/${order.id}/refunds` });
    expect(notices[0]!.title).toContain('$5.00');
    expect(notices[1]!.title).toContain('$7.00');
    expect(notices[1]!.title).toContain('declined');
    const staff = [...(await newNotices(admin, mark)), ...(await newNotices(support, mark))].map((n) => n.kind);
    expect(staff.filter((k) => k.startsWith('refund.'))).toEqual([]);
  });

  it('fines: the writer hears of the fine and of the decision on the appeal, the issuer of the appeal', async () => {
    const client = (await newClient(admin.websiteId)) as Who;
    const writer = (await newWriter(admin.websiteId)) as Who;
    const order = await orderWithWriter(client, writer);
    const mark = await lastId();
    const fine = await issueFine(support, { orderId: order.id, typeCode: 'quality', reason: 'Sources missing' });
    expect(await newNotices(writer, mark)).toEqual([
      expect.objectContaining({
        kind: 'fine.issued',
        link: `/writer/fines/${fine.id}`,
        data: expect.objectContaining({ fineId: fine.id }),
      }),
    ]);
    expect((await newNotices(writer, mark))[0]!.title).toContain(order.number);

    const afterIssue = await lastId();
    await appealFine(writer, fine.id, 'The sources are in the appendix');
    expect(await newNotices(writer, afterIssue)).toEqual([]);
    expect(await newNotices(support, afterIssue)).toEqual([
      expect.objectContaining({ kind: 'fine.appealed', link: `/admin/resources/fines/records/${fine.id}/show` }),
    ]);

    const afterAppeal = await lastId();
    await decideAppeal(admin, fine.id, 'accept', 'The appendix has them');
    const decided = await newNotices(writer, afterAppeal);
    expect(decided).toEqual([expect.objectContaining({ kind: 'fine.appeal_decided', link: `/writer/fines/${fine.id}` })]);
    expect(decided[0]!.title).toContain('accepted');
    expect((await newNotices(admin, afterAppeal)).map((n) => n.kind)).not.toContain('fine.appeal_decided');
    // The client of the order hears nothing of the writer's fine.
    expect((await newNotices(client, mark)).filter((n) => n.kind.startsWith('fine.'))).toEqual([]);
  });

  it('payout paid, review moderated, level changed: the writer and the review’s author hear of them, the admin does not', async () => {
    const client = (await newClient(admin.websiteId)) as Who;
    const writer = (await newWriter(admin.websiteId)) as Who;
    const order = await orderWithWriter(client, writer);
    await inTransaction(() => order.reload().then((o) => o.update({ status: 'submitted', deliveredAt: clock.now() })));
    await approveOrder(client, order.id);
    const earning = (await WriterEarning.findOne({ where: { orderId: order.id } }))!;
    await matureEarnings(earning.maturesAt);
    await buildDuePayouts(new Date(Date.now() + 90 * 86_400_000));
    const payout = (await Payout.findOne({ where: { writerId: writer.userId, status: 'pending' } }))!;
    const mark = await lastId();
    await markPayoutPaid(admin, payout.id, { reference: 'BANK-EVENTS-1', method: 'bank_transfer' });
    const paid = await newNotices(writer, mark);
    expect(paid).toEqual([expect.objectContaining({ kind: 'payout.paid', link: `/writer/payouts/${payout.id}` })]);
    expect(paid[0]!.title).toContain(`$${(payout.totalCents / 100).toFixed(2)}`);

    // Reviews: the client's review of the order approved, of the writer rejected.
    const afterPayout = await lastId();
    const ofOrder = await reviewOrder(client, order.id, { target: 'order', rating: 5, text: 'Very good work, on time.' });
    const ofWriter = await reviewOrder(client, order.id, { target: 'writer', rating: 1, text: 'Not my style at all.' });
    await approveReview(support, ofOrder.id);
    await rejectReview(support, ofWriter.id, 'Not about the work');
    expect((await newNotices(client, afterPayout)).filter((n) => n.kind.startsWith('review.'))).toEqual([
      expect.objectContaining({ kind: 'review.approved', link: '/reviews/mine', data: expect.objectContaining({ reviewId: ofOrder.id }) }),
      expect.objectContaining({ kind: 'review.rejected', data: expect.objectContaining({ reviewId: ofWriter.id }) }),
    ]);
    expect((await newNotices(support, afterPayout)).filter((n) => n.kind.startsWith('review.'))).toEqual([]);

    // The level: set by an admin.
    const afterReviews = await lastId();
    await setWriterLevel(admin, writer.userId, { level: 'standard', reason: 'Proven elsewhere' });
    const level = await newNotices(writer, afterReviews);
    expect(level).toEqual([expect.objectContaining({ kind: 'writer.level_changed', link: '/writer/profile' })]);
    expect(level[0]!.title).toBe('You were promoted to Standard');
    expect(await newNotices(admin, afterReviews)).toEqual([]);
  });

  it('tickets: a staff reply reaches the customer, the customer’s reply the agent; an escalation the admins, not the one who escalated', async () => {
    const client = (await newClient(admin.websiteId)) as Who;
    const opened = await openTicket(client, { subject: 'Where is my order?', body: 'It is late.', category: 'order', priority: 'normal' });
    const ticketId = opened.id;
    const mark = await lastId();
    await replyToTicket(support, ticketId, { body: 'Internal: check with the writer', internal: true });
    expect(await newNotices(client, mark)).toEqual([]);
    await replyToTicket(support, ticketId, { body: 'We are on it.' });
    expect(await newNotices(client, mark)).toEqual([
      expect.objectContaining({
        kind: 'ticket.replied',
        link: `/support/tickets/${ticketId}`,
        data: expect.objectContaining({ ticketId }),
      }),
    ]);
    expect(await newNotices(support, mark)).toEqual([]);

    const afterReply = await lastId();
    await postCustomerMessage(client, ticketId, 'Thank you, any news?');
    // The public reply gave the ticket to the agent who answered: they hear of the customer's reply.
    expect(await newNotices(support, afterReply)).toEqual([
      expect.objectContaining({ kind: 'ticket.replied', link: `/admin/resources/tickets/records/${ticketId}/show` }),
    ]);
    expect(await newNotices(client, afterReply)).toEqual([]);

    const afterCustomer = await lastId();
    await escalateTicket(support, ticketId, 'Needs a refund decision');
    expect(await newNotices(admin, afterCustomer)).toEqual([expect.objectContaining({ kind: 'ticket.escalated' })]);
    expect(await newNotices(support, afterCustomer)).toEqual([]);
    expect(await newNotices(client, afterCustomer)).toEqual([]);
  });

  it('a rolled-back change notifies nobody', async () => {
    const client = (await newClient(admin.websiteId)) as Who;
    const writer = (await newWriter(admin.websiteId)) as Who;
    const order = await orderWithWriter(client, writer);
    await dispatchOutbox();
    const before = await Notification.count();
    const deliveries = async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM notification_deliveries`, []))[0]!.n;
    const deliveriesBefore = await deliveries();
    await expect(
      inTransaction(async () => {
        await issueFine(admin, { orderId: order.id, typeCode: 'quality', reason: 'Rolled back' });
        await setWriterLevel(admin, writer.userId, { level: 'senior', reason: 'Rolled back' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await dispatchOutbox();
    expect(await Notification.count()).toBe(before);
    expect(await deliveries()).toBe(deliveriesBefore);
  });
});
