import { recordAudit } from '../../audit/index.js';
import { brandOf, sendSafely, User } from '../../identity/index.js';
import { systemActor, type Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { inTransaction, sql } from '../../platform/database.js';
import { ctx } from '../../platform/context.js';
import { formatMoney } from '../../platform/money.js';
import { Website } from '../../tenancy/index.js';
import { monthlyStatement, type Statement } from './figures.js';
import { monthTitle, renderStatementPdf } from './pdf.js';

/**
 * The statements' two ways out: a staff member downloads one (audited), and the job emails last
 * month's to each website's active admins, once per website and month.
 *
 * Once: the month is claimed by a row of statement_deliveries (unique per website and month),
 * inserted — or a stale claim taken over — in its own committed transaction before anything is
 * sent, and marked sent after. A second worker, or the job run again, finds the row claimed or
 * sent and sends nothing. A worker that dies between sending and marking leaves a claim that is
 * taken over after CLAIM_LEASE_MS: the mail then goes again (at least once beats never for a
 * statement; the window is the few seconds of one website's sends). When no admin could be
 * mailed, the claim is released so the next run tries again.
 */

const CLAIM_LEASE_MS = 60 * 60_000;

export const statementFilename = (s: Pick<Statement, 'websiteId' | 'month'>) => `statement-${s.websiteId}-${s.month}.pdf`;

/** The statement's PDF for whoever may see it (monthlyStatement checks), with an audit row saying who took it. */
export async function downloadStatementPdf(
  actor: Actor,
  input: { websiteId: number; month: string },
): Promise<{ filename: string; pdf: Buffer }> {
  const statement = await monthlyStatement(actor, input);
  const pdf = await renderStatementPdf(statement);
  await inTransaction(() =>
    recordAudit(actor, {
      action: 'statement.download',
      targetType: 'website',
      targetId: statement.websiteId,
      websiteId: statement.websiteId,
      after: { month: statement.month },
    }),
  );
  return { filename: statementFilename(statement), pdf };
}

interface DueWebsite {
  id: number;
  month: string;
}

/**
 * Websites whose previous month (in their own timezone) has no statement sent yet. A website
 * created after that month ended has nothing to report for it.
 */
async function dueWebsites(now: Date): Promise<DueWebsite[]> {
  return sql<DueWebsite>(
    `SELECT w.id, to_char(p.month_start, 'YYYY-MM') AS month
       FROM websites w
      CROSS JOIN LATERAL (SELECT date_trunc('month', $1::timestamptz AT TIME ZONE w.timezone) - interval '1 month' AS month_start) p
      WHERE w.active AND w.created_at < ((p.month_start + interval '1 month') AT TIME ZONE w.timezone)
        AND NOT EXISTS (SELECT 1 FROM statement_deliveries d
                         WHERE d.website_id = w.id AND d.month = to_char(p.month_start, 'YYYY-MM') AND d.sent_at IS NOT NULL)
      ORDER BY w.id`,
    [now],
  );
}

/** Claims (website, month): true when this worker now holds it, false when it is sent or another worker's claim is fresh. */
async function claim(websiteId: number, month: string, now: Date): Promise<boolean> {
  const rows = await inTransaction(() =>
    sql<{ id: number }>(
      `INSERT INTO statement_deliveries (website_id, month, claimed_at) VALUES ($1, $2, $3)
       ON CONFLICT (website_id, month) DO UPDATE SET claimed_at = EXCLUDED.claimed_at
        WHERE statement_deliveries.sent_at IS NULL AND statement_deliveries.claimed_at < $4
       RETURNING id`,
      [websiteId, month, now, new Date(now.getTime() - CLAIM_LEASE_MS)],
    ),
  );
  return rows.length === 1;
}

async function settle(websiteId: number, month: string, now: Date, recipients: number): Promise<void> {
  await inTransaction(async () => {
    if (recipients === 0) {
      await sql(`UPDATE statement_deliveries SET claimed_at = 'epoch' WHERE website_id = $1 AND month = $2 AND claimed_at = $3`, [
        websiteId,
        month,
        now,
      ]);
      return;
    }
    await sql(
      `UPDATE statement_deliveries SET sent_at = $4, recipients = $5 WHERE website_id = $1 AND month = $2 AND claimed_at = $3 AND sent_at IS NULL`,
      [websiteId, month, now, clock.now(), recipients],
    );
    await recordAudit(systemActor(websiteId), {
      action: 'statement.send',
      targetType: 'website',
      targetId: websiteId,
      websiteId,
      after: { month, recipients },
    });
  });
}

/** Mails the statement to each active admin of the website; returns how many were sent. */
async function mailAdmins(statement: Statement, website: Website, admins: User[]): Promise<number> {
  const pdf = await renderStatementPdf(statement);
  const money = (key: keyof Statement['amounts']) => formatMoney(statement.amounts[key], statement.currency);
  let sent = 0;
  for (const admin of admins) {
    const ok = await sendSafely({
      to: admin.email,
      template: 'monthly-statement',
      websiteId: website.id,
      brand: brandOf(website),
      data: {
        displayName: admin.displayName,
        websiteName: statement.websiteName,
        month: statement.month,
        monthTitle: monthTitle(statement.month),
        revenue: money('revenueTotal'),
        refunds: money('refundsTotal'),
        payouts: money('payouts'),
        fines: money('fines'),
        transactionCount: statement.transactionCount,
      },
      attachments: [{ filename: statementFilename(statement), content: pdf, contentType: 'application/pdf' }],
    });
    if (ok) sent += 1;
  }
  return sent;
}

export interface StatementRunResult {
  sent: Array<{ websiteId: number; month: string; recipients: number }>;
  /** Due but claimed by another worker, or with no active admin to mail. */
  skipped: number;
  failed: number;
}

/** One website's previous month: claimed, made, mailed, marked. */
async function deliver(due: DueWebsite, now: Date, result: StatementRunResult): Promise<void> {
  const admins = await User.findAll({ where: { websiteId: due.id, role: 'admin', status: 'active' }, order: [['id', 'ASC']] });
  if (!admins.length || !(await claim(due.id, due.month, now))) {
    result.skipped += 1;
    return;
  }
  let recipients = 0;
  try {
    const [statement, website] = [
      await monthlyStatement(systemActor(due.id), { websiteId: due.id, month: due.month }),
      await Website.findByPk(due.id),
    ];
    recipients = await mailAdmins(statement, website!, admins);
  } finally {
    await settle(due.id, due.month, now, recipients);
  }
  if (recipients) result.sent.push({ websiteId: due.id, month: due.month, recipients });
  else result.failed += 1;
}

/**
 * The job's work: every website's previous month, if not sent yet. Safe to run as often as one
 * likes, on several workers at once (see the claim above); one website's failure is logged and
 * leaves the others going.
 */
export async function sendMonthlyStatements(now: Date = clock.now()): Promise<StatementRunResult> {
  const result: StatementRunResult = { sent: [], skipped: 0, failed: 0 };
  for (const due of await dueWebsites(now)) {
    try {
      await deliver(due, now, result);
    } catch (err) {
      result.failed += 1;
      ctx().logger.error({ err, websiteId: due.id, month: due.month }, 'monthly statement failed');
    }
  }
  return result;
}
