import { QueryTypes } from 'sequelize';
import { getSequelize } from '../../platform/database.js';

/**
 * The ledger's invariants, checked over the whole database (or one website): every transaction
 * has entries that sum to zero, in its own website and currency; every balance equals the sum of
 * its entries; every entry's balance_after follows from the one before; no account was taken
 * below its floor (a writer payable only by a fine or an advance, or by reversing one).
 * Read-only; run by `npm run ledger:check` and after every money test.
 */

export type LedgerProblemKind =
  'unbalanced_transaction' | 'empty_transaction' | 'foreign_entry' | 'balance_mismatch' | 'broken_chain' | 'below_floor';

export interface LedgerProblem {
  kind: LedgerProblemKind;
  transactionId?: number;
  accountId?: number;
  entryId?: number;
  message: string;
}

export interface LedgerCheck {
  ok: boolean;
  counts: { accounts: number; transactions: number; entries: number };
  problems: LedgerProblem[];
}

/** At most this many problems of each kind are listed (a corrupt table could have millions). */
const LIMIT = 100;

type Row = Record<string, number | string | null>;

export async function checkLedger(options: { websiteId?: number } = {}): Promise<LedgerCheck> {
  const sequelize = getSequelize();
  const website = options.websiteId ?? null;
  const query = (sql: string) => sequelize.query(sql, { bind: [website], type: QueryTypes.SELECT }) as Promise<Row[]>;
  const acc = `($1::bigint IS NULL OR a.website_id = $1)`;
  const txn = `($1::bigint IS NULL OR t.website_id = $1)`;
  const problems: LedgerProblem[] = [];

  const [counts] = await query(`SELECT
      (SELECT count(*) FROM ledger_accounts a WHERE ${acc})::int AS accounts,
      (SELECT count(*) FROM ledger_transactions t WHERE ${txn})::int AS transactions,
      (SELECT count(*) FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE ${acc})::int AS entries`);

  for (const r of await query(`SELECT t.id, coalesce(sum(e.amount_cents), 0)::bigint AS total, count(e.id)::int AS n
      FROM ledger_transactions t LEFT JOIN ledger_entries e ON e.transaction_id = t.id
     WHERE ${txn} GROUP BY t.id HAVING count(e.id) = 0 OR sum(e.amount_cents) <> 0 ORDER BY t.id LIMIT ${LIMIT}`)) {
    problems.push(
      Number(r.n) === 0
        ? { kind: 'empty_transaction', transactionId: Number(r.id), message: `transaction ${r.id} has no entries` }
        : {
            kind: 'unbalanced_transaction',
            transactionId: Number(r.id),
            message: `entries of transaction ${r.id} sum to ${r.total}, not 0`,
          },
    );
  }

  for (const r of await query(`SELECT e.id, e.transaction_id AS tid, e.account_id AS aid FROM ledger_entries e
      JOIN ledger_transactions t ON t.id = e.transaction_id JOIN ledger_accounts a ON a.id = e.account_id
     WHERE ${txn} AND (a.website_id <> t.website_id OR a.currency <> t.currency) ORDER BY e.id LIMIT ${LIMIT}`)) {
    problems.push({
      kind: 'foreign_entry',
      entryId: Number(r.id),
      transactionId: Number(r.tid),
      accountId: Number(r.aid),
      message: `entry ${r.id} of transaction ${r.tid} posts to account ${r.aid} of another website or currency`,
    });
  }

  for (const r of await query(`SELECT a.id, a.balance_cents AS balance, coalesce(s.total, 0)::bigint AS total
      FROM ledger_accounts a LEFT JOIN (SELECT account_id, sum(amount_cents) AS total FROM ledger_entries GROUP BY account_id) s ON s.account_id = a.id
     WHERE ${acc} AND a.balance_cents <> coalesce(s.total, 0) ORDER BY a.id LIMIT ${LIMIT}`)) {
    problems.push({
      kind: 'balance_mismatch',
      accountId: Number(r.id),
      message: `account ${r.id} has balance ${r.balance} but its entries sum to ${r.total}`,
    });
  }

  for (const r of await query(`SELECT id, account_id AS aid, expected, balance_after_cents AS actual FROM (
        SELECT e.id, e.account_id, e.balance_after_cents,
               coalesce(sum(e.amount_cents) OVER (PARTITION BY e.account_id ORDER BY e.id), 0) AS expected
          FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE ${acc}) x
     WHERE balance_after_cents <> expected ORDER BY id LIMIT ${LIMIT}`)) {
    problems.push({
      kind: 'broken_chain',
      entryId: Number(r.id),
      accountId: Number(r.aid),
      message: `entry ${r.id} of account ${r.aid} says balance after ${r.actual}, its history gives ${r.expected}`,
    });
  }

  // A transaction that lowered a floored account (net) and left it below 0, unless its kind (or,
  // for a reversal, the reversed transaction's kind) is exempt for that account.
  for (const r of await query(`SELECT x.tid, x.aid, x.kind, x.final FROM (
        SELECT e.transaction_id AS tid, e.account_id AS aid, a.kind, sum(e.amount_cents) AS delta,
               (array_agg(e.balance_after_cents ORDER BY e.id DESC))[1] AS final
          FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
         WHERE a.kind IN ('client_wallet','order_escrow','writer_payable') AND ${acc}
         GROUP BY e.transaction_id, e.account_id, a.kind) x
      JOIN ledger_transactions t ON t.id = x.tid LEFT JOIN ledger_transactions o ON o.id = t.reverses_transaction_id
     WHERE x.delta < 0 AND x.final < 0
       AND NOT (x.kind = 'writer_payable' AND coalesce(o.kind, t.kind) IN ('fine','advance'))
     ORDER BY x.tid LIMIT ${LIMIT}`)) {
    problems.push({
      kind: 'below_floor',
      transactionId: Number(r.tid),
      accountId: Number(r.aid),
      message: `transaction ${r.tid} took ${r.kind} account ${r.aid} to ${r.final}, below its floor of 0`,
    });
  }

  for (const r of await query(`SELECT a.id, a.kind, a.balance_cents AS balance FROM ledger_accounts a
     WHERE ${acc} AND a.kind IN ('client_wallet','order_escrow') AND a.balance_cents < 0 ORDER BY a.id LIMIT ${LIMIT}`)) {
    problems.push({
      kind: 'below_floor',
      accountId: Number(r.id),
      message: `${r.kind} account ${r.id} has balance ${r.balance}, below its floor of 0`,
    });
  }

  return {
    ok: problems.length === 0,
    counts: { accounts: Number(counts!.accounts), transactions: Number(counts!.transactions), entries: Number(counts!.entries) },
    problems,
  };
}
