import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { Transaction } from 'sequelize';
import { currentTransaction, getSequelize, sql } from '../../platform/database.js';
import { NotFound, ValidationFailed } from '../../platform/errors.js';
import { assertCanSeeStatement } from '../policy.js';
import {
  BALANCE_ACCOUNTS,
  lineSumSql,
  MONTH_PATTERN,
  SECTION_TITLES,
  STATEMENT_LINES,
  type StatementLineKey,
  type StatementSection,
} from './lines.js';

/**
 * A website's monthly statement, from its ledger: the month's movements (lines.ts says what each
 * line is) and the balances of its accounts at the month's start and end. The month is the
 * website's own (its timezone). Every figure is a sum of integer cents made in SQL (aggregates
 * and reports are one of the places raw SQL belongs, docs/read-models.md); amounts are formatted
 * with the website's currency only when drawn (pdf.ts).
 */

export interface StatementLine {
  key: StatementLineKey;
  section: StatementSection;
  label: string;
  explanation: string;
  amountCents: number;
  total: boolean;
}

export interface StatementBalance {
  kind: string;
  label: string;
  explanation: string;
  openingCents: number;
  closingCents: number;
}

export interface Statement {
  websiteId: number;
  websiteName: string;
  currency: string;
  timezone: string;
  /** "YYYY-MM". */
  month: string;
  periodStart: Date;
  periodEnd: Date;
  /** True while the month is not over: figures are to date. */
  partial: boolean;
  transactionCount: number;
  lines: StatementLine[];
  /** The lines' amounts by key, for readers that want one figure. */
  amounts: Record<StatementLineKey, number>;
  balances: StatementBalance[];
  sections: Record<StatementSection, string>;
  generatedAt: Date;
}

interface WebsitePeriod {
  id: number;
  name: string;
  currency: string;
  timezone: string;
  periodStart: Date;
  periodEnd: Date;
}

/** The website and the month's bounds in its timezone: [local midnight of the 1st, that of the next month's 1st). */
async function websitePeriod(websiteId: number, month: string): Promise<WebsitePeriod> {
  const [row] = await sql<WebsitePeriod>(
    `SELECT id, name, currency, timezone,
            ($2::date::timestamp AT TIME ZONE timezone) AS "periodStart",
            (($2::date + interval '1 month')::timestamp AT TIME ZONE timezone) AS "periodEnd"
       FROM websites WHERE id = $1`,
    [websiteId, `${month}-01`],
  );
  if (!row) throw NotFound('Website');
  return row;
}

const LINES_SQL = STATEMENT_LINES.map((line) => `${lineSumSql(line)} AS "${line.key}"`).join(',\n');

/**
 * The website's transactions from `$3` on, entry by entry with its account's kind (index
 * ledger_transactions (website_id, created_at)). A reversal counts under the kind of what it
 * reverses (looked up for reversals only). Entries carry their transaction's created_at, so the
 * transaction's time places them.
 */
const ENTRIES_FROM = `
  SELECT CASE WHEN t.kind = 'reversal' THEN (SELECT o.kind FROM ledger_transactions o WHERE o.id = t.reverses_transaction_id)
              ELSE t.kind END AS kind,
         a.kind AS account_kind, e.amount_cents, t.created_at
    FROM ledger_transactions t
    JOIN ledger_entries e ON e.transaction_id = t.id
    JOIN ledger_accounts a ON a.id = e.account_id
   WHERE t.website_id = $1 AND t.currency = $2 AND t.created_at >= $3`;

/** The month's movements by line, and how many transactions made them. */
async function monthLines(w: WebsitePeriod): Promise<{ amounts: Record<StatementLineKey, number>; transactions: number }> {
  const [row] = await sql<Record<StatementLineKey, number> & { transactions: number }>(
    `WITH moves AS MATERIALIZED (${ENTRIES_FROM} AND t.created_at < $4)
     SELECT ${LINES_SQL},
            (SELECT count(*) FROM ledger_transactions t
              WHERE t.website_id = $1 AND t.currency = $2 AND t.created_at >= $3 AND t.created_at < $4)::int AS transactions
       FROM moves`,
    [w.id, w.currency, w.periodStart, w.periodEnd],
  );
  const { transactions, ...amounts } = row!;
  return { amounts: amounts as Record<StatementLineKey, number>, transactions };
}

/**
 * Each account kind's total balance at the month's end and start: today's balances (the ledger
 * keeps each account's, equal to the sum of its entries — `npm run ledger:check`) less what moved
 * since the end, less what moved in the month. Reading only the month and what followed keeps a
 * recent month's statement from summing the website's whole ledger.
 */
async function monthBalances(w: WebsitePeriod): Promise<StatementBalance[]> {
  const rows = await sql<{ kind: string; opening: number; closing: number }>(
    // Each side aggregated once (MATERIALIZED): left to itself the planner may re-run the entries'
    // aggregate for every account kind.
    `WITH b AS MATERIALIZED (
       SELECT kind, sum(balance_cents) AS total FROM ledger_accounts WHERE website_id = $1 AND currency = $2 GROUP BY kind),
     m AS MATERIALIZED (
       SELECT account_kind, sum(amount_cents) FILTER (WHERE created_at < $4) AS in_month,
              sum(amount_cents) FILTER (WHERE created_at >= $4) AS after_end
         FROM (${ENTRIES_FROM}) moves GROUP BY account_kind)
     SELECT b.kind, (b.total - COALESCE(m.after_end, 0))::bigint AS closing,
            (b.total - COALESCE(m.after_end, 0) - COALESCE(m.in_month, 0))::bigint AS opening
       FROM b LEFT JOIN m ON m.account_kind = b.kind`,
    [w.id, w.currency, w.periodStart, w.periodEnd],
  );
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  return BALANCE_ACCOUNTS.map((b) => ({
    ...b,
    openingCents: byKind.get(b.kind)?.opening ?? 0,
    closingCents: byKind.get(b.kind)?.closing ?? 0,
  }));
}

/**
 * Both reads on one snapshot (REPEATABLE READ), so a posting made meanwhile is in both or in
 * neither; inside a caller's transaction, on that one.
 */
function onOneSnapshot<T>(work: () => Promise<T>): Promise<T> {
  if (currentTransaction()) return work();
  return getSequelize().transaction({ isolationLevel: Transaction.ISOLATION_LEVELS.REPEATABLE_READ, readOnly: true }, work);
}

export function parseMonth(month: unknown): string {
  if (typeof month !== 'string' || !MONTH_PATTERN.test(month)) throw ValidationFailed({ month: 'must be a month like 2026-11' });
  return month;
}

/** The statement of `websiteId` for `month` ("YYYY-MM"): its admins, a superadmin, or the system (the job). */
export async function monthlyStatement(actor: Actor, input: { websiteId: number; month: string }): Promise<Statement> {
  const month = parseMonth(input.month);
  if (!Number.isSafeInteger(input.websiteId) || input.websiteId <= 0) throw ValidationFailed({ websiteId: 'must be a website id' });
  // Another website's statement does not exist for this actor (404 rather than telling it exists).
  try {
    assertCanSeeStatement(actor, input.websiteId);
  } catch (err) {
    if (actor.websiteId !== null && actor.websiteId !== input.websiteId) throw NotFound('Website');
    throw err;
  }
  const website = await websitePeriod(input.websiteId, month);
  const now = clock.now();
  if (website.periodStart > now) throw ValidationFailed({ month: 'has not started yet' });
  const { amounts, transactions, balances } = await onOneSnapshot(async () => ({
    ...(await monthLines(website)),
    balances: await monthBalances(website),
  }));
  return {
    websiteId: website.id,
    websiteName: website.name,
    currency: website.currency,
    timezone: website.timezone,
    month,
    periodStart: website.periodStart,
    periodEnd: website.periodEnd,
    partial: website.periodEnd > now,
    transactionCount: transactions,
    lines: STATEMENT_LINES.map((l) => ({
      key: l.key,
      section: l.section,
      label: l.label,
      explanation: l.explanation,
      amountCents: amounts[l.key],
      total: 'total' in l && l.total,
    })),
    amounts,
    balances,
    sections: SECTION_TITLES,
    generatedAt: now,
  };
}
