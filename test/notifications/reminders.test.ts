import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Notification } from '../../src/notifications/models.js';
import { sendDueReminders } from '../../src/notifications/reminders/index.js';
import { deliverNotifications } from '../../src/notifications/service/deliver.js';
import { changeDeadline } from '../../src/orders/deadlines/service.js';
import { Order } from '../../src/orders/models.js';
import { approveOrder, cancelAsClient } from '../../src/orders/service/client-actions.js';
import { assignWriter, cancelOrder, reassignWriter } from '../../src/orders/service/staff-actions.js';
import { qualifyForAllSubjects } from '../../src/orders/qualifications/service.js';
import { sendPaymentReminders } from '../../src/payments/index.js';
import type { Actor } from '../../src/platform/actor.js';
import { clock } from '../../src/platform/clock.js';
import { inTransaction, sql } from '../../src/platform/database.js';
import { dispatchOutbox } from '../../src/platform/outbox.js';
import { reviewOrder } from '../../src/reviews/index.js';
import { makeUser, PASSWORD } from '../admin/helpers.js';
import { HOST_A, login } from '../identity/helpers.js';
import { actorFor, paidOrder } from '../orders/fixtures.js';
import { unpaidOrder } from '../payments/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { defineJobs, scheduleJobs } from '../../jobs/index.js';
import { JobCatalog } from '../../jobs/registry.js';

/**
 * Reminders on the notifications machinery, with the clock driven: a writer hears of the writer
 * deadline 24 h and 6 h before it, once each, and again after the deadline moves; never for an
 * order completed or cancelled; a client is asked once for a review a day after completion, unless
 * they reviewed; a payment reminder also reaches the client in the app. Every notice is read back
 * through GET /api/v1/notifications.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MINUTE = 60_000;

let t: TestApp;
let admin: Actor;
let websiteId: number;

type Person = Actor & { userId: number; email: string };

async function person(role: 'client' | 'writer'): Promise<Person> {
  const user = await makeUser({ websiteId, role });
  if (role === 'writer') await qualifyForAllSubjects(user.id, websiteId);
  return { userId: user.id, role, websiteId, email: user.email };
}

/** Reminders run and the outbox is handed over, as the jobs do. */
async function runReminders(): Promise<void> {
  await sendDueReminders();
  expect((await dispatchOutbox()).failed).toBe(0);
}

/** Moves the clock to `ms` before `moment` (the clock only goes forward here). */
function travelTo(moment: Date, before: number): void {
  const target = moment.getTime() - before;
  expect(target).toBeGreaterThan(clock.now().getTime());
  clock.travel(target - clock.now().getTime());
}

/** The user's reminder notices about one order, through the API (signed in now: tokens follow the clock). */
async function remindersOf(
  user: Person,
  kind: string,
  orderId: number,
): Promise<Array<{ title: string; link: string; data: Record<string, unknown> }>> {
  const { accessToken } = await login(t.app, user.email, { password: PASSWORD });
  const res = await request(t.app).get('/api/v1/notifications?limit=100').set('Host', HOST_A).set('Authorization', `Bearer ${accessToken}`);
  expect(res.status).toBe(200);
  const items = res.body.items as Array<{ kind: string; title: string; link: string; data: Record<string, unknown> }>;
  return items.filter((n) => n.kind === kind && n.data.orderId === orderId).reverse();
}

/** The emails written for `to` (no SMTP in tests: each is an .eml file under DATA_DIR/mail). */
async function mailsTo(to: string): Promise<string[]> {
  const dir = path.join(t.dataDir, 'mail');
  const safe = to.replace(/[^a-z0-9@._-]/gi, '_');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(`-${safe}.eml`)) : [];
  return files.map((f) => readFileSync(path.join(dir, f), 'utf8').replace(/=\r?\n/g, ''));
}

async function inProgressOrder(client: Person, writer: Person, deadlineDays: number): Promise<Order> {
  const order = await paidOrder(client, { pages: 1, deadline: new Date(clock.now().getTime() + deadlineDays * DAY) });
  await assignWriter(admin, order.id, { writerId: writer.userId, autoAccept: true });
  return (await Order.findByPk(order.id))!;
}

/** Completes an order through the client's approval (delivery needs files: the status is set as the orders tests do). */
async function completedOrder(client: Person, writer: Person): Promise<Order> {
  const order = await inProgressOrder(client, writer, 5);
  await inTransaction(() => order.update({ status: 'submitted', deliveredAt: clock.now() }));
  return approveOrder(client, order.id);
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await actorFor('admin@scriptorium.test');
  websiteId = admin.websiteId!;
});
beforeEach(() => clock.reset());
afterAll(async () => {
  clock.reset();
  await t?.close();
});

describe('deadline reminders', () => {
  it('reach the writer 24 h and 6 h before the writer deadline, once each, and again when the deadline moves', async () => {
    const client = await person('client');
    const writer = await person('writer');
    const order = await inProgressOrder(client, writer, 5);
    const deadline = order.writerDeadline!;

    await runReminders();
    expect(await remindersOf(writer, 'reminder.deadline', order.id)).toEqual([]);

    // Just before the 24 h mark: nothing yet; just after it: one reminder, however often the job runs.
    travelTo(deadline, 24 * HOUR + MINUTE);
    await runReminders();
    expect(await remindersOf(writer, 'reminder.deadline', order.id)).toEqual([]);
    clock.travel(2 * MINUTE);
    await runReminders();
    await runReminders();
    const first = await remindersOf(writer, 'reminder.deadline', order.id);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      title: `Order ${order.number} is due in 24 hours`,
      link: `/writer/orders/${order.id}`,
      data: { orderId: order.id, reminder: 'deadline_24h', dueAt: deadline.toISOString() },
    });
    // The client hears nothing of the writer's deadline.
    expect(await remindersOf(client, 'reminder.deadline', order.id)).toEqual([]);

    travelTo(deadline, 6 * HOUR - MINUTE);
    await runReminders();
    await runReminders();
    expect((await remindersOf(writer, 'reminder.deadline', order.id)).map((n) => n.data.reminder)).toEqual(['deadline_24h', 'deadline_6h']);

    // The client extends the deadline: the new writer deadline is reminded of again, 24 h and 6 h before.
    await changeDeadline(client, order.id, new Date(clock.now().getTime() + 4 * DAY));
    const moved = (await Order.findByPk(order.id))!.writerDeadline!;
    expect(moved.getTime()).toBeGreaterThan(deadline.getTime() + DAY);
    await runReminders();
    expect(await remindersOf(writer, 'reminder.deadline', order.id)).toHaveLength(2);
    travelTo(moved, 24 * HOUR - MINUTE);
    await runReminders();
    travelTo(moved, 6 * HOUR - MINUTE);
    await runReminders();
    await runReminders();
    const all = await remindersOf(writer, 'reminder.deadline', order.id);
    expect(all.map((n) => [n.data.reminder, n.data.dueAt])).toEqual([
      ['deadline_24h', deadline.toISOString()],
      ['deadline_6h', deadline.toISOString()],
      ['deadline_24h', moved.toISOString()],
      ['deadline_6h', moved.toISOString()],
    ]);
    // One claim per reminder, whatever the number of runs.
    const claims = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM notification_reminders WHERE order_id = $1`, [order.id]);
    expect(claims[0]!.n).toBe(4);
  });

  it('an order taken with less than 6 h left gets only the 6 h reminder', async () => {
    const client = await person('client');
    const writer = await person('writer');
    const order = await inProgressOrder(client, writer, 5);
    travelTo(order.writerDeadline!, 5 * HOUR);
    await runReminders();
    expect((await remindersOf(writer, 'reminder.deadline', order.id)).map((n) => n.data.reminder)).toEqual(['deadline_6h']);
  });

  it('reach the writer of a revision in progress, before the revision’s writer deadline', async () => {
    const client = await person('client');
    const writer = await person('writer');
    const order = await inProgressOrder(client, writer, 5);
    // A revision sets the order's writer deadline to its own (orders/revisions); the status is set as the orders tests do.
    const revisionDeadline = new Date(clock.now().getTime() + 20 * HOUR);
    await inTransaction(() => order.update({ status: 'revision_requested', writerDeadline: revisionDeadline }));
    await runReminders();
    const notices = await remindersOf(writer, 'reminder.deadline', order.id);
    expect(notices.map((n) => [n.data.reminder, n.data.dueAt])).toEqual([['deadline_24h', revisionDeadline.toISOString()]]);
  });

  it('reach a writer who takes the order over, though the one before was reminded of the same deadline', async () => {
    const client = await person('client');
    const first = await person('writer');
    const second = await person('writer');
    const order = await inProgressOrder(client, first, 5);
    travelTo(order.writerDeadline!, 20 * HOUR);
    await runReminders();
    await reassignWriter(admin, order.id, { writerId: second.userId, autoAccept: true, reason: 'The writer is ill' });
    const reassigned = (await Order.findByPk(order.id))!;
    expect(reassigned.writerId).toBe(second.userId);
    await runReminders();
    await runReminders();
    const dueAt = reassigned.writerDeadline!.toISOString();
    expect((await remindersOf(first, 'reminder.deadline', order.id)).map((n) => n.data.reminder)).toEqual(['deadline_24h']);
    expect((await remindersOf(second, 'reminder.deadline', order.id)).map((n) => [n.data.reminder, n.data.dueAt])).toEqual([
      ['deadline_24h', dueAt],
    ]);
  });

  it('two runs at once (two workers) claim each reminder once', async () => {
    const client = await person('client');
    const writer = await person('writer');
    const orders = [await inProgressOrder(client, writer, 5), await inProgressOrder(client, writer, 5)];
    travelTo(orders[1]!.writerDeadline!, 10 * HOUR);
    const runs = await Promise.all([sendDueReminders(), sendDueReminders(), sendDueReminders()]);
    expect(runs.reduce((sum, run) => sum + run.deadlineReminders, 0)).toBeGreaterThanOrEqual(2);
    expect((await dispatchOutbox()).failed).toBe(0);
    for (const order of orders) expect(await remindersOf(writer, 'reminder.deadline', order.id)).toHaveLength(1);
    const events = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_events WHERE type = 'reminder.deadline' AND (payload->>'orderId')::bigint = ANY($1::bigint[])`,
      [orders.map((o) => o.id)],
    );
    expect(events[0]!.n).toBe(2);
  });

  it('are not sent for orders completed or cancelled', async () => {
    const client = await person('client');
    const writer = await person('writer');
    const completed = await completedOrder(client, writer);
    const cancelled = await inProgressOrder(client, writer, 5);
    await cancelAsClient(client, cancelled.id, 'No longer needed');
    await cancelOrder(admin, cancelled.id, { reason: 'Client request approved' });
    expect((await Order.findByPk(cancelled.id))!.status).toBe('cancelled');
    travelTo(cancelled.writerDeadline!, 5 * HOUR);
    await runReminders();
    expect(await remindersOf(writer, 'reminder.deadline', completed.id)).toEqual([]);
    expect(await remindersOf(writer, 'reminder.deadline', cancelled.id)).toEqual([]);
    const claims = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM notification_reminders WHERE order_id = ANY($1::bigint[]) AND kind LIKE 'deadline%'`,
      [[completed.id, cancelled.id]],
    );
    expect(claims[0]!.n).toBe(0);
  });
});

describe('review requests', () => {
  it('ask the client once, a day after completion, unless they reviewed the order', async () => {
    const client = await person('client');
    const writer = await person('writer');
    const asked = await completedOrder(client, writer);
    const reviewed = await completedOrder(client, writer);
    await reviewOrder(client, reviewed.id, { target: 'order', rating: 5, text: 'Clear and on time.' });

    travelTo(new Date(asked.completedAt!.getTime() + DAY), 2 * MINUTE);
    await runReminders();
    expect(await remindersOf(client, 'reminder.review_request', asked.id)).toEqual([]);
    clock.travel(4 * MINUTE);
    await runReminders();
    await runReminders();
    clock.travel(3 * HOUR);
    await runReminders();
    const requests = await remindersOf(client, 'reminder.review_request', asked.id);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      title: `How was order ${asked.number}?`,
      link: `/orders/${asked.id}/review`,
      data: { reminder: 'review_request', dueAt: asked.completedAt!.toISOString() },
    });
    expect(await remindersOf(client, 'reminder.review_request', reviewed.id)).toEqual([]);
    // The writer is never asked.
    expect(await remindersOf(writer, 'reminder.review_request', asked.id)).toEqual([]);
  });
});

describe('reminder emails', () => {
  it('go out in their own templates (deadline-reminder, review-request), email on by default', async () => {
    const client = await person('client');
    const writer = await person('writer');
    const order = await inProgressOrder(client, writer, 3);
    travelTo(order.writerDeadline!, 24 * HOUR - MINUTE);
    await runReminders();
    await deliverNotifications();
    const toWriter = await mailsTo(writer.email);
    expect(toWriter).toHaveLength(1);
    expect(toWriter[0]).toContain(`Subject: Order ${order.number} is due in 24 hours`);
    expect(toWriter[0]).toContain(order.topic!);
    expect(toWriter[0]).toContain(`/writer/orders/${order.id}`);

    const done = await completedOrder(client, writer);
    travelTo(new Date(done.completedAt!.getTime() + DAY), -MINUTE);
    await runReminders();
    await deliverNotifications();
    const toClient = (await mailsTo(client.email)).filter((m) => m.includes('Subject: How was order'));
    expect(toClient).toHaveLength(1);
    expect(toClient[0]).toContain(`Subject: How was order ${done.number}?`);
    expect(toClient[0]).toContain(`/orders/${done.id}/review`);
    const [record] = await sql<{ templateKey: string }>(
      `SELECT template_key AS "templateKey" FROM email_messages WHERE recipient = $1 ORDER BY id DESC LIMIT 1`,
      [client.email],
    );
    expect(record?.templateKey).toBe('review-request');
  });
});

describe('payment reminders', () => {
  it('also reach the client in the app, once per reminder', async () => {
    const client = await person('client');
    const order = await unpaidOrder(client);
    travelTo(new Date(order.placedAt!.getTime() + DAY), -MINUTE);
    await sendPaymentReminders();
    await sendPaymentReminders();
    expect((await dispatchOutbox()).failed).toBe(0);
    const notices = await remindersOf(client, 'reminder.payment', order.id);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      title: `Order ${order.number} is waiting for payment`,
      link: `/orders/${order.id}`,
      data: { reminder: '24h' },
    });

    // A failed email gives the claim back; the event recorded again does not notice the client twice.
    await sql(`DELETE FROM payment_reminders WHERE order_id = $1`, [order.id]);
    await sendPaymentReminders();
    expect((await dispatchOutbox()).failed).toBe(0);
    expect(await remindersOf(client, 'reminder.payment', order.id)).toHaveLength(1);
    expect(await Notification.count({ where: { userId: client.userId, kind: 'reminder.payment' } })).toBe(1);
  });
});

describe('the notifications.reminders job', () => {
  it('runs every 15 minutes, and by hand as `npm run job -- notifications.reminders` runs it', async () => {
    const catalog = new JobCatalog();
    defineJobs(catalog.registry, t.context.logger);
    await scheduleJobs(catalog.registry);
    expect(catalog.list()).toContainEqual({ name: 'notifications.reminders', every: '15 minutes' });

    const client = await person('client');
    const writer = await person('writer');
    const order = await inProgressOrder(client, writer, 5);
    travelTo(order.writerDeadline!, 20 * HOUR);
    await catalog.run('notifications.reminders');
    await catalog.run('notifications.reminders');
    expect((await dispatchOutbox()).failed).toBe(0);
    expect((await remindersOf(writer, 'reminder.deadline', order.id)).map((n) => n.data.reminder)).toEqual(['deadline_24h']);
  });
});
