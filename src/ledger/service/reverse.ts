import type { Actor } from '../../platform/actor.js';
import { inTransaction } from '../../platform/database.js';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.js';
import { LedgerTransaction } from '../models.js';
import { canPostOn, canReverse } from '../policy.js';
import { mirrorPostings, type Posting } from '../rules.js';
import { loadPosted, postCore } from './core.js';
import type { PostedEntry, PostedTransaction } from './types.js';

/**
 * The postings a transaction was made of. Entries are written credits first then debits, one of
 * each per posting (rules.ts planEntries), so posting i is entry n+i -> entry i.
 */
export function postingsOf(entries: readonly PostedEntry[]): Posting[] {
  const n = entries.length / 2;
  const postings: Posting[] = [];
  for (let i = 0; i < n; i++) {
    const credit = entries[i]!;
    const debit = entries[n + i]!;
    if (credit.amountCents <= 0 || debit.amountCents !== -credit.amountCents) throw new Error('Ledger entries are not in posting order');
    postings.push({ from: debit.account, to: credit.account, amountCents: credit.amountCents });
  }
  return postings;
}

/**
 * Undoes a transaction by posting its mirror (kind 'reversal', referencing it). Floors hold as for
 * the original's kind: a wallet payment whose escrow has since been paid out cannot be reversed.
 * A transaction is reversed at most once; a reversal is not itself reversed.
 */
export async function reverseTransaction(
  actor: Actor,
  transactionId: number,
  reason: string,
  idempotencyKey: string,
): Promise<PostedTransaction> {
  const why = typeof reason === 'string' ? reason.trim() : '';
  if (!why) throw ValidationFailed({ reason: 'is required' }, 'Say why the transaction is reversed');
  if (why.length > 400) throw ValidationFailed({ reason: 'must be at most 400 characters' });
  const key = typeof idempotencyKey === 'string' ? idempotencyKey.trim() : '';
  if (!key || key.length > 200) throw ValidationFailed({ idempotencyKey: 'must be 1 to 200 characters' });
  return inTransaction(async (t) => {
    const original = Number.isSafeInteger(transactionId) ? await LedgerTransaction.findByPk(transactionId, { transaction: t }) : null;
    // Whoever may post on the transaction's website learns that it exists; only admins reverse it.
    if (!original || !canPostOn(actor, original.websiteId)) throw NotFound('Ledger transaction');
    if (!canReverse(actor, original.websiteId)) throw Forbidden('Only admins reverse ledger transactions');
    if (original.kind === 'reversal') throw Conflict('A reversal cannot be reversed: post a new transaction instead');
    const stored = await loadPosted({ ...original.get({ plain: true }), inputHash: original.inputHash }, false);
    return postCore(actor, {
      websiteId: original.websiteId,
      currency: original.currency,
      kind: 'reversal',
      reference: { type: 'ledger_transaction', id: String(original.id) },
      memo: `Reversal of #${original.id}: ${why}`,
      idempotencyKey: key,
      postings: mirrorPostings(postingsOf(stored.entries)),
      reversesTransactionId: original.id,
      floorKind: original.kind,
      audit: (posted) => ({
        action: 'ledger.reverse',
        targetType: 'ledger_transaction',
        targetId: original.id,
        websiteId: original.websiteId,
        after: { reversedBy: posted.id },
        reason: why,
      }),
    });
  });
}
