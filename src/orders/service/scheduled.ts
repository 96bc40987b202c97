import { Op, type WhereOptions } from 'sequelize';
import { systemActor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { AppError } from '../../platform/errors.js';
import { ctx } from '../../platform/context.js';
import { settingsOf, Website } from '../../tenancy/index.js';
import { Order, WriterRequest } from '../models.js';
import { approveOrder } from './client-actions.js';
import { lockVisibleOrder, recordOrderEvent, transitionOrder } from './lifecycle.js';

/**
 * Scheduled order upkeep (RULES.md). Each sweep selects candidates, then handles each in its own
 * transaction after re-checking it under the row lock, so a sweep is safe to run twice or on
 * several workers at once: the second finds nothing left to do.
 */
export const UNPAID_EXPIRY_DAYS = 14;
export const STUCK_AFTER_HOURS = 8;
const BATCH = 500;

export interface SweepResult {
  handled: number;
  skipped: number;
}

async function sweep(ids: number[], handle: (id: number) => Promise<boolean>): Promise<SweepResult> {
  const result: SweepResult = { handled: 0, skipped: 0 };
  for (const id of ids) {
    try {
      if (await handle(id)) result.handled++;
      else result.skipped++;
    } catch (err) {
      // A refusal means another worker or a person got there first; anything else is a real failure.
      if (!(err instanceof AppError)) throw err;
      ctx().logger.warn({ err, orderId: id }, 'order sweep skipped an order');
      result.skipped++;
    }
  }
  return result;
}

const idsWhere = async (where: WhereOptions<Order>) =>
  (await Order.findAll({ where, attributes: ['id'], order: [['id', 'ASC']], limit: BATCH })).map((o) => o.id);

/** Preferred-writer invitations unanswered in time: back to the pool, open to every writer. */
export async function expirePreferredWriterInvitations(): Promise<SweepResult> {
  const now = clock.now();
  const expired = await WriterRequest.findAll({ where: { kind: 'invitation', status: 'open', expiresAt: { [Op.lt]: now } }, limit: BATCH });
  return sweep([...new Set(expired.map((r) => r.orderId))], async (orderId) =>
    inTransaction(async () => {
      const order = await Order.findByPk(orderId);
      if (!order) return false;
      const system = systemActor(order.websiteId);
      const locked = await lockVisibleOrder(system, orderId);
      const stale = await WriterRequest.findAll({ where: { orderId, kind: 'invitation', status: 'open', expiresAt: { [Op.lt]: now } } });
      if (!stale.length) return false;
      await WriterRequest.update({ status: 'expired' }, { where: { id: stale.map((r) => r.id) } });
      if (locked.status !== 'pending_writer_acceptance' || !stale.some((r) => r.writerId === locked.writerId)) return true;
      await transitionOrder(system, locked, 'decline', {
        patch: { writerId: null, assignedAt: null, visibility: 'pool' },
        note: 'The writer did not answer in time',
      });
      return true;
    }),
  );
}

/** Orders published only for a preferred writer who has not taken them within the window open to the pool. */
export async function openUnclaimedPreferredOrders(): Promise<SweepResult> {
  const now = clock.now();
  const websites = await Website.findAll({ attributes: ['id', 'settings'] });
  let total: SweepResult = { handled: 0, skipped: 0 };
  for (const website of websites) {
    const cutoff = new Date(now.getTime() - settingsOf(website).preferredWriterAcceptHours * 3_600_000);
    const ids = await idsWhere({
      websiteId: website.id,
      status: 'ready_for_staffing',
      visibility: 'preferred_writer_only',
      publishedAt: { [Op.lt]: cutoff },
    });
    const result = await sweep(ids, (id) =>
      inTransaction(async () => {
        const system = systemActor(website.id);
        const order = await lockVisibleOrder(system, id);
        if (order.status !== 'ready_for_staffing' || order.visibility !== 'preferred_writer_only') return false;
        await order.update({ visibility: 'pool' });
        await recordOrderEvent(system, order, 'opened_to_pool', { after: 'preferred writer did not take it' });
        return true;
      }),
    );
    total = { handled: total.handled + result.handled, skipped: total.skipped + result.skipped };
  }
  return total;
}

/** Delivered orders the client neither approved nor questioned within the website's window. */
export async function autoApproveDeliveredOrders(): Promise<SweepResult> {
  const now = clock.now();
  const websites = await Website.findAll({ attributes: ['id', 'settings'] });
  let total: SweepResult = { handled: 0, skipped: 0 };
  for (const website of websites) {
    const cutoff = new Date(now.getTime() - settingsOf(website).autoApproveDays * 86_400_000);
    const ids = await idsWhere({ websiteId: website.id, status: 'submitted', deliveredAt: { [Op.lt]: cutoff } });
    const result = await sweep(ids, async (id) => {
      const order = await approveOrder(systemActor(website.id), id);
      return order.status === 'completed';
    });
    total = { handled: total.handled + result.handled, skipped: total.skipped + result.skipped };
  }
  return total;
}

/** Marks work past the writer deadline as overdue and work without activity for 8 h as stuck. */
export async function flagOverdueAndStuckOrders(): Promise<{ overdue: SweepResult; stuck: SweepResult }> {
  const now = clock.now();
  const working = { [Op.in]: ['in_progress', 'revision_requested'] };
  const overdueIds = await idsWhere({ status: working, overdueAt: null, writerDeadline: { [Op.lt]: now } });
  const overdue = await sweep(overdueIds, (id) =>
    flag(id, 'overdueAt', 'flagged_overdue', (o) => o.writerDeadline !== null && o.writerDeadline < now),
  );
  const quietSince = new Date(now.getTime() - STUCK_AFTER_HOURS * 3_600_000);
  const stuckIds = await idsWhere({ status: 'in_progress', stuckAt: null, lastActivityAt: { [Op.lt]: quietSince } });
  const stuck = await sweep(stuckIds, (id) => flag(id, 'stuckAt', 'flagged_stuck', (o) => o.lastActivityAt < quietSince));

  async function flag(id: number, field: 'overdueAt' | 'stuckAt', action: string, stillTrue: (o: Order) => boolean): Promise<boolean> {
    return inTransaction(async () => {
      const order = (await Order.findByPk(id))!;
      const system = systemActor(order.websiteId);
      const locked = await lockVisibleOrder(system, id);
      if (locked[field] !== null || !['in_progress', 'revision_requested'].includes(locked.status) || !stillTrue(locked)) return false;
      // A flag is bookkeeping, not activity: last_activity_at stays as it was.
      await locked.update({ [field]: now });
      await recordOrderEvent(system, locked, action, {
        writerId: locked.writerId,
        writerDeadline: locked.writerDeadline?.toISOString() ?? null,
      });
      return true;
    });
  }
  return { overdue, stuck };
}

/** Drafts and unpaid orders older than 14 days are cancelled. */
export async function expireUnpaidOrders(): Promise<SweepResult> {
  const cutoff = new Date(clock.now().getTime() - UNPAID_EXPIRY_DAYS * 86_400_000);
  // A partly paid order holds the client's money: it is not expired (reminders go on; staff decide).
  const ids = await idsWhere({ status: { [Op.in]: ['draft', 'pending_payment'] }, paidCents: 0, createdAt: { [Op.lt]: cutoff } });
  return sweep(ids, (id) =>
    inTransaction(async () => {
      const order = (await Order.findByPk(id))!;
      const system = systemActor(order.websiteId);
      const locked = await lockVisibleOrder(system, id);
      if (!['draft', 'pending_payment'].includes(locked.status) || locked.paidCents > 0 || locked.createdAt >= cutoff) return false;
      await transitionOrder(system, locked, 'cancel', {
        patch: { cancelledAt: clock.now() },
        note: `Unpaid for ${UNPAID_EXPIRY_DAYS} days`,
      });
      return true;
    }),
  );
}
