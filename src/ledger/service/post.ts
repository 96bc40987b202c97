import type { Actor } from '../../platform/actor.js';
import { AppError, Forbidden, ValidationFailed, type FieldErrors } from '../../platform/errors.js';
import { canPostAdjustment, canPostOn } from '../policy.js';
import { CURRENCY_PATTERN, isTransactionKind, postingProblems } from '../rules.js';
import { postCore, postCoreBatch, type CoreInput, type CoreItem, type CoreResult } from './core.js';
import type { PostedTransaction, PostInput } from './types.js';

/**
 * The ledger's public service API (import from src/ledger/index.ts). Money moves only through it.
 *
 *   postTransaction(actor, input: PostInput): Promise<PostedTransaction>
 *     input = { websiteId, currency, kind, reference: { type, id } | null, memo?, idempotencyKey,
 *               postings: [{ from: AccountRef, to: AccountRef, amountCents }] }
 *     AccountRef = { kind: AccountKind, ownerId?: number } — ownerId is a user id for
 *     client_wallet / writer_payable, an order id for order_escrow, absent for the others.
 *     - Joins the caller's transaction when one is open (inTransaction nests through CLS): call it
 *       inside your own inTransaction together with your order/payment updates; your rollback
 *       undoes the posting. Post once per database transaction where you can: each call locks its
 *       accounts in ascending id, but locks held from an earlier call are not in that order.
 *     - Idempotent per (website, idempotencyKey): the same key and the same input return the first
 *       result with `replayed: true` (nothing moves); the same key with other input (any field but
 *       the key: currency, kind, reference, memo, postings as a set) -> Conflict 409.
 *     - Floors: a client wallet may not go below 0 -> PaymentRequired 402 'Insufficient funds…'
 *       (details.account names it); order escrow below 0, a writer payable below 0 (except by a
 *       fine or an advance) -> Conflict 409. Nothing is written when refused.
 *     - Bad input -> ValidationFailed 400 naming the field (postings.0.amountCents…); a currency
 *       other than the website's -> 400; an owner of another website (or an order of another
 *       currency) -> NotFound 404; an actor of another website -> Forbidden 403.
 *     - kind 'reversal' only through reverseTransaction; kind 'adjustment' needs an admin (audited).
 *   reverseTransaction(actor, transactionId, reason, idempotencyKey) — admins/system; posts the
 *     mirror of every posting (kind 'reversal', floors as for the original's kind); once per
 *     transaction (409 after); audited.
 *   adjustAccount(actor, { accountRef, websiteId?, currency?, amountCents (signed), reason, idempotencyKey })
 *     — admins; posts adjustments -> account (positive) or account -> adjustments (negative),
 *     floors respected; audited with the reason.
 *   walletBalance(actor, clientId) -> { clientId, currency, balanceCents }
 *   accountBalance(actor, locator) -> { accountId | null, websiteId, currency, kind, ownerId, balanceCents }
 *   accountHistory(actor, locator, { limit, cursor }) -> { items: HistoryItem[], nextCursor } (newest first)
 *   checkLedger({ websiteId? }) -> { ok, counts, problems } — the invariants (service/check.ts).
 */

const MAX_KEY = 200;
const MAX_MEMO = 500;
const REFERENCE_TYPE = /^[a-z][a-z0-9_]{0,39}$/;

function referenceOf(input: PostInput, problems: FieldErrors): { type: string; id: string } | null {
  if (input.reference === null || input.reference === undefined) return null;
  const { type, id } = input.reference;
  if (typeof type !== 'string' || !REFERENCE_TYPE.test(type)) problems['reference.type'] = 'must be a lowercase word like order or refund';
  const text = typeof id === 'number' && Number.isSafeInteger(id) ? String(id) : typeof id === 'string' ? id.trim() : '';
  if (!text || text.length > 120) problems['reference.id'] = 'must be an id of at most 120 characters';
  return { type, id: text };
}

/** Checks and normalises the input (400 naming each bad field). */
export function normalizePostInput(input: PostInput) {
  const problems: FieldErrors = {};
  if (!Number.isSafeInteger(input.websiteId) || input.websiteId <= 0) problems.websiteId = 'must be a website id';
  if (typeof input.currency !== 'string' || !CURRENCY_PATTERN.test(input.currency)) problems.currency = 'must be a currency code like USD';
  if (!isTransactionKind(input.kind)) problems.kind = 'is not a kind of ledger transaction';
  const key = typeof input.idempotencyKey === 'string' ? input.idempotencyKey.trim() : '';
  if (!key || key.length > MAX_KEY) problems.idempotencyKey = `must be 1 to ${MAX_KEY} characters`;
  const memo = input.memo === undefined || input.memo === null ? null : String(input.memo).trim() || null;
  if (memo && memo.length > MAX_MEMO) problems.memo = `must be at most ${MAX_MEMO} characters`;
  const reference = referenceOf(input, problems);
  Object.assign(problems, postingProblems(input.postings));
  if (Object.keys(problems).length) throw ValidationFailed(problems, 'Invalid ledger transaction');
  const postings = input.postings.map((p) => ({
    from: { kind: p.from.kind, ownerId: p.from.ownerId ?? null },
    to: { kind: p.to.kind, ownerId: p.to.ownerId ?? null },
    amountCents: p.amountCents,
  }));
  return { websiteId: input.websiteId, currency: input.currency, kind: input.kind, reference, memo, idempotencyKey: key, postings };
}

/** Checks and authorises one post: the core's input, or the error that refuses it. */
function coreInputFor(actor: Actor, input: PostInput): CoreInput {
  const normalized = normalizePostInput(input);
  if (!canPostOn(actor, normalized.websiteId)) throw Forbidden('You may not move money on this website');
  if (normalized.kind === 'reversal') throw ValidationFailed({ kind: 'a reversal is posted through reverseTransaction' });
  if (normalized.kind === 'adjustment' && !canPostAdjustment(actor, normalized.websiteId)) {
    throw Forbidden('Only admins adjust balances');
  }
  return {
    ...normalized,
    audit:
      normalized.kind === 'adjustment'
        ? (posted) => ({
            action: 'ledger.adjustment',
            targetType: 'ledger_transaction',
            targetId: posted.id,
            websiteId: posted.websiteId,
            after: {
              kind: posted.kind,
              memo: posted.memo,
              entries: posted.entries.map((e) => ({ accountId: e.accountId, amountCents: e.amountCents })),
            },
          })
        : undefined,
  };
}

/** Posts one balanced transaction (see the API notes above). */
export async function postTransaction(actor: Actor, input: PostInput): Promise<PostedTransaction> {
  return postCore(actor, coreInputFor(actor, input));
}

/**
 * Posts several transactions of one website and currency in the caller's transaction, deciding
 * each as postTransaction would (same checks, floors against the balances the earlier ones leave,
 * same replays): one result per item, in order; a refused item moves nothing and does not stop
 * the others. The accounts of all items are locked at once and all are written in one statement.
 * Throws BatchRaced when another process posted one of the keys meanwhile (roll back and post
 * each alone); any other throw is the whole batch's.
 */
export async function postTransactions(items: ReadonlyArray<{ actor: Actor; input: PostInput }>): Promise<CoreResult[]> {
  const results: Array<CoreResult | undefined> = [];
  const valid: CoreItem[] = [];
  const at: number[] = [];
  for (const [index, { actor, input }] of items.entries()) {
    try {
      valid.push({ actor, input: coreInputFor(actor, input) });
      at.push(index);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results[index] = { ok: false, error: err };
    }
  }
  const posted = await postCoreBatch(valid);
  posted.forEach((result, i) => (results[at[i]!] = result));
  return results as CoreResult[];
}
