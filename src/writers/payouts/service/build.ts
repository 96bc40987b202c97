import { recordAudits } from '../../../audit/index.js';
import { systemActor, type Actor } from '../../../platform/actor.js';
import { clock } from '../../../platform/clock.js';
import { inTransaction, sql } from '../../../platform/database.js';
import { settingsOfWebsite, Website } from '../../../tenancy/index.js';
import { duePeriod, LINE_KIND_SQL, PAYOUT_LEDGER_KIND, type PayoutSchedule, type PayoutTrigger } from '../rules.js';
import { payoutSettings } from '../settings.js';

/**
 * Building payout batches, set-based: one INSERT … SELECT over ledger_entries per website (never a
 * loop per writer). A batch's lines are the entries on the writer's writer_payable account that
 * are in no batch yet (payout_lines.ledger_entry_id is unique), except the payout postings
 * themselves; its total is their sum, and a writer whose sum is not positive gets no batch (the
 * entries wait for the next run). A scheduled batch takes what was owed by its period's end, and
 * every deduction not yet in a batch whenever posted (a fine or an advance repayment posted after
 * the period's end): the batch never pays more than the writer is owed when it is built, so the
 * payout posting keeps writer_payable at or above zero (RULES.md "Ledger postings").
 *
 * The earnings behind the lines keep their row as it is (matured) until the batch is paid: that an
 * earning is in a payout is read from its line (earnings queries show it as in_payout). Writing
 * every earning row at build time cost more than building the batches themselves (a non-HOT
 * update of each row and its indexes), for a fact the lines already hold.
 *
 * Builds of one website are serialised by a transaction-level advisory lock (many workers, an
 * early payout approved while the job runs): each sees the lines the previous one committed.
 */

/** The advisory lock namespace of payout builds (pg_advisory_xact_lock(int, int): this, website id). */
const BUILD_LOCK = 7_011_011;

export const lockPayoutBuilds = async (websiteId: number): Promise<void> => {
  await sql('SELECT pg_advisory_xact_lock($1, $2::int)', [BUILD_LOCK, websiteId]);
};

export interface BuiltPayout {
  id: number;
  writerId: number;
  totalCents: number;
  lineCount: number;
}

/**
 * The statement. `target` is a SELECT giving, per writer to build for: account_id (their
 * writer_payable), writer_id, currency, schedule, period_start, period_end and cutoff (credits
 * posted at or after it wait, deductions never do; NULL: none). $1 website, $2 trigger, $3 request id.
 */
const buildStatement = (target: string) => `
  WITH target AS (${target}),
  cand AS MATERIALIZED (
    SELECT w.writer_id, e.id AS entry_id, e.transaction_id, e.amount_cents, e.created_at,
           ${LINE_KIND_SQL} AS kind, t.reference_type, t.reference_id, t.memo
      FROM target w
      JOIN ledger_entries e ON e.account_id = w.account_id
      JOIN ledger_transactions t ON t.id = e.transaction_id
      LEFT JOIN ledger_transactions o ON o.id = t.reverses_transaction_id
     WHERE (w.cutoff IS NULL OR e.created_at < w.cutoff OR e.amount_cents < 0) AND t.kind <> '${PAYOUT_LEDGER_KIND}'
       AND NOT EXISTS (SELECT 1 FROM payout_lines l WHERE l.ledger_entry_id = e.id)
  ),
  sums AS (
    SELECT writer_id, sum(amount_cents)::bigint AS total, count(*)::int AS n FROM cand GROUP BY writer_id HAVING sum(amount_cents) > 0
  ),
  made AS (
    INSERT INTO payouts (website_id, writer_id, currency, status, trigger, schedule, period_start, period_end, total_cents, line_count, request_id)
    SELECT $1, w.writer_id, w.currency, 'pending', $2, w.schedule, w.period_start, w.period_end, s.total, s.n, $3::bigint
      FROM sums s JOIN target w USING (writer_id)
    ON CONFLICT (writer_id, period_end) WHERE trigger = 'scheduled' AND status <> 'cancelled' DO NOTHING
    RETURNING id, writer_id, total_cents, line_count
  ),
  lines AS (
    INSERT INTO payout_lines (payout_id, ledger_entry_id, transaction_id, kind, reference_type, reference_id, memo, amount_cents, posted_at)
    SELECT m.id, c.entry_id, c.transaction_id, c.kind, c.reference_type, c.reference_id, c.memo, c.amount_cents, c.created_at
      FROM cand c JOIN made m USING (writer_id)
  )
  SELECT m.id, m.writer_id AS "writerId", m.total_cents AS "totalCents", m.line_count AS "lineCount" FROM made m ORDER BY m.id`;

/** Audit rows in chunks (a statement takes at most 65,535 parameters). */
async function auditBuilt(actor: Actor, websiteId: number, built: BuiltPayout[], trigger: PayoutTrigger, period: object): Promise<void> {
  for (let i = 0; i < built.length; i += 1_000) {
    await recordAudits(
      built.slice(i, i + 1_000).map((p) => ({
        actor,
        entry: {
          action: 'payout.build',
          targetType: 'payout',
          targetId: p.id,
          websiteId,
          after: { status: 'pending', trigger, writerId: p.writerId, totalCents: p.totalCents, lineCount: p.lineCount, ...period },
        },
      })),
    );
  }
}

export interface BuildRun {
  batches: number;
  lines: number;
  totalCents: number;
}

/**
 * One website's scheduled batches due at `now`: every writer on the website's schedule (or their
 * own) whose last period has ended and has no batch for it yet, with the entries posted before the
 * period's end. In the caller's transaction when there is one.
 */
export async function buildWebsitePayouts(websiteId: number, now: Date): Promise<BuildRun> {
  const settings = payoutSettings.of(await settingsOfWebsite(websiteId));
  const monthly = duePeriod('monthly', now);
  const fortnightly = duePeriod('fortnightly', now);
  return inTransaction(async () => {
    await lockPayoutBuilds(websiteId);
    const pick = (m: string, f: string) => `CASE WHEN x.schedule = 'monthly' THEN ${m}::timestamptz ELSE ${f}::timestamptz END`;
    const target = `
      SELECT a.id AS account_id, a.owner_id AS writer_id, a.currency, x.schedule,
             ${pick('$5', '$7')} AS period_start, ${pick('$6', '$8')} AS period_end, ${pick('$6', '$8')} AS cutoff
        FROM ledger_accounts a
        LEFT JOIN writer_payout_settings s ON s.writer_id = a.owner_id
        CROSS JOIN LATERAL (SELECT coalesce(s.schedule, $4::varchar) AS schedule) x
       WHERE a.website_id = $1 AND a.kind = 'writer_payable'
         AND NOT EXISTS (SELECT 1 FROM payouts p WHERE p.writer_id = a.owner_id AND p.trigger = 'scheduled' AND p.status <> 'cancelled'
                           AND p.period_end = ${pick('$6', '$8')})`;
    const built = await sql<BuiltPayout>(buildStatement(target), [
      websiteId,
      'scheduled',
      null,
      settings.payoutSchedule satisfies PayoutSchedule,
      monthly.start,
      monthly.end,
      fortnightly.start,
      fortnightly.end,
    ]);
    await auditBuilt(systemActor(websiteId), websiteId, built, 'scheduled', {
      monthlyPeriodEnd: monthly.end.toISOString(),
      fortnightlyPeriodEnd: fortnightly.end.toISOString(),
    });
    return {
      batches: built.length,
      lines: built.reduce((n, p) => n + p.lineCount, 0),
      totalCents: built.reduce((n, p) => n + p.totalCents, 0),
    };
  });
}

/**
 * The job writers.build-payouts: every website's due batches, one transaction per website. Safe
 * twice (a writer's batch of a period is unique) and on many workers (the build lock).
 */
export async function buildDuePayouts(now = clock.now()): Promise<BuildRun> {
  const run: BuildRun = { batches: 0, lines: 0, totalCents: 0 };
  for (const website of await Website.findAll({ attributes: ['id'], order: [['id', 'ASC']] })) {
    const one = await buildWebsitePayouts(website.id, now);
    run.batches += one.batches;
    run.lines += one.lines;
    run.totalCents += one.totalCents;
  }
  return run;
}

/**
 * One writer's batch now (an approved early payout or advance): every entry not yet in a batch,
 * whenever posted. Its period runs from the end of the writer's last batch. Null when the sum is
 * not positive. Must run inside the caller's transaction (the request's decision).
 */
export async function buildPayoutNow(
  actor: Actor,
  input: { websiteId: number; writerId: number; trigger: Exclude<PayoutTrigger, 'scheduled'>; requestId: number },
): Promise<BuiltPayout | null> {
  await lockPayoutBuilds(input.websiteId);
  // Paying now pays everything owed: the writer's batches still pending are merged into this one.
  const pending = await sql<{ id: number }>(`SELECT id FROM payouts WHERE writer_id = $1 AND status = 'pending' ORDER BY id FOR UPDATE`, [
    input.writerId,
  ]);
  await cancelPendingPayouts(
    actor,
    pending.map((p) => p.id),
    `Merged into the ${input.trigger === 'early' ? 'early payout' : 'advance'} of request ${input.requestId}`,
  );
  const target = `
    SELECT a.id AS account_id, a.owner_id AS writer_id, a.currency, NULL::varchar AS schedule,
           least(coalesce((SELECT max(p.period_end) FROM payouts p WHERE p.writer_id = a.owner_id), a.created_at),
                 greatest(now(), $5::timestamptz)) AS period_start,
           greatest(now(), $5::timestamptz) AS period_end, NULL::timestamptz AS cutoff
      FROM ledger_accounts a
     WHERE a.website_id = $1 AND a.kind = 'writer_payable' AND a.owner_id = $4`;
  const [built] = await sql<BuiltPayout>(buildStatement(target), [
    input.websiteId,
    input.trigger,
    input.requestId,
    input.writerId,
    clock.now(),
  ]);
  if (built) await auditBuilt(actor, input.websiteId, [built], input.trigger, { requestId: input.requestId });
  return built ?? null;
}

/**
 * Pending batches given back: cancelled, their lines deleted (the entries are in no batch again and
 * go into the next one), each audited with what it held. Batches no longer pending are left alone
 * (another admin paid one meanwhile: its row lock made this wait, its status makes this skip it).
 */
export async function cancelPendingPayouts(actor: Actor, payoutIds: readonly number[], reason: string): Promise<number[]> {
  if (!payoutIds.length) return [];
  const cancelled = await sql<{ id: number; websiteId: number; totalCents: number; lineCount: number }>(
    `UPDATE payouts SET status = 'cancelled', cancelled_at = $2, cancelled_by = $3, cancellation_reason = $4, updated_at = now()
      WHERE id = ANY($1::bigint[]) AND status = 'pending'
      RETURNING id, website_id AS "websiteId", total_cents AS "totalCents", line_count AS "lineCount"`,
    [payoutIds, clock.now(), actor.userId, reason],
  );
  if (!cancelled.length) return [];
  const ids = cancelled.map((p) => p.id);
  const lines = await sql<{ payoutId: number; entries: number[] }>(
    `WITH gone AS (DELETE FROM payout_lines WHERE payout_id = ANY($1::bigint[]) RETURNING payout_id, ledger_entry_id)
     SELECT payout_id AS "payoutId", array_agg(ledger_entry_id ORDER BY ledger_entry_id) AS entries FROM gone GROUP BY payout_id`,
    [ids],
  );
  const entriesOf = new Map(lines.map((l) => [Number(l.payoutId), l.entries.map(Number)]));
  await recordAudits(
    cancelled.map((p) => ({
      actor,
      entry: {
        action: 'payout.cancel',
        targetType: 'payout',
        targetId: p.id,
        websiteId: p.websiteId,
        before: { status: 'pending', totalCents: p.totalCents, lineCount: p.lineCount, ledgerEntryIds: entriesOf.get(p.id) ?? [] },
        after: { status: 'cancelled' },
        reason,
      },
    })),
  );
  return ids;
}
