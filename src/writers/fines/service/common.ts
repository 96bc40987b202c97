import { postTransaction, type PostedTransaction } from '../../../ledger/index.js';
import type { Order } from '../../../orders/index.js';
import type { Actor } from '../../../platform/actor.js';
import { currentTransaction } from '../../../platform/database.js';
import { NotFound } from '../../../platform/errors.js';
import { WriterEarning } from '../../models.js';
import { computeEarning, earningWorkOf, rateCardFor } from '../../rules.js';
import { levelCardOf } from '../../service/earnings.js';
import { Fine, FineType } from '../models.js';
import { canSeeFine } from '../policy.js';
import { DEFAULT_FINE_TYPES, fineLedgerKey, fineRefundLedgerKey, type FineTypeCode } from '../rules.js';

/**
 * Gives a website RULES.md's fine types (those it lacks; edited ones are left alone). Idempotent:
 * run by the website-created hook, the migration for websites that existed, and before any fine.
 */
export async function installDefaultFineTypes(websiteId: number): Promise<void> {
  await FineType.bulkCreate(
    DEFAULT_FINE_TYPES.map((t) => ({
      websiteId,
      code: t.code,
      name: t.name,
      automatic: t.automatic,
      amountCents: t.amountCents,
      percentBp: t.percentBp,
      minCents: t.minCents,
      maxCents: t.maxCents,
    })),
    { ignoreDuplicates: true },
  );
}

/** A website's fine type by code, installing the defaults first when the website has none yet. */
export async function fineTypeOf(websiteId: number, code: FineTypeCode): Promise<FineType> {
  const found = await FineType.findOne({ where: { websiteId, code } });
  if (found) return found;
  await installDefaultFineTypes(websiteId);
  return (await FineType.findOne({ where: { websiteId, code } }))!;
}

/**
 * What the writer earns (or earned) on the order, the base of a percentage fine: the earning
 * recorded at completion when there is one, else the earning the frozen rate card gives (the card of the
 * writer's level today when none was frozen), as src/writers computes it.
 */
export async function earningCentsOf(order: Order, writerId: number): Promise<number> {
  const earning = await WriterEarning.findOne({ where: { orderId: order.id, writerId }, attributes: ['amountCents'] });
  if (earning) return earning.amountCents;
  return computeEarning(earningWorkOf(order), rateCardFor(order.writerRateCard, await levelCardOf(writerId, order.websiteId))).totalCents;
}

/** A fine the actor may see, locked for the rest of the transaction; else 404. */
export async function lockVisibleFine(actor: Actor, fineId: number): Promise<Fine> {
  const transaction = currentTransaction();
  if (!transaction) throw new Error('lockVisibleFine must run inside a transaction');
  const fine = Number.isSafeInteger(fineId) && fineId > 0 ? await Fine.findByPk(fineId, { lock: transaction.LOCK.UPDATE }) : null;
  if (!fine || !canSeeFine(actor, fine)) throw NotFound('Fine');
  return fine;
}

/**
 * Posts the fine up to `totalCents` (writer_payable -> fines_income, kind 'fine'): only what is
 * not posted yet, keyed by the total it reaches, so each step moves money once however often it
 * is tried. The writer's payable may go below zero (RULES.md: "only through fines and advances").
 */
export async function postFineUpTo(actor: Actor, fine: Fine, totalCents: number): Promise<PostedTransaction | null> {
  const amountCents = totalCents - fine.postedCents;
  if (amountCents <= 0) return null;
  const posted = await postTransaction(actor, {
    websiteId: fine.websiteId,
    currency: fine.currency,
    kind: 'fine',
    reference: { type: 'fine', id: fine.id },
    memo: `Fine ${fine.id} (${fine.typeCode.replace(/_/g, ' ')}) to ${totalCents}`,
    idempotencyKey: fineLedgerKey(fine.id, totalCents),
    postings: [{ from: { kind: 'writer_payable', ownerId: fine.writerId }, to: { kind: 'fines_income' }, amountCents }],
  });
  await fine.update({ postedCents: totalCents, lastTransactionId: posted.id });
  return posted;
}

/**
 * Gives the writer back everything posted for the fine (fines_income -> writer_payable, kind
 * 'fine_refund'), once: before the next payout the two cancel out; after it, the writer is paid
 * the refund in the payout after.
 */
export async function refundFine(actor: Actor, fine: Fine): Promise<PostedTransaction | null> {
  const amountCents = fine.postedCents - fine.refundedCents;
  if (amountCents <= 0) return null;
  const posted = await postTransaction(actor, {
    websiteId: fine.websiteId,
    currency: fine.currency,
    kind: 'fine_refund',
    reference: { type: 'fine', id: fine.id },
    memo: `Fine ${fine.id} refunded`,
    idempotencyKey: fineRefundLedgerKey(fine.id),
    postings: [{ from: { kind: 'fines_income' }, to: { kind: 'writer_payable', ownerId: fine.writerId }, amountCents }],
  });
  await fine.update({ refundedCents: fine.postedCents, refundTransactionId: posted.id });
  return posted;
}

/** The trimmed text of a required reason, or the field error. */
export function reasonOf(value: unknown): string | { error: string } {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) return { error: 'is required' };
  if (text.length > 2000) return { error: 'must be at most 2000 characters' };
  return text;
}
