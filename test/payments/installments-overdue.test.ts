import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startScheduler } from '../../jobs/index.js';
import { INSTALLMENT_JOBS } from '../../jobs/installments.js';
import { AuditLog } from '../../src/audit/models.js';
import { cancelAsClient } from '../../src/orders/service/client-actions.js';
import { approveManualPayment, recordManualPayment } from '../../src/payments/index.js';
import {
  createInstallmentPlan,
  Installment,
  InstallmentPlan,
  payNextInstallment,
  sweepInstallments,
} from '../../src/payments/installments/index.js';
import { clock } from '../../src/platform/clock.js';
import { readMails, waitForMail } from '../identity/helpers.js';
import { actorFor } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced, fundWallet } from '../support/ledger.js';
import { clientWithLogin, unpaidOrder, type ClientActor } from './fixtures.js';
import { DAY } from './installments-fixtures.js';

let t: TestApp;
let client: ClientActor & { email: string };
let support: Awaited<ReturnType<typeof actorFor>>;
beforeAll(async () => {
  t = await startTestApp();
  support = await actorFor('support@scriptorium.test');
  client = await clientWithLogin(support.websiteId!);
});
afterEach(() => clock.reset());
afterAll(() => t?.close());

const overdueMails = async (orderNumber: string) =>
  (await readMails(t.dataDir)).filter((m) => m.text.includes(orderNumber) && /is overdue/.test(m.text));
const statuses = async (planId: number) =>
  (await Installment.findAll({ where: { planId }, order: [['sequence', 'ASC']] })).map((i) => i.status);

/** An order with a plan of three equal parts due in 1, 3 and 5 days. */
async function planned() {
  const order = await unpaidOrder(client);
  const { plan } = await createInstallmentPlan(support, order.id, {
    proposal: { split: 'equal', count: 3, intervalDays: 2, firstDueAt: new Date(clock.now().getTime() + DAY) },
  });
  return { order, plan };
}

describe('the overdue installments sweep', () => {
  it('marks installments past due overdue and emails the client once, however often it runs (also two at once)', async () => {
    const { order, plan } = await planned();
    await sweepInstallments();
    expect(await statuses(plan.id)).toEqual(['pending', 'pending', 'pending']);

    clock.travel(2 * DAY);
    await Promise.all([sweepInstallments(), sweepInstallments()]);
    await sweepInstallments();
    expect(await statuses(plan.id)).toEqual(['overdue', 'pending', 'pending']);
    const mails = await overdueMails(order.number);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(`To: ${client.email}`);
    expect(mails[0]!.text).toMatch(/Installment 1 of 3/);
    expect(await AuditLog.count({ where: { action: 'installment.overdue', targetType: 'installment' } })).toBeGreaterThanOrEqual(1);

    // Late is not void: the overdue installment is paid like any other.
    const first = (await Installment.findOne({ where: { planId: plan.id, sequence: 1 } }))!;
    await fundWallet(client.websiteId, client.userId, first.amountCents);
    const paid = await payNextInstallment(client, order.id);
    expect(paid.installment).toMatchObject({ id: first.id, status: 'paid' });

    clock.travel(2 * DAY); // installment 2 is now past due too
    await sweepInstallments();
    await sweepInstallments();
    expect(await statuses(plan.id)).toEqual(['paid', 'overdue', 'pending']);
    expect(await overdueMails(order.number)).toHaveLength(2);
    await expectLedgerBalanced();
  });

  it('closes plans whose order moved on without them: cancelled -> canceled, paid in full otherwise -> completed; no emails for them', async () => {
    const cancelled = await planned();
    expect(await cancelAsClient(client, cancelled.order.id, 'Changed my mind')).toMatchObject({ status: 'cancelled' });
    // Paid off in full outside the plan (an offline payment of all that is owed, approved by an
    // admin): the plan completes at the approval, before any sweep.
    const paidOutside = await planned();
    const offline = await recordManualPayment(support, {
      orderId: paidOutside.order.id,
      amountCents: paidOutside.order.totalCents!,
      reference: 'BANK-FULL',
    });
    await approveManualPayment(await actorFor('admin@scriptorium.test'), offline.id);
    expect(await InstallmentPlan.findByPk(paidOutside.plan.id)).toMatchObject({ status: 'completed' });

    clock.travel(2 * DAY);
    const run = await sweepInstallments();
    expect(run.plansClosed).toBeGreaterThanOrEqual(1);
    expect(await InstallmentPlan.findByPk(cancelled.plan.id)).toMatchObject({ status: 'canceled' });
    expect(await InstallmentPlan.findByPk(paidOutside.plan.id)).toMatchObject({ status: 'completed' });
    expect(await statuses(cancelled.plan.id)).toEqual(['canceled', 'canceled', 'canceled']);
    expect(await statuses(paidOutside.plan.id)).toEqual(['canceled', 'canceled', 'canceled']);
    await sweepInstallments();
    expect(await overdueMails(cancelled.order.number)).toHaveLength(0);
    expect(await overdueMails(paidOutside.order.number)).toHaveLength(0);
    await expectLedgerBalanced();
  });

  it('runs as the installments.overdue job of the scheduler', async () => {
    const { order, plan } = await planned();
    clock.travel(2 * DAY);
    const scheduler = await startScheduler(t.context, { embedded: !t.realPostgres });
    try {
      await scheduler.agenda.now(INSTALLMENT_JOBS.overdue.name);
      const mail = await waitForMail(t.dataDir, (m) => m.text.includes(order.number) && /is overdue/.test(m.text), [], 20_000);
      expect(mail.text).toMatch(/Installment 1 of 3/);
    } finally {
      await scheduler.stop(2_000);
    }
    expect(await statuses(plan.id)).toEqual(['overdue', 'pending', 'pending']);
  });
});
