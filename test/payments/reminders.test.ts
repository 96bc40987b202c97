import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startScheduler } from '../../jobs/index.js';
import { PAYMENT_JOBS } from '../../jobs/payments.js';
import { PaymentReminder, sendPaymentReminders } from '../../src/payments/index.js';
import { clock } from '../../src/platform/clock.js';
import { payOrderFromWallet } from '../../src/payments/index.js';
import { readMails, waitForMail } from '../identity/helpers.js';
import { actorFor } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { fundWallet } from '../support/ledger.js';
import { clientWithLogin, unpaidOrder, type ClientActor } from './fixtures.js';

let t: TestApp;
let client: ClientActor & { email: string };
beforeAll(async () => {
  t = await startTestApp();
  client = await clientWithLogin((await actorFor('client@scriptorium.test')).websiteId!);
});
afterEach(() => clock.reset());
afterAll(() => t?.close());

const HOUR = 3_600_000;
const remindersOf = async (orderNumber: string) =>
  (await readMails(t.dataDir)).filter((m) => m.text.includes(orderNumber) && /waiting for payment/.test(m.text));

describe('payment reminders', () => {
  it('24 h and 72 h after placing, each once however often the job runs; a paid order gets none', async () => {
    const order = await unpaidOrder(client);
    const paid = await unpaidOrder(client);
    await fundWallet(client.websiteId, client.userId, paid.totalCents!);
    await payOrderFromWallet(client, paid.id);

    await sendPaymentReminders();
    expect(await remindersOf(order.number)).toHaveLength(0); // too early

    clock.travel(25 * HOUR);
    await Promise.all([sendPaymentReminders(), sendPaymentReminders()]); // two workers at once
    await sendPaymentReminders();
    const first = await remindersOf(order.number);
    expect(first).toHaveLength(1);
    expect(first[0]!.text).toContain(`To: ${client.email}`);
    expect(first[0]!.text).not.toMatch(/Last reminder/);

    clock.travel(48 * HOUR);
    await sendPaymentReminders();
    await sendPaymentReminders();
    const both = await remindersOf(order.number);
    expect(both).toHaveLength(2);
    expect(both.some((m) => /Last reminder/.test(m.text))).toBe(true);
    expect((await PaymentReminder.findAll({ where: { orderId: order.id } })).map((r) => r.kind).sort()).toEqual(['24h', '72h']);
    expect(await remindersOf(paid.number)).toHaveLength(0);
  });

  it('an order first seen after 72 h gets only the last reminder', async () => {
    const order = await unpaidOrder(client);
    clock.travel(80 * HOUR);
    await sendPaymentReminders();
    await sendPaymentReminders();
    expect((await PaymentReminder.findAll({ where: { orderId: order.id } })).map((r) => r.kind)).toEqual(['72h']);
    expect(await remindersOf(order.number)).toHaveLength(1);
  });

  it('runs as the payments.reminders job of the scheduler', async () => {
    const order = await unpaidOrder(client);
    clock.travel(30 * HOUR);
    const scheduler = await startScheduler(t.context, { embedded: !t.realPostgres });
    try {
      await scheduler.agenda.now(PAYMENT_JOBS.reminders.name);
      const mail = await waitForMail(t.dataDir, (m) => m.text.includes(order.number), [], 20_000);
      expect(mail.text).toMatch(/waiting for payment/);
    } finally {
      await scheduler.stop(2_000);
    }
    expect(await PaymentReminder.count({ where: { orderId: order.id } })).toBe(1);
  });
});
