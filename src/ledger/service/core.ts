import type { Transaction } from 'sequelize';
import { recordAudit, type AuditEntry } from '../../audit/service.js';
import type { Actor } from '../../identity/actor.js';
import { currentTransaction, inTransaction } from '../../platform/database.js';
import { AppError, Conflict, NotFound, ValidationFailed } from '../../platform/errors.js';
import {
  accountKey, accountsOf, breaksFloor, inputHash, netChanges, OWNER_TYPE, planEntries,
  type AccountKind, type Posting, type TransactionKind,
} from '../rules.js';
import { createMissing, probeOnly, selectForUpdate, type LockedAccount, type Probe } from './accounts.js';
import { select } from './sql.js';
import type { PostedEntry, PostedTransaction } from './types.js';

/**
 * The one place that writes the ledger. In the caller's transaction (or its own): replay by
 * idempotency key, find-or-create and lock the accounts, check floors, insert the transaction and
 * its entries, update balances. Everything here is raw SQL on the current transaction.
 */

export interface CoreInput {
  websiteId: number;
  currency: string;
  kind: TransactionKind;
  reference: { type: string; id: string } | null;
  memo: string | null;
  idempotencyKey: string;
  postings: readonly Posting[];
  reversesTransactionId?: number | null;
  /** The kind whose floor exemptions apply (a reversal: the reversed transaction's kind). */
  floorKind?: TransactionKind;
  /** Written in the same transaction when something was posted (not on a replay). */
  audit?: (posted: PostedTransaction) => AuditEntry;
}

interface StoredHeader {
  id: number;
  websiteId: number;
  currency: string;
  kind: TransactionKind;
  referenceType: string | null;
  referenceId: string | null;
  memo: string | null;
  idempotencyKey: string;
  inputHash: string;
  actorUserId: number | null;
  reversesTransactionId: number | null;
  createdAt: Date;
}

const HEADER_COLUMNS = `t.id, t.website_id AS "websiteId", t.currency, t.kind, t.reference_type AS "referenceType",
  t.reference_id AS "referenceId", t.memo, t.idempotency_key AS "idempotencyKey", t.input_hash AS "inputHash",
  t.actor_user_id AS "actorUserId", t.reverses_transaction_id AS "reversesTransactionId", t.created_at AS "createdAt"`;

/** The stored transaction with its entries, as the API returns it. */
export async function loadPosted(header: StoredHeader, replayed: boolean, transaction: Transaction): Promise<PostedTransaction> {
  const entries = await select<PostedEntry & { kind: AccountKind; ownerId: number | null }>(
    `SELECT e.id, e.account_id AS "accountId", a.kind, a.owner_id AS "ownerId", e.amount_cents AS "amountCents",
            e.balance_after_cents AS "balanceAfterCents"
       FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
      WHERE e.transaction_id = $1 ORDER BY e.id`,
    [header.id],
    transaction,
  );
  return toPosted(header, entries.map((e) => ({ ...e, account: { kind: e.kind, ownerId: e.ownerId } })), replayed);
}

function toPosted(header: StoredHeader, entries: PostedEntry[], replayed: boolean): PostedTransaction {
  return {
    id: header.id,
    websiteId: header.websiteId,
    currency: header.currency,
    kind: header.kind,
    reference: header.referenceType !== null ? { type: header.referenceType, id: header.referenceId! } : null,
    memo: header.memo,
    idempotencyKey: header.idempotencyKey,
    actorUserId: header.actorUserId,
    reversesTransactionId: header.reversesTransactionId,
    createdAt: header.createdAt,
    entries: entries.map(({ id, accountId, account, amountCents, balanceAfterCents }) => ({ id, accountId, account, amountCents, balanceAfterCents })),
    replayed,
  };
}

async function findByKey(websiteId: number, key: string, transaction: Transaction): Promise<StoredHeader | undefined> {
  const [row] = await select<StoredHeader>(`SELECT ${HEADER_COLUMNS} FROM ledger_transactions t WHERE t.website_id = $1 AND t.idempotency_key = $2`, [websiteId, key], transaction);
  return row;
}

/** Same key: the first result when the input is the same, else a 409. */
async function replayOrConflict(stored: StoredHeader, hash: string, transaction: Transaction): Promise<PostedTransaction> {
  if (stored.inputHash !== hash) {
    throw Conflict('idempotency key reused with different input', { idempotencyKey: stored.idempotencyKey });
  }
  return loadPosted(stored, true, transaction);
}

function floorError(account: LockedAccount, before: number, after: number): AppError {
  const details = { account: { id: account.id, kind: account.kind, ownerId: account.ownerId }, balanceCents: before, shortfallCents: -after };
  if (account.kind === 'client_wallet') {
    return new AppError('payment_required', `Insufficient funds in the client wallet of user ${account.ownerId}: balance ${before} cents, ${before - after} needed`, undefined, details);
  }
  const owner = account.ownerId !== null ? ` of ${OWNER_TYPE[account.kind]} ${account.ownerId}` : '';
  return Conflict(`Insufficient balance in ${account.kind}${owner}: balance ${before} cents, ${before - after} needed`, details);
}

interface EntryRow {
  id: number;
  accountId: number;
  amountCents: number;
  balanceAfterCents: number;
}

/**
 * One statement writes the transaction, its entries (in plan order: credits first) and the new
 * balances. When the key was taken meanwhile (ON CONFLICT waited for that post to commit), the
 * header CTE is empty and so are the others: nothing is written and no row comes back.
 */
async function writeTransaction(actor: Actor, input: CoreInput, hash: string, accounts: Map<string, LockedAccount>, transaction: Transaction) {
  const bind: unknown[] = [input.websiteId, input.currency, input.kind, input.reference?.type ?? null, input.reference?.id ?? null, actor.userId,
    input.memo, input.idempotencyKey, hash, input.reversesTransactionId ?? null];
  const running = new Map([...accounts].map(([key, a]) => [key, a.balanceCents]));
  const entryValues = planEntries(input.postings).map((entry, ord) => {
    const balance = running.get(entry.key)! + entry.amountCents;
    running.set(entry.key, balance);
    bind.push(accounts.get(entry.key)!.id, entry.amountCents, balance, ord);
    return `($${bind.length - 3}::bigint, $${bind.length - 2}::bigint, $${bind.length - 1}::bigint, $${bind.length}::int)`;
  });
  const balanceValues = [...running].map(([key, balance]) => {
    bind.push(accounts.get(key)!.id, balance);
    return `($${bind.length - 1}::bigint, $${bind.length}::bigint)`;
  });
  const [row] = await select<StoredHeader & { entries: EntryRow[] }>(
    `WITH h AS (
       INSERT INTO ledger_transactions AS t (website_id, currency, kind, reference_type, reference_id, actor_user_id, memo,
           idempotency_key, input_hash, reverses_transaction_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (website_id, idempotency_key) DO NOTHING RETURNING ${HEADER_COLUMNS}
     ), e AS (
       INSERT INTO ledger_entries (transaction_id, account_id, amount_cents, balance_after_cents)
       SELECT h.id, v.account_id, v.amount, v.balance FROM h CROSS JOIN (VALUES ${entryValues.join(', ')}) AS v(account_id, amount, balance, ord)
       ORDER BY v.ord
       RETURNING id, account_id AS "accountId", amount_cents AS "amountCents", balance_after_cents AS "balanceAfterCents"
     ), u AS (
       UPDATE ledger_accounts a SET balance_cents = v.balance
         FROM h CROSS JOIN (VALUES ${balanceValues.join(', ')}) AS v(id, balance) WHERE a.id = v.id RETURNING a.id
     )
     SELECT h.*, (SELECT json_agg(e ORDER BY e.id) FROM e) AS entries FROM h`,
    bind,
    transaction,
  );
  return row;
}

async function postLocked(actor: Actor, input: CoreInput, transaction: Transaction): Promise<PostedTransaction> {
  const hash = inputHash(input);
  const refs = accountsOf(input.postings);
  // Usually one round trip: lock the accounts and read the website's currency and the key.
  const rows = await selectForUpdate(input.websiteId, input.currency, refs, transaction, input.idempotencyKey);
  const probe: Probe = rows[0] ? { websiteCurrency: rows[0].websiteCurrency ?? null, existingId: rows[0].existingId ?? null } : await probeOnly(input.websiteId, input.idempotencyKey, transaction);
  if (probe.websiteCurrency === null) throw NotFound('Website');
  if (probe.existingId !== null) return replayOrConflict((await findByKey(input.websiteId, input.idempotencyKey, transaction))!, hash, transaction);
  if (probe.websiteCurrency !== input.currency) throw ValidationFailed({ currency: `must be the website's currency (${probe.websiteCurrency})` });

  const accounts = new Map<string, LockedAccount>(rows.map(({ id, kind, ownerId, balanceCents }) => [accountKey({ kind, ownerId }), { id, kind, ownerId, balanceCents }]));
  await createMissing(input.websiteId, input.currency, refs, accounts, transaction);
  if (input.reversesTransactionId) {
    const [done] = await select<{ id: number }>('SELECT id FROM ledger_transactions WHERE reverses_transaction_id = $1', [input.reversesTransactionId], transaction);
    if (done) throw Conflict(`Transaction ${input.reversesTransactionId} is already reversed (by ${done.id})`, { reversedBy: done.id });
  }
  for (const [key, delta] of netChanges(planEntries(input.postings))) {
    const account = accounts.get(key)!;
    const after = account.balanceCents + delta;
    if (!breaksFloor(account.kind, input.floorKind ?? input.kind, account.balanceCents, after)) continue;
    // The same key may have been posted while we waited for the locks: that is a replay, not a refusal.
    const raced = await findByKey(input.websiteId, input.idempotencyKey, transaction);
    if (raced) return replayOrConflict(raced, hash, transaction);
    throw floorError(account, account.balanceCents, after);
  }

  const written = await writeTransaction(actor, input, hash, accounts, transaction);
  // A concurrent post under the same key committed first.
  if (!written) return replayOrConflict((await findByKey(input.websiteId, input.idempotencyKey, transaction))!, hash, transaction);
  const byId = new Map([...accounts.values()].map((a) => [a.id, a]));
  const entries = written.entries.map((e) => ({ ...e, account: { kind: byId.get(e.accountId)!.kind, ownerId: byId.get(e.accountId)!.ownerId } }));
  const posted = toPosted(written, entries, false);
  if (input.audit) await recordAudit(actor, input.audit(posted));
  return posted;
}

const RETRYABLE = new Set(['40P01', '40001']); // deadlock detected, serialization failure
const MAX_ATTEMPTS = 3;

const pgCode = (err: unknown): string | undefined =>
  (err as { original?: { code?: string } })?.original?.code ?? (err as { code?: string })?.code;

/**
 * Posts in the caller's transaction when there is one (its rollback undoes the posting; a
 * deadlock there is the caller's to retry), else in its own, retried on a deadlock.
 */
export async function postCore(actor: Actor, input: CoreInput): Promise<PostedTransaction> {
  if (currentTransaction()) return inTransaction((t) => postLocked(actor, input, t));
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction((t) => postLocked(actor, input, t));
    } catch (err) {
      if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has(pgCode(err) ?? '')) throw err;
    }
  }
}
