import { recordAudit } from '../../../audit/index.js';
import { lockVisibleOrder, type Order } from '../../../orders/index.js';
import { systemActor } from '../../../platform/actor.js';
import { clock } from '../../../platform/clock.js';
import { currentTransaction, inTransaction, sql } from '../../../platform/database.js';
import { Fine } from '../models.js';
import { isStanding, latenessFineCents, latenessMs } from '../rules.js';
import { earningCentsOf, fineTypeOf, postFineUpTo } from './common.js';
import { FINE_ISSUED_EVENT, recordFineEvent } from './events.js';

/**
 * The lateness job (writers.lateness-fines): every order whose writer is (or was, at hand-in) at
 * least an hour past the writer deadline gets one lateness fine, grown as lateness grows — by the
 * RULES.md schedule, capped at the writer's earning on the order. Each increase is its own ledger
 * posting keyed by the total it reaches; the fine only ever grows and stops once it no longer
 * stands (waived, voided, accepted on appeal). Safe twice and on many workers: each order is
 * handled under its row lock (SKIP LOCKED: another worker has it) and the postings are keyed.
 */

export interface LatenessRun {
  /** Fines created or grown. */
  fined: number;
  /** Cents posted against writers in this run. */
  postedCents: number;
}

const WORKING = ['in_progress', 'revision_requested'];
const BATCH = 200;
const HOUR_MS = 3_600_000;

/**
 * When the writer handed the work in: none while it is still with them (they are late until now);
 * the writer's last hand-in to editing when the order goes through editing (the editor's delivery
 * is not the writer's); else the delivery.
 */
async function handedInAt(order: Order): Promise<Date | null | 'unknown'> {
  if (WORKING.includes(order.status)) return null;
  if (order.requiresEditing && order.writerId !== null) {
    const [row] = await sql<{ at: Date | null }>(
      `SELECT max(created_at) AS at FROM order_events WHERE order_id = $1 AND actor_user_id = $2 AND action = 'send_to_editing'`,
      [order.id, order.writerId],
    );
    if (row?.at) return new Date(row.at);
  }
  return order.deliveredAt ?? 'unknown';
}

/** One order under its lock: the fine it is due now, created or grown; returns the cents posted (0: nothing to do). */
async function applyTo(orderId: number, websiteId: number, now: Date): Promise<number> {
  return inTransaction(async () => {
    const transaction = currentTransaction()!;
    const system = systemActor(websiteId);
    const locked = await sql<{ id: number }>(`SELECT id FROM orders WHERE id = $1 FOR UPDATE SKIP LOCKED`, [orderId]);
    if (!locked.length) return 0;
    const order = await lockVisibleOrder(system, orderId);
    if (order.writerId === null) return 0;
    const handedIn = await handedInAt(order);
    if (handedIn === 'unknown') return 0;
    const lateMs = latenessMs({ writerDeadline: order.writerDeadline, assignedAt: order.assignedAt, handedInAt: handedIn, now });
    const existing = await Fine.findOne({
      where: { orderId: order.id, writerId: order.writerId, typeCode: 'lateness' },
      lock: transaction.LOCK.UPDATE,
    });
    if (existing && !isStanding(existing.status)) return 0;
    const earningCents = existing?.earningCents ?? (await earningCentsOf(order, order.writerId));
    const type = await fineTypeOf(order.websiteId, 'lateness');
    if (!existing && !type.active) return 0;
    const dueCents = latenessFineCents(lateMs, earningCents, type.percentBp ?? undefined);
    if (dueCents <= (existing?.amountCents ?? 0)) return 0;
    const lateMinutes = Math.floor(lateMs / 60_000);
    const fine =
      existing ??
      (await Fine.create({
        websiteId: order.websiteId,
        writerId: order.writerId,
        orderId: order.id,
        fineTypeId: type.id,
        typeCode: 'lateness',
        currency: order.currency,
        amountCents: dueCents,
        earningCents,
        lateMinutes,
        reason: `Late delivery of order ${order.number}`,
      }));
    const before = existing ? { amountCents: existing.amountCents, lateMinutes: existing.lateMinutes } : undefined;
    if (existing) await fine.update({ amountCents: dueCents, lateMinutes });
    const postedBefore = fine.postedCents;
    const posted = await postFineUpTo(system, fine, dueCents);
    await recordAudit(system, {
      action: existing ? 'fine.lateness_grow' : 'fine.issue',
      targetType: 'fine',
      targetId: fine.id,
      websiteId: fine.websiteId,
      before,
      after: {
        status: fine.status,
        typeCode: 'lateness',
        writerId: fine.writerId,
        orderId: order.id,
        amountCents: dueCents,
        lateMinutes,
        earningCents,
        ledgerTransactionId: posted?.id ?? null,
      },
      reason: `${Math.floor(lateMs / HOUR_MS)} h late past the writer deadline`,
    });
    if (!existing) await recordFineEvent(FINE_ISSUED_EVENT, system, fine);
    return fine.postedCents - postedBefore;
  });
}

/**
 * Orders that may owe a lateness fine or a bigger one: assigned before the writer deadline, at
 * least an hour past it, and either still with the writer, in editing, or delivered an hour or
 * more late — leaving out those whose fine no longer stands, is at its cap, or already counts the
 * whole delivered lateness.
 */
const CANDIDATES = `
  SELECT o.id, o.website_id AS "websiteId" FROM orders o
   WHERE o.id > $2 AND o.writer_id IS NOT NULL AND o.writer_deadline IS NOT NULL
     AND o.writer_deadline <= $1::timestamptz - interval '1 hour'
     AND (o.assigned_at IS NULL OR o.assigned_at < o.writer_deadline)
     AND (o.status IN ('in_progress', 'revision_requested', 'under_editing')
          OR (o.delivered_at IS NOT NULL AND o.delivered_at >= o.writer_deadline + interval '1 hour'))
     AND NOT EXISTS (
       SELECT 1 FROM fines f
        WHERE f.order_id = o.id AND f.writer_id = o.writer_id AND f.type_code = 'lateness'
          AND (f.status NOT IN ('issued', 'appealed', 'escalated', 'rejected')
               OR f.amount_cents >= f.earning_cents
               OR (o.status NOT IN ('in_progress', 'revision_requested', 'under_editing')
                   AND f.late_minutes >= floor(extract(epoch FROM (o.delivered_at - o.writer_deadline)) / 60))))
   ORDER BY o.id LIMIT ${BATCH}`;

export async function applyLatenessFines(now = clock.now()): Promise<LatenessRun> {
  const run: LatenessRun = { fined: 0, postedCents: 0 };
  let after = 0;
  for (;;) {
    const due = await sql<{ id: number; websiteId: number }>(CANDIDATES, [now, after]);
    for (const { id, websiteId } of due) {
      const posted = await applyTo(Number(id), Number(websiteId), now);
      if (posted > 0) {
        run.fined++;
        run.postedCents += posted;
      }
    }
    if (due.length < BATCH) return run;
    after = Number(due[due.length - 1]!.id);
  }
}
