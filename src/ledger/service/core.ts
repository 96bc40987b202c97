import { type AuditEntry, recordAudit } from '../../audit/index.js';
import type { Actor } from '../../platform/actor.js';
import { currentTransaction, inTransaction } from '../../platform/database.js';
import { clock } from '../../platform/clock.js';
import { AppError, Conflict, NotFound, ValidationFailed } from '../../platform/errors.js';
import {
  accountKey,
  accountsOf,
  breaksFloor,
  inputHash,
  netChanges,
  OWNER_TYPE,
  planEntries,
  type AccountKind,
  type Posting,
  type TransactionKind,
} from '../rules.js';
import { createMissing, probeOnly, selectForUpdate, type LockedAccount, type Probe } from './accounts.js';
import { sql } from '../../platform/database.js';
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
export async function loadPosted(header: StoredHeader, replayed: boolean): Promise<PostedTransaction> {
  const entries = await sql<PostedEntry & { kind: AccountKind; ownerId: number | null }>(
    `SELECT e.id, e.account_id AS "accountId", a.kind, a.owner_id AS "ownerId", e.amount_cents AS "amountCents",
            e.balance_after_cents AS "balanceAfterCents"
       FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
      WHERE e.transaction_id = $1 ORDER BY e.id`,
    [header.id],
  );
  return toPosted(
    header,
    entries.map((e) => ({ ...e, account: { kind: e.kind, ownerId: e.ownerId } })),
    replayed,
  );
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
    entries: entries.map(({ id, accountId, account, amountCents, balanceAfterCents }) => ({
      id,
      accountId,
      account,
      amountCents,
      balanceAfterCents,
    })),
    replayed,
  };
}

async function findByKey(websiteId: number, key: string): Promise<StoredHeader | undefined> {
  const [row] = await sql<StoredHeader>(
    `SELECT ${HEADER_COLUMNS} FROM ledger_transactions t WHERE t.website_id = $1 AND t.idempotency_key = $2`,
    [websiteId, key],
  );
  return row;
}

/** Same key: the first result when the input is the same, else a 409. */
async function replayOrConflict(stored: StoredHeader, hash: string): Promise<PostedTransaction> {
  if (stored.inputHash !== hash) {
    throw Conflict('idempotency key reused with different input', { idempotencyKey: stored.idempotencyKey });
  }
  return loadPosted(stored, true);
}

function floorError(account: LockedAccount, before: number, after: number): AppError {
  const details = {
    account: { id: account.id, kind: account.kind, ownerId: account.ownerId },
    balanceCents: before,
    shortfallCents: -after,
  };
  if (account.kind === 'client_wallet') {
    return new AppError(
      'payment_required',
      `Insufficient funds in the client wallet of user ${account.ownerId}: balance ${before} cents, ${before - after} needed`,
      undefined,
      details,
    );
  }
  const owner = account.ownerId !== null ? ` of ${OWNER_TYPE[account.kind]} ${account.ownerId}` : '';
  return Conflict(`Insufficient balance in ${account.kind}${owner}: balance ${before} cents, ${before - after} needed`, details);
}

interface EntryRow {
  id: number;
  transactionId: number;
  accountId: number;
  amountCents: number;
  balanceAfterCents: number;
}

/** One transaction ready to write: its entries carry the balances they leave. */
interface Planned {
  item: CoreItem;
  hash: string;
  entries: Array<{ accountId: number; amountCents: number; balanceAfterCents: number }>;
}

/**
 * One statement writes the transactions, their entries (in plan order: credits first) and the new
 * balances. When a key was taken meanwhile (ON CONFLICT waited for that post to commit), fewer
 * headers come back than were planned and neither entries nor balances are written: the caller
 * then answers a single post as a replay and abandons a batch (its transaction rolls back).
 */
async function writeTransactions(planned: Planned[], balances: Map<number, number>) {
  // Posted at the clock's now (not the database's), so a posting's time agrees with the times the
  // jobs reason with (a payout period's cutoff, an earning's maturity) whatever the clock says.
  const bind: unknown[] = [planned.length, clock.now()];
  const headers = planned.map(({ item: { actor, input }, hash }) => {
    bind.push(
      input.websiteId,
      input.currency,
      input.kind,
      input.reference?.type ?? null,
      input.reference?.id ?? null,
      actor.userId,
      input.memo,
      input.idempotencyKey,
      hash,
      input.reversesTransactionId ?? null,
    );
    const n = bind.length;
    return `($${n - 9}::bigint, $${n - 8}, $${n - 7}, $${n - 6}, $${n - 5}, $${n - 4}::bigint, $${n - 3}, $${n - 2}, $${n - 1}, $${n}::bigint, $2::timestamptz)`;
  });
  let ord = 0;
  const entryValues = planned.flatMap(({ item, entries }) =>
    entries.map((entry) => {
      bind.push(item.input.idempotencyKey, entry.accountId, entry.amountCents, entry.balanceAfterCents, ord++);
      const n = bind.length;
      return `($${n - 4}, $${n - 3}::bigint, $${n - 2}::bigint, $${n - 1}::bigint, $${n}::int)`;
    }),
  );
  const balanceValues = [...balances].map(([accountId, balance]) => {
    bind.push(accountId, balance);
    return `($${bind.length - 1}::bigint, $${bind.length}::bigint)`;
  });
  return sql<StoredHeader & { entries: EntryRow[] }>(
    `WITH h AS (
       INSERT INTO ledger_transactions AS t (website_id, currency, kind, reference_type, reference_id, actor_user_id, memo,
           idempotency_key, input_hash, reverses_transaction_id, created_at)
       VALUES ${headers.join(', ')}
       ON CONFLICT (website_id, idempotency_key) DO NOTHING RETURNING ${HEADER_COLUMNS}
     ), complete AS (
       SELECT count(*) = $1 AS ok FROM h
     ), e AS (
       INSERT INTO ledger_entries (transaction_id, account_id, amount_cents, balance_after_cents, created_at)
       SELECT h.id, v.account_id, v.amount, v.balance, $2::timestamptz FROM (VALUES ${entryValues.join(', ')}) AS v(key, account_id, amount, balance, ord)
         JOIN h ON h."idempotencyKey" = v.key CROSS JOIN complete WHERE complete.ok
       ORDER BY v.ord
       RETURNING id, transaction_id AS "transactionId", account_id AS "accountId", amount_cents AS "amountCents", balance_after_cents AS "balanceAfterCents"
     ), u AS (
       UPDATE ledger_accounts a SET balance_cents = v.balance
         FROM complete CROSS JOIN (VALUES ${balanceValues.join(', ')}) AS v(id, balance) WHERE complete.ok AND a.id = v.id RETURNING a.id
     )
     SELECT h.*, (SELECT json_agg(e ORDER BY e.id) FROM e WHERE e."transactionId" = h.id) AS entries FROM h`,
    bind,
  );
}

/** Thrown when a batch met a key posted concurrently: its transaction must roll back, each post then goes alone. */
export class BatchRaced extends Error {
  constructor() {
    super('an idempotency key of the batch was posted concurrently');
  }
}

export interface CoreItem {
  actor: Actor;
  input: CoreInput;
}

/** Per item of a batch: what was posted (or replayed), or why not. */
export type CoreResult = { ok: true; posted: PostedTransaction } | { ok: false; error: AppError };

const failed = (err: unknown): CoreResult => {
  if (err instanceof AppError) return { ok: false, error: err };
  throw err;
};

/**
 * Posts `items` (one website and currency) in the current transaction: locks every account they
 * touch at once (ascending id), then decides each in order against the running balances — a
 * replay, a conflict, a floor refused, or planned — and writes all planned ones in one statement.
 * An item refused changes nothing; the others still post.
 */
async function postManyLocked(items: CoreItem[]): Promise<CoreResult[]> {
  const { websiteId, currency } = items[0]!.input;
  if (items.some(({ input }) => input.websiteId !== websiteId || input.currency !== currency)) {
    throw new Error('a ledger batch posts on one website in one currency');
  }
  const refs = accountsOf(items.flatMap(({ input }) => input.postings));
  const keys = [...new Set(items.map(({ input }) => input.idempotencyKey))];
  // Usually one round trip: lock the accounts and read the website's currency and the keys.
  const rows = await selectForUpdate(websiteId, currency, refs, keys);
  const probe: Probe = rows[0]
    ? { websiteCurrency: rows[0].websiteCurrency ?? null, existingKeys: rows[0].existingKeys ?? null }
    : await probeOnly(websiteId, keys);
  if (probe.websiteCurrency === null) throw NotFound('Website');
  // A replay is answered whatever the currency; anything else in a currency not the website's is a 400 (and creates no account).
  const wrongCurrency = probe.websiteCurrency !== currency;

  const accounts = new Map<string, LockedAccount>(
    rows.map(({ id, kind, ownerId, balanceCents }) => [accountKey({ kind, ownerId }), { id, kind, ownerId, balanceCents }]),
  );
  if (!wrongCurrency) await createMissing(websiteId, currency, refs, accounts);
  const running = new Map([...accounts.values()].map((a) => [a.id, a.balanceCents]));
  const existing = new Set(probe.existingKeys ?? []);
  const results: Array<CoreResult | undefined> = [];
  const plannedByKey = new Map<string, Planned>();
  const sameAs = new Map<number, Planned>();
  for (const [index, item] of items.entries()) {
    const { input } = item;
    const hash = inputHash(input);
    const earlier = plannedByKey.get(input.idempotencyKey);
    if (earlier) {
      if (earlier.hash === hash) sameAs.set(index, earlier);
      else results[index] = failed(Conflict('idempotency key reused with different input', { idempotencyKey: input.idempotencyKey }));
      continue;
    }
    if (existing.has(input.idempotencyKey)) {
      results[index] = await replayOrConflict((await findByKey(websiteId, input.idempotencyKey))!, hash).then(
        (posted) => ({ ok: true as const, posted }),
        failed,
      );
      continue;
    }
    if (wrongCurrency) {
      results[index] = failed(ValidationFailed({ currency: `must be the website's currency (${probe.websiteCurrency})` }));
      continue;
    }
    if (input.reversesTransactionId) {
      const [done] = await sql<{ id: number }>('SELECT id FROM ledger_transactions WHERE reverses_transaction_id = $1', [
        input.reversesTransactionId,
      ]);
      if (done) {
        results[index] = failed(
          Conflict(`Transaction ${input.reversesTransactionId} is already reversed (by ${done.id})`, { reversedBy: done.id }),
        );
        continue;
      }
    }
    const refused = await floorRefusal(item, hash, accounts, running);
    if (refused) {
      results[index] = refused;
      continue;
    }
    const entries = planEntries(input.postings).map((entry) => {
      const account = accounts.get(entry.key)!;
      const balanceAfterCents = running.get(account.id)! + entry.amountCents;
      running.set(account.id, balanceAfterCents);
      return { accountId: account.id, amountCents: entry.amountCents, balanceAfterCents };
    });
    const planned = { item, hash, entries };
    plannedByKey.set(input.idempotencyKey, planned);
    results[index] = undefined;
  }
  return finish(items, results, [...plannedByKey.values()], sameAs, accounts, running);
}

/** A floor this item would break, as its refusal — or its replay, when the key was posted while we waited for the locks. */
async function floorRefusal(
  item: CoreItem,
  hash: string,
  accounts: Map<string, LockedAccount>,
  running: Map<number, number>,
): Promise<CoreResult | null> {
  const { input } = item;
  for (const [key, delta] of netChanges(planEntries(input.postings))) {
    const account = accounts.get(key)!;
    const before = running.get(account.id)!;
    const after = before + delta;
    if (!breaksFloor(account.kind, input.floorKind ?? input.kind, before, after)) continue;
    const raced = await findByKey(input.websiteId, input.idempotencyKey);
    if (raced) return replayOrConflict(raced, hash).then((posted) => ({ ok: true as const, posted }), failed);
    return failed(floorError({ ...account, balanceCents: before }, before, after));
  }
  return null;
}

/** Writes the planned transactions, audits them, and fills in every item's result. */
async function finish(
  items: CoreItem[],
  results: Array<CoreResult | undefined>,
  planned: Planned[],
  sameAs: Map<number, Planned>,
  accounts: Map<string, LockedAccount>,
  running: Map<number, number>,
): Promise<CoreResult[]> {
  if (!planned.length) return results as CoreResult[];
  const touched = new Set(planned.flatMap((p) => p.entries.map((e) => e.accountId)));
  const written = await writeTransactions(planned, new Map([...touched].map((id) => [id, running.get(id)!])));
  if (written.length < planned.length) {
    if (planned.length > 1) throw new BatchRaced();
    // A concurrent post under the same key committed first.
    const { input } = planned[0]!.item;
    const replay = await replayOrConflict((await findByKey(input.websiteId, input.idempotencyKey))!, planned[0]!.hash).then(
      (posted) => ({ ok: true as const, posted }),
      failed,
    );
    return items.map((_, i) => results[i] ?? replay);
  }
  const byId = new Map([...accounts.values()].map((a) => [a.id, a]));
  const postedByKey = new Map<string, PostedTransaction>();
  for (const header of written) {
    const entries = header.entries.map((e) => ({
      ...e,
      account: { kind: byId.get(e.accountId)!.kind, ownerId: byId.get(e.accountId)!.ownerId },
    }));
    postedByKey.set(header.idempotencyKey, toPosted(header, entries, false));
  }
  for (const { item } of planned) {
    const posted = postedByKey.get(item.input.idempotencyKey)!;
    if (item.input.audit) await recordAudit(item.actor, item.input.audit(posted));
  }
  return items.map((item, i) => {
    const same = sameAs.get(i);
    if (same) return { ok: true, posted: { ...postedByKey.get(same.item.input.idempotencyKey)!, replayed: true } };
    return results[i] ?? { ok: true, posted: postedByKey.get(item.input.idempotencyKey)! };
  });
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
  const post = async () => {
    const [result] = await postManyLocked([{ actor, input }]);
    if (!result!.ok) throw result!.error;
    return result!.posted;
  };
  if (currentTransaction()) return inTransaction(post);
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(post);
    } catch (err) {
      if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has(pgCode(err) ?? '')) throw err;
    }
  }
}

/**
 * Posts a batch in the current transaction (which the caller opened and owns): one result per
 * item, in order. Throws BatchRaced (roll back, then post each alone) when another process posted
 * one of the keys meanwhile; any other throw is the whole batch's.
 */
export async function postCoreBatch(items: CoreItem[]): Promise<CoreResult[]> {
  const transaction = currentTransaction();
  if (!transaction) throw new Error("postCoreBatch runs in its caller's transaction");
  return items.length ? postManyLocked(items) : [];
}
