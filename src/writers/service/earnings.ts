import { Op, Transaction } from 'sequelize';
import { recordAudit } from '../../audit/index.js';
import { systemActor } from '../../platform/actor.js';
import { accountBalance, postTransaction, type Posting } from '../../ledger/index.js';
import type { Order, OrderCompletedEvent, WriterAssignedEvent } from '../../orders/index.js';
import { clock } from '../../platform/clock.js';
import { inTransaction, sql } from '../../platform/database.js';
import { settingsOfWebsite } from '../../tenancy/index.js';
import { levelOfWriter, rateCardOfLevel, termsOf } from '../levels/index.js';
import { WriterEarning } from '../models.js';
import { writerSettings } from '../settings.js';
import {
  canMoveEarning,
  completionLedgerKey,
  completionSplit,
  computeEarning,
  earningWorkOf,
  maturesAt,
  maturitySplit,
  maturityLedgerKey,
  rateCardFor,
  type RateCard,
} from '../rules.js';

/** The rate card of the writer's level today. */
export async function levelCardOf(writerId: number, websiteId: number): Promise<RateCard> {
  return rateCardOfLevel(termsOf(await levelOfWriter(writerId, websiteId)));
}

/**
 * The orders' writerAssigned hook: the rate card of the writer's level is frozen on the order, so
 * what the writer earns is what they were offered when they got the order (RULES.md).
 */
export async function freezeRateCard({ order }: WriterAssignedEvent): Promise<void> {
  if (order.writerId === null) return;
  await order.update({ writerRateCard: { ...(await levelCardOf(order.writerId, order.websiteId)) } });
}

async function escrowOf(order: Pick<Order, 'id' | 'websiteId' | 'currency'>): Promise<number> {
  const locator = { kind: 'order_escrow' as const, ownerId: order.id, websiteId: order.websiteId, currency: order.currency };
  return (await accountBalance(systemActor(order.websiteId), locator)).balanceCents;
}

/**
 * The orders' orderCompleted hook, inside the completing use case's transaction with the order
 * locked (RULES.md "Ledger postings", order approved): the writer's earning is computed from the
 * frozen rate card and recorded as pending; the platform's part of the escrow goes to revenue now
 * (one `order_completion` transaction), the earning stays in escrow until it matures.
 */
export async function settleCompletedOrder({ actor, order }: OrderCompletedEvent): Promise<void> {
  if (await WriterEarning.count({ where: { orderId: order.id } })) return; // settled already
  const settings = writerSettings.of(await settingsOfWebsite(order.websiteId));
  const breakdown =
    order.writerId === null
      ? null
      : computeEarning(earningWorkOf(order), rateCardFor(order.writerRateCard, await levelCardOf(order.writerId, order.websiteId)));
  const escrowCents = await escrowOf(order);
  const split = completionSplit(escrowCents, breakdown?.totalCents ?? 0);
  const posted =
    split.revenueCents > 0
      ? await postTransaction(actor, {
          websiteId: order.websiteId,
          currency: order.currency,
          kind: 'order_completion',
          reference: { type: 'order', id: order.id },
          memo: `Order ${order.number} completed: the platform's part`,
          idempotencyKey: completionLedgerKey(order.id),
          postings: [
            { from: { kind: 'order_escrow', ownerId: order.id }, to: { kind: 'platform_revenue' }, amountCents: split.revenueCents },
          ],
        })
      : null;
  const now = clock.now();
  const earning =
    breakdown && order.writerId !== null
      ? await WriterEarning.create({
          websiteId: order.websiteId,
          orderId: order.id,
          writerId: order.writerId,
          status: 'pending',
          amountCents: breakdown.totalCents,
          currency: order.currency,
          breakdown,
          approvedAt: now,
          maturesAt: maturesAt(now, settings.earningHoldDays),
          completionTransactionId: posted?.id ?? null,
        })
      : null;
  await recordAudit(actor, {
    action: 'order.completion_settled',
    targetType: 'order',
    targetId: order.id,
    websiteId: order.websiteId,
    after: {
      escrowCents,
      revenueCents: split.revenueCents,
      heldCents: split.heldCents,
      earningId: earning?.id ?? null,
      earningCents: earning?.amountCents ?? 0,
      writerId: order.writerId,
      ledgerTransactionId: posted?.id ?? null,
    },
    reason: order.writerId === null ? "No writer: the whole escrow is the platform's" : undefined,
  });
}

export interface MaturityRun {
  matured: number;
  paidCents: number;
}

const BATCH = 200;

/**
 * One due earning, under its row lock (SKIP LOCKED: another worker has it): its amount moves to
 * the writer's payable — from what the escrow still holds, the rest from platform revenue — in one
 * ledger transaction keyed by the earning, and the earning becomes matured. Returns the amount
 * paid, or null when there was nothing to do.
 */
async function matureOne(earningId: number, now: Date): Promise<number | null> {
  return inTransaction(async () => {
    const earning = await WriterEarning.findOne({
      where: { id: earningId, status: 'pending', maturesAt: { [Op.lte]: now } },
      lock: Transaction.LOCK.UPDATE,
      skipLocked: true,
    });
    if (!earning || !canMoveEarning(earning.status, 'matured')) return null;
    const system = systemActor(earning.websiteId);
    const split = maturitySplit(
      earning.amountCents,
      await escrowOf({ id: earning.orderId, websiteId: earning.websiteId, currency: earning.currency }),
    );
    const to = { kind: 'writer_payable' as const, ownerId: earning.writerId };
    const postings: Posting[] = [];
    if (split.fromEscrowCents > 0)
      postings.push({ from: { kind: 'order_escrow', ownerId: earning.orderId }, to, amountCents: split.fromEscrowCents });
    if (split.fromRevenueCents > 0) postings.push({ from: { kind: 'platform_revenue' }, to, amountCents: split.fromRevenueCents });
    const posted = postings.length
      ? await postTransaction(system, {
          websiteId: earning.websiteId,
          currency: earning.currency,
          kind: 'order_completion',
          reference: { type: 'order', id: earning.orderId },
          memo: `Earning ${earning.id} matured: the writer's part`,
          idempotencyKey: maturityLedgerKey(earning.id),
          postings,
        })
      : null;
    await earning.update({ status: 'matured', maturedAt: now, maturityTransactionId: posted?.id ?? null });
    await recordAudit(system, {
      action: 'earning.mature',
      targetType: 'writer_earning',
      targetId: earning.id,
      websiteId: earning.websiteId,
      before: { status: 'pending' },
      after: { status: 'matured', amountCents: earning.amountCents, ...split, ledgerTransactionId: posted?.id ?? null },
    });
    return earning.amountCents;
  });
}

/**
 * The maturity job (writers.mature-earnings): every pending earning whose hold has passed matures,
 * each in its own transaction. Safe twice and on many workers: rows are re-read under SKIP LOCKED
 * and the posting is keyed by the earning.
 */
export async function matureEarnings(now = clock.now()): Promise<MaturityRun> {
  const run: MaturityRun = { matured: 0, paidCents: 0 };
  let after = 0;
  for (;;) {
    const due = await sql<{ id: number }>(
      `SELECT id FROM writer_earnings WHERE status = 'pending' AND matures_at <= $1 AND id > $2 ORDER BY id LIMIT ${BATCH}`,
      [now, after],
    );
    for (const { id } of due) {
      const paid = await matureOne(Number(id), now);
      if (paid !== null) {
        run.matured++;
        run.paidCents += paid;
      }
    }
    if (due.length < BATCH) return run;
    after = Number(due[due.length - 1]!.id);
  }
}
