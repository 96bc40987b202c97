import { stringify } from 'csv-stringify/sync';
import type { Actor } from '../../platform/actor.js';
import { neutraliseFormula } from '../../platform/csv.js';
import { sql } from '../../platform/database.js';
import { staffWhere, totalsOf, type PaymentTotals, type StaffPaymentFilters } from './queries.js';

/**
 * The staff CSV export of payments with the list's filters and a totals line. Rows are read in
 * keyset batches and written as they come, so a large export never sits in memory at once.
 */

const BATCH = 2_000;
/** Sheets choke beyond this; narrow the filters instead. */
export const MAX_EXPORT_ROWS = 200_000;

const HEADER = [
  'payment_id',
  'created_at',
  'succeeded_at',
  'receipt_number',
  'status',
  'method',
  'purpose',
  'deadline_change_id',
  'revision_id',
  'installment_id',
  'credited_to_wallet',
  'amount_cents',
  'refunded_cents',
  'currency',
  'client_registration_id',
  'order_number',
  'reference',
  'recorded_by',
  'approved_by',
  'failure_reason',
];

interface ExportRow {
  id: number;
  createdAt: Date;
  succeededAt: Date | null;
  receiptNumber: string | null;
  status: string;
  method: string;
  purpose: string;
  deadlineChangeId: number | null;
  revisionId: number | null;
  installmentId: number | null;
  creditedToWallet: boolean;
  amountCents: number;
  refundedCents: number;
  currency: string;
  clientRegistrationId: string | null;
  orderNumber: string | null;
  reference: string | null;
  recordedBy: string | null;
  approvedBy: string | null;
  failureReason: string | null;
}

/** Text typed by people never starts a spreadsheet formula: the one rule, in platform/csv. */
const cell = neutraliseFormula;

function toCsvRow(r: ExportRow): Array<string | number> {
  return [
    r.id,
    new Date(r.createdAt).toISOString(),
    r.succeededAt ? new Date(r.succeededAt).toISOString() : '',
    r.receiptNumber ?? '',
    r.status,
    r.method,
    r.purpose,
    r.deadlineChangeId ?? '',
    r.revisionId ?? '',
    r.installmentId ?? '',
    r.creditedToWallet ? 'yes' : '',
    r.amountCents,
    r.refundedCents,
    r.currency,
    r.clientRegistrationId ?? '',
    r.orderNumber ?? '',
    cell(r.reference),
    r.recordedBy ?? '',
    r.approvedBy ?? '',
    cell(r.failureReason),
  ];
}

/** Yields the CSV in pieces: header, batches of rows, then the totals line. Checks the actor first. */
export async function* paymentsCsv(actor: Actor, filters: StaffPaymentFilters): AsyncGenerator<string> {
  const { where, bind } = staffWhere(actor, filters);
  const totals: PaymentTotals = await totalsOf(where, bind);
  yield stringify([HEADER]);
  let after = Number.MAX_SAFE_INTEGER;
  let written = 0;
  while (written < MAX_EXPORT_ROWS) {
    const batchBind = [...bind, after, Math.min(BATCH, MAX_EXPORT_ROWS - written)];
    const rows = await sql<ExportRow>(
      `SELECT p.id, p.created_at AS "createdAt", p.succeeded_at AS "succeededAt", p.receipt_number AS "receiptNumber", p.status, p.method,
              p.purpose, p.deadline_change_id AS "deadlineChangeId", p.revision_id AS "revisionId", p.installment_id AS "installmentId",
              p.credited_to_wallet AS "creditedToWallet", p.amount_cents AS "amountCents", p.refunded_cents AS "refundedCents", p.currency,
              c.registration_id AS "clientRegistrationId", o.number AS "orderNumber", p.reference,
              rb.registration_id AS "recordedBy", ab.registration_id AS "approvedBy", p.failure_reason AS "failureReason"
         FROM payments p
         JOIN users c ON c.id = p.client_id
         LEFT JOIN orders o ON o.id = p.order_id
         LEFT JOIN users rb ON rb.id = p.created_by
         LEFT JOIN users ab ON ab.id = p.approved_by
        WHERE ${where.join(' AND ')} AND p.id < $${batchBind.length - 1}
        ORDER BY p.id DESC LIMIT $${batchBind.length}`,
      batchBind,
    );
    if (!rows.length) break;
    yield stringify(rows.map(toCsvRow));
    written += rows.length;
    after = rows[rows.length - 1]!.id;
    if (rows.length < BATCH) break;
  }
  yield stringify([
    [
      'TOTAL',
      '',
      '',
      '',
      `${totals.count} payments${totals.count > written ? ` (first ${written} listed)` : ''}`,
      '',
      '',
      '',
      '',
      '',
      '',
      totals.paidCents,
      totals.refundedCents,
      '',
      '',
      '',
      `net ${totals.netCents}`,
      '',
      '',
      '',
    ],
  ]);
}

/** The whole export as one string (the back-office action, tests). */
export async function exportPaymentsCsv(actor: Actor, filters: StaffPaymentFilters): Promise<string> {
  let csv = '';
  for await (const piece of paymentsCsv(actor, filters)) csv += piece;
  return csv;
}
