import { stringify } from 'csv-stringify/sync';
import { isSuperadmin, type Actor } from '../../../platform/actor.js';
import { neutraliseFormula } from '../../../platform/csv.js';
import { sql } from '../../../platform/database.js';
import { Forbidden, NotFound } from '../../../platform/errors.js';
import { Payout } from '../models.js';
import { canSeeWebsitePayouts } from '../policy.js';
import type { PayoutStatus } from '../rules.js';

/**
 * CSV exports for whoever pays the writers (a bank's bulk upload, an accountant): the batches of
 * the back office's filtered list, one line each with the writer's details; or one batch's lines.
 * Read in keyset pages and written as they come.
 */

export interface PayoutExportFilters {
  status?: PayoutStatus;
  writerId?: number;
  websiteId?: number;
  periodFrom?: Date;
  periodTo?: Date;
}

const BATCH = 2_000;

/** Text typed by people never starts a spreadsheet formula: the one rule, in platform/csv. */
const cell = neutraliseFormula;
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : '');

const LIST_HEADER = [
  'payout_id',
  'website_id',
  'writer_registration_id',
  'writer_name',
  'writer_email',
  'status',
  'trigger',
  'period_start',
  'period_end',
  'line_count',
  'total_cents',
  'currency',
  'paid_at',
  'payment_method',
  'payment_reference',
];

interface ListRow {
  id: number;
  websiteId: number;
  registrationId: string | null;
  name: string | null;
  email: string | null;
  status: string;
  trigger: string;
  periodStart: Date;
  periodEnd: Date;
  lineCount: number;
  totalCents: number;
  currency: string;
  paidAt: Date | null;
  paymentMethod: string | null;
  paymentReference: string | null;
}

/** The website an export covers: staff their own; a superadmin any, or all when none is named. */
function websiteOf(actor: Actor, asked: number | undefined): number | null {
  if (isSuperadmin(actor) && actor.websiteId === null) return asked ?? null;
  const websiteId = asked ?? actor.websiteId;
  if (websiteId === null || !canSeeWebsitePayouts(actor, websiteId)) throw Forbidden('You may not export these payouts');
  return websiteId;
}

export async function* payoutsCsv(actor: Actor, filters: PayoutExportFilters): AsyncGenerator<string> {
  const websiteId = websiteOf(actor, filters.websiteId);
  yield stringify([LIST_HEADER]);
  let after = 0;
  for (;;) {
    const rows = await sql<ListRow>(
      `SELECT p.id, p.website_id AS "websiteId", u.registration_id AS "registrationId", coalesce(u.pen_name, u.display_name) AS name,
              u.email, p.status, p.trigger, p.period_start AS "periodStart", p.period_end AS "periodEnd", p.line_count AS "lineCount",
              p.total_cents AS "totalCents", p.currency, p.paid_at AS "paidAt", p.payment_method AS "paymentMethod",
              p.payment_reference AS "paymentReference"
         FROM payouts p JOIN users u ON u.id = p.writer_id
        WHERE p.id > $1 AND ($2::bigint IS NULL OR p.website_id = $2) AND ($3::varchar IS NULL OR p.status = $3)
          AND ($4::bigint IS NULL OR p.writer_id = $4) AND ($5::timestamptz IS NULL OR p.period_end >= $5)
          AND ($6::timestamptz IS NULL OR p.period_end <= $6)
        ORDER BY p.id LIMIT ${BATCH}`,
      [after, websiteId, filters.status ?? null, filters.writerId ?? null, filters.periodFrom ?? null, filters.periodTo ?? null],
    );
    if (rows.length) {
      yield stringify(
        rows.map((r) => [
          r.id,
          r.websiteId,
          cell(r.registrationId),
          cell(r.name),
          cell(r.email),
          r.status,
          r.trigger,
          iso(r.periodStart),
          iso(r.periodEnd),
          r.lineCount,
          r.totalCents,
          r.currency,
          iso(r.paidAt),
          r.paymentMethod ?? '',
          cell(r.paymentReference),
        ]),
      );
    }
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]!.id;
  }
}

const LINES_HEADER = ['payout_id', 'line_id', 'posted_at', 'kind', 'reference_type', 'reference_id', 'memo', 'amount_cents', 'currency'];

/** One batch's lines (and a total line): staff of its website. */
export async function* payoutLinesCsv(actor: Actor, payoutId: number): AsyncGenerator<string> {
  const payout = Number.isSafeInteger(payoutId) ? await Payout.findByPk(payoutId) : null;
  if (!payout || !canSeeWebsitePayouts(actor, payout.websiteId)) throw NotFound('Payout');
  yield stringify([LINES_HEADER]);
  const rows = await sql<{
    id: number;
    postedAt: Date;
    kind: string;
    referenceType: string | null;
    referenceId: string | null;
    memo: string | null;
    amountCents: number;
  }>(
    `SELECT id, posted_at AS "postedAt", kind, reference_type AS "referenceType", reference_id AS "referenceId", memo, amount_cents AS "amountCents"
       FROM payout_lines WHERE payout_id = $1 ORDER BY id`,
    [payout.id],
  );
  yield stringify(
    rows.map((r) => [
      payout.id,
      r.id,
      iso(r.postedAt),
      r.kind,
      r.referenceType ?? '',
      cell(r.referenceId),
      cell(r.memo),
      r.amountCents,
      payout.currency,
    ]),
  );
  yield stringify([[payout.id, '', '', 'total', '', '', '', payout.totalCents, payout.currency]]);
}
