import type { Actor } from '../../platform/actor.js';
import { sql } from '../../platform/database.js';
import { NotFound, ValidationFailed } from '../../platform/errors.js';
import { decodeCursor, toPage, type Page } from '../../platform/http/pagination.js';
import { canNameWebsite, canSeeAccount, canSeeLedger } from '../policy.js';
import { accountRefProblems, CURRENCY_PATTERN, OWNER_TYPE, type AccountRef, type TransactionKind } from '../rules.js';
import type { AccountBalance, AccountLocator, HistoryItem, WalletBalance } from './types.js';

/** Reads of balances and histories: one indexed query each, on a pooled connection (platform `sql`). */

/** The website an actor reads or adjusts: the named one if the actor may act on it, else the actor's own. */
export async function websiteOf(actor: Actor, websiteId?: number): Promise<{ id: number; currency: string }> {
  const id = websiteId ?? actor.websiteId;
  if (id === null || id === undefined) throw ValidationFailed({ websiteId: 'is required when acting across websites' });
  const [row] = canNameWebsite(actor, id)
    ? await sql<{ id: number; currency: string }>('SELECT id, currency FROM websites WHERE id = $1', [id])
    : [];
  if (!row) throw NotFound('Website');
  return row;
}

interface ResolvedAccount extends AccountBalance {
  accountId: number | null;
}

async function resolveAccount(actor: Actor, locator: AccountLocator): Promise<ResolvedAccount> {
  const problems = accountRefProblems(locator, 'account');
  if (locator.currency !== undefined && !CURRENCY_PATTERN.test(locator.currency)) problems.currency = 'must be a currency code like USD';
  if (Object.keys(problems).length) throw ValidationFailed(problems);
  const website = await websiteOf(actor, locator.websiteId);
  const ref: AccountRef = { kind: locator.kind, ownerId: OWNER_TYPE[locator.kind] ? locator.ownerId! : null };
  if (!canSeeAccount(actor, website.id, ref)) throw NotFound('Account');
  const currency = locator.currency ?? website.currency;
  const [row] = await sql<{ id: number; balanceCents: number }>(
    `SELECT id, balance_cents AS "balanceCents" FROM ledger_accounts
      WHERE website_id = $1 AND currency = $2 AND kind = $3 AND COALESCE(owner_id, 0) = $4`,
    [website.id, currency, ref.kind, ref.ownerId ?? 0],
  );
  return {
    accountId: row?.id ?? null,
    websiteId: website.id,
    currency,
    kind: ref.kind,
    ownerId: ref.ownerId ?? null,
    balanceCents: row?.balanceCents ?? 0,
  };
}

/** One account's balance (0 when nothing was ever posted to it). */
export async function accountBalance(actor: Actor, locator: AccountLocator): Promise<AccountBalance> {
  return resolveAccount(actor, locator);
}

/** A client's wallet in the website's currency: the client themself, or staff of the website. */
export async function walletBalance(actor: Actor, clientId: number): Promise<WalletBalance> {
  const { ownerId, currency, balanceCents } = await resolveAccount(actor, { kind: 'client_wallet', ownerId: clientId });
  return { clientId: ownerId!, currency, balanceCents };
}

interface HistoryRow {
  entryId: number;
  transactionId: number;
  kind: TransactionKind;
  memo: string | null;
  referenceType: string | null;
  referenceId: string | null;
  amountCents: number;
  balanceAfterCents: number;
  createdAt: Date;
}

/** An account's entries, newest first, keyset-paginated on the entry id. */
export async function accountHistory(
  actor: Actor,
  locator: AccountLocator,
  page: { limit: number; cursor?: string },
): Promise<Page<HistoryItem>> {
  const account = await resolveAccount(actor, locator);
  const limit = Math.min(Math.max(Math.trunc(page.limit) || 20, 1), 100);
  const cursor = decodeCursor(page.cursor);
  if (account.accountId === null) return { items: [], nextCursor: null };
  const rows = await sql<HistoryRow>(
    `SELECT e.id AS "entryId", e.transaction_id AS "transactionId", t.kind, t.memo, t.reference_type AS "referenceType",
            t.reference_id AS "referenceId", e.amount_cents AS "amountCents", e.balance_after_cents AS "balanceAfterCents",
            e.created_at AS "createdAt"
       FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
      WHERE e.account_id = $1 AND e.id < $2
      ORDER BY e.id DESC LIMIT $3`,
    [account.accountId, cursor?.id ?? Number.MAX_SAFE_INTEGER, limit + 1],
  );
  return toPage(
    rows,
    limit,
    (r) => ({ value: null, id: r.entryId }),
    (r) => ({
      entryId: r.entryId,
      transactionId: r.transactionId,
      kind: r.kind,
      memo: r.memo,
      reference: r.referenceType !== null ? { type: r.referenceType, id: r.referenceId! } : null,
      amountCents: r.amountCents,
      balanceAfterCents: r.balanceAfterCents,
      createdAt: r.createdAt,
    }),
  );
}

export interface TransactionLine {
  entryId: number;
  accountId: number;
  account: { kind: AccountRef['kind']; ownerId: number | null };
  amountCents: number;
  balanceAfterCents: number;
}

/** The entries of one transaction with their accounts: staff of its website only (404 otherwise). */
export async function transactionEntries(actor: Actor, transactionId: number): Promise<TransactionLine[]> {
  const [txn] = Number.isSafeInteger(transactionId)
    ? await sql<{ websiteId: number }>('SELECT website_id AS "websiteId" FROM ledger_transactions WHERE id = $1', [transactionId])
    : [];
  if (!txn || !canSeeLedger(actor, txn.websiteId)) throw NotFound('Ledger transaction');
  const rows = await sql<Omit<TransactionLine, 'account'> & { kind: AccountRef['kind']; ownerId: number | null }>(
    `SELECT e.id AS "entryId", e.account_id AS "accountId", a.kind, a.owner_id AS "ownerId", e.amount_cents AS "amountCents",
            e.balance_after_cents AS "balanceAfterCents"
       FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE e.transaction_id = $1 ORDER BY e.id`,
    [transactionId],
  );
  return rows.map(({ kind, ownerId, ...rest }) => ({ ...rest, account: { kind, ownerId } }));
}
