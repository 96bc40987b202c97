import type { Actor } from '../../platform/actor.js';
import { Forbidden, ValidationFailed, type FieldErrors } from '../../platform/errors.js';
import { canAdjust } from '../policy.js';
import { accountRefProblems, MAX_AMOUNT_CENTS, type Posting } from '../rules.js';
import { postCore } from './core.js';
import { normalizePostInput } from './post.js';
import { websiteOf } from './queries.js';
import type { AdjustInput, PostedTransaction } from './types.js';

/**
 * A staff correction of one account's balance (RULES.md: adjustments <-> the account corrected,
 * reason required). Admins only; floors hold (a wallet is never adjusted below zero); audited
 * with the balance before and after.
 */
export async function adjustAccount(actor: Actor, input: AdjustInput): Promise<PostedTransaction> {
  const problems: FieldErrors = { ...accountRefProblems(input.accountRef, 'accountRef') };
  if (input.accountRef?.kind === 'adjustments')
    problems['accountRef.kind'] = 'the adjustments account is the other side of every adjustment';
  const amount = input.amountCents;
  if (!Number.isSafeInteger(amount) || amount === 0) problems.amountCents = 'must be a non-zero whole number of cents';
  else if (Math.abs(amount) > MAX_AMOUNT_CENTS) problems.amountCents = `must be at most ${MAX_AMOUNT_CENTS} either way`;
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (!reason) problems.reason = 'is required';
  else if (reason.length > 400) problems.reason = 'must be at most 400 characters';
  if (Object.keys(problems).length) throw ValidationFailed(problems, 'Invalid adjustment');

  const website = await websiteOf(actor, input.websiteId);
  if (!canAdjust(actor, website.id)) throw Forbidden('Only admins adjust balances');
  const account = { kind: input.accountRef.kind, ownerId: input.accountRef.ownerId ?? null };
  const adjustments = { kind: 'adjustments' as const };
  const posting: Posting =
    amount > 0 ? { from: adjustments, to: account, amountCents: amount } : { from: account, to: adjustments, amountCents: -amount };
  const normalized = normalizePostInput({
    websiteId: website.id,
    currency: input.currency ?? website.currency,
    kind: 'adjustment',
    reference: null,
    memo: reason,
    idempotencyKey: input.idempotencyKey,
    postings: [posting],
  });
  return postCore(actor, {
    ...normalized,
    audit: (posted) => {
      const entry = posted.entries.find((e) => e.account.kind === account.kind && e.account.ownerId === account.ownerId)!;
      return {
        action: 'ledger.adjust',
        targetType: 'ledger_account',
        targetId: entry.accountId,
        websiteId: posted.websiteId,
        before: { balanceCents: entry.balanceAfterCents - entry.amountCents },
        after: { balanceCents: entry.balanceAfterCents, transactionId: posted.id },
        reason,
      };
    },
  });
}
