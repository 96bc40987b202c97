import { Op, QueryTypes } from 'sequelize';
import { recordAudit } from '../../../audit/index.js';
import { systemActor } from '../../../platform/actor.js';
import { brandOf, portalBaseUrl, sendSafely } from '../../../identity/index.js';
import { lockVisibleOrder } from '../../../orders/index.js';
import { clock } from '../../../platform/clock.js';
import { ctx } from '../../../platform/context.js';
import { getSequelize, inTransaction, sql } from '../../../platform/database.js';
import { formatMoney } from '../../../platform/money.js';
import { Website } from '../../../tenancy/index.js';
import { Installment, InstallmentPlan } from '../models.js';
import { closingOf, decideInstallmentTransition, isOverdue } from '../rules.js';
import { closePlan, isRefusal, lockPlan } from './common.js';

/**
 * The installments sweep (job installments.overdue): marks installments past their due time
 * overdue and emails the client once per installment; closes active plans whose order moved on
 * without them (paid in full otherwise, cancelled). Each plan is handled in its own transaction
 * after re-reading it under its lock, and each email is claimed before it is sent, so the sweep is
 * safe to run twice and on many workers at once.
 */

const BATCH = 500;

export interface InstallmentSweep {
  markedOverdue: number;
  plansClosed: number;
  notified: number;
  failed: number;
}

async function plansToSweep(now: Date): Promise<Array<{ id: number; orderId: number }>> {
  return sql(
    `SELECT p.id, p.order_id AS "orderId" FROM installment_plans p JOIN orders o ON o.id = p.order_id
      WHERE p.status = 'active'
        AND (o.status IN ('cancelled', 'archived') OR o.paid_cents >= o.total_cents
             OR EXISTS (SELECT 1 FROM installments i WHERE i.plan_id = p.id AND i.status = 'pending' AND i.due_at < $1))
      ORDER BY p.id LIMIT ${BATCH}`,
    [now],
  );
}

/** One plan under its order's and its own lock (the order every plan use case locks in). */
async function sweepPlan(planId: number, orderId: number, now: Date): Promise<{ overdue: number; closed: boolean }> {
  return inTransaction(async () => {
    const plan = await InstallmentPlan.findByPk(planId, { attributes: ['websiteId'] });
    if (!plan) return { overdue: 0, closed: false };
    const system = systemActor(plan.websiteId);
    const order = await lockVisibleOrder(system, orderId);
    const locked = await lockPlan(planId);
    if (!locked || locked.status !== 'active') return { overdue: 0, closed: false };
    const closing = closingOf(order);
    if (closing) {
      await closePlan(
        system,
        locked,
        order,
        closing,
        closing === 'complete' ? 'The order is paid in full' : `The order is ${order.status}`,
      );
      return { overdue: 0, closed: true };
    }
    // Nothing is late while the order cannot be paid (on hold).
    if (order.status !== 'pending_payment') return { overdue: 0, closed: false };
    const due = (await Installment.findAll({ where: { planId, status: 'pending', dueAt: { [Op.lt]: now } } })).filter((i) =>
      isOverdue(i, now),
    );
    for (const installment of due) {
      const decision = decideInstallmentTransition('mark_overdue', installment.status);
      if (!decision.ok) continue;
      await installment.update({ status: decision.to, overdueAt: now });
      await recordAudit(system, {
        action: 'installment.overdue',
        targetType: 'installment',
        targetId: installment.id,
        websiteId: installment.websiteId,
        before: { status: 'pending' },
        after: { status: installment.status, planId, sequence: installment.sequence, dueAt: installment.dueAt.toISOString() },
      });
    }
    return { overdue: due.length, closed: false };
  });
}

interface OverdueNotice {
  id: number;
  websiteId: number;
  sequence: number;
  amountCents: number;
  dueAt: Date;
  count: number;
  currency: string;
  orderId: number;
  number: string;
  topic: string | null;
  owedCents: number;
  email: string;
  displayName: string;
}

/** `total_cents - paid_cents` is orders' outstandingCents(), written in SQL because it is read with the rows. */
async function noticesDue(): Promise<OverdueNotice[]> {
  return sql<OverdueNotice>(
    `SELECT i.id, i.website_id AS "websiteId", i.sequence, i.amount_cents AS "amountCents", i.due_at AS "dueAt",
            p.installments_count AS count, p.currency, o.id AS "orderId", o.number, o.topic,
            (o.total_cents - o.paid_cents) AS "owedCents", u.email, u.display_name AS "displayName"
       FROM installments i
       JOIN installment_plans p ON p.id = i.plan_id
       JOIN orders o ON o.id = i.order_id
       JOIN users u ON u.id = p.client_id
      WHERE i.status = 'overdue' AND i.overdue_notified_at IS NULL AND p.status = 'active' AND o.status = 'pending_payment'
      ORDER BY i.id LIMIT ${BATCH}`,
    [],
  );
}

/** Takes the email for this run: true when this run set the mark (nobody sent it before). */
async function claimNotice(id: number, now: Date): Promise<boolean> {
  const rows = await getSequelize().query<{ id: number }>(
    `UPDATE installments SET overdue_notified_at = $2 WHERE id = $1 AND status = 'overdue' AND overdue_notified_at IS NULL RETURNING id`,
    { bind: [id, now], type: QueryTypes.SELECT },
  );
  return rows.length === 1;
}

async function sendNotice(notice: OverdueNotice, website: Website): Promise<boolean> {
  return sendSafely({
    to: notice.email,
    template: 'installment-overdue',
    websiteId: website.id,
    brand: brandOf(website),
    data: {
      displayName: notice.displayName,
      orderNumber: notice.number,
      topic: notice.topic,
      sequence: notice.sequence,
      count: notice.count,
      amount: formatMoney(notice.amountCents, notice.currency),
      dueDate: new Date(notice.dueAt).toISOString().slice(0, 10),
      owed: formatMoney(notice.owedCents, notice.currency),
      orderUrl: `${portalBaseUrl(website)}/orders/${notice.orderId}`,
    },
  });
}

async function sendNotices(now: Date, result: InstallmentSweep): Promise<void> {
  const websites = new Map<number, Website>();
  for (const notice of await noticesDue()) {
    if (!(await claimNotice(notice.id, now))) continue;
    if (!websites.has(notice.websiteId)) websites.set(notice.websiteId, (await Website.findByPk(notice.websiteId))!);
    if (await sendNotice(notice, websites.get(notice.websiteId)!)) {
      result.notified += 1;
      continue;
    }
    result.failed += 1;
    // The next run tries again.
    await getSequelize().query('UPDATE installments SET overdue_notified_at = NULL WHERE id = $1', { bind: [notice.id] });
  }
}

export async function sweepInstallments(): Promise<InstallmentSweep> {
  const now = clock.now();
  const result: InstallmentSweep = { markedOverdue: 0, plansClosed: 0, notified: 0, failed: 0 };
  for (const { id, orderId } of await plansToSweep(now)) {
    try {
      const swept = await sweepPlan(id, orderId, now);
      result.markedOverdue += swept.overdue;
      if (swept.closed) result.plansClosed += 1;
    } catch (err) {
      // A refusal means a person or another worker changed the plan meanwhile; anything else is a real failure.
      if (!isRefusal(err)) throw err;
      ctx().logger.warn({ err, planId: id }, 'installments sweep skipped a plan');
    }
  }
  await sendNotices(now, result);
  return result;
}
