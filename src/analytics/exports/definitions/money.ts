import { isStaff } from '../../../platform/actor.js';
import { PAYMENT_METHODS, PAYMENT_PURPOSES, PAYMENT_STATUSES } from '../../../payments/index.js';
import { REFUND_DESTINATIONS, REFUND_SOURCES, REFUND_STATUSES } from '../../../payments/refunds/index.js';
import { FINE_STATUSES, FINE_TYPE_CODES } from '../../../writers/fines/index.js';
import { PAYOUT_STATUSES, PAYOUT_TRIGGERS } from '../../../writers/payouts/index.js';
import { utc, type ExportDefinition, type SortSpec } from '../definition.js';

/**
 * The Money and Writers lists (payments, refunds, ledger transactions and their lines, payouts,
 * fines) as their back-office lists filter them; amounts as decimals beside their currency.
 */

const byId = (alias: string): Record<string, SortSpec> => ({
  id: { column: `${alias}.id`, type: 'bigint' },
  createdAt: { column: `${alias}.created_at`, type: 'timestamptz' },
});

export const paymentsExport: ExportDefinition = {
  resource: 'payments',
  from: `payments p
    JOIN users c ON c.id = p.client_id
    LEFT JOIN orders o ON o.id = p.order_id
    LEFT JOIN users rb ON rb.id = p.created_by
    LEFT JOIN users ab ON ab.id = p.approved_by`,
  idColumn: 'p.id',
  websiteColumn: 'p.website_id',
  mayExport: isStaff,
  filters: {
    status: { column: 'p.status', kind: 'enum', values: PAYMENT_STATUSES },
    method: { column: 'p.method', kind: 'enum', values: PAYMENT_METHODS },
    purpose: { column: 'p.purpose', kind: 'enum', values: PAYMENT_PURPOSES },
    clientId: { column: 'p.client_id', kind: 'id' },
    orderId: { column: 'p.order_id', kind: 'id' },
    installmentId: { column: 'p.installment_id', kind: 'id' },
    revisionId: { column: 'p.revision_id', kind: 'id' },
    deadlineChangeId: { column: 'p.deadline_change_id', kind: 'id' },
    creditedToWallet: { column: 'p.credited_to_wallet', kind: 'bool' },
    receiptNumber: { column: 'p.receipt_number', kind: 'text' },
    websiteId: { column: 'p.website_id', kind: 'id' },
    createdAt: { column: 'p.created_at', kind: 'date' },
    succeededAt: { column: 'p.succeeded_at', kind: 'date' },
  },
  sorts: { ...byId('p'), amountCents: { column: 'p.amount_cents', type: 'bigint' }, status: { column: 'p.status', type: 'varchar' } },
  defaultSort: { by: 'id', direction: 'desc' },
  columns: [
    { header: 'Payment id', sql: 'p.id', kind: 'number' },
    { header: 'Receipt number', sql: 'p.receipt_number', kind: 'text' },
    { header: 'Status', sql: 'p.status', kind: 'text' },
    { header: 'Method', sql: 'p.method', kind: 'text' },
    { header: 'Purpose', sql: 'p.purpose', kind: 'text' },
    { header: 'Amount', sql: 'p.amount_cents', kind: 'money' },
    { header: 'Refunded', sql: 'p.refunded_cents', kind: 'money' },
    { header: 'Currency', sql: 'p.currency', kind: 'text' },
    { header: 'Order number', sql: 'o.number', kind: 'text' },
    { header: 'Client registration id', sql: 'c.registration_id', kind: 'text' },
    { header: 'Reference', sql: 'p.reference', kind: 'text' },
    { header: 'Installment id', sql: 'p.installment_id', kind: 'number' },
    { header: 'Credited to wallet', sql: 'p.credited_to_wallet', kind: 'bool' },
    { header: 'Recorded by (registration id)', sql: 'rb.registration_id', kind: 'text' },
    { header: 'Approved by (registration id)', sql: 'ab.registration_id', kind: 'text' },
    { header: 'Failure reason', sql: 'p.failure_reason', kind: 'text' },
    { header: 'Website id', sql: 'p.website_id', kind: 'number' },
    { header: utc('Created'), sql: 'p.created_at', kind: 'date' },
    { header: utc('Succeeded'), sql: 'p.succeeded_at', kind: 'date' },
  ],
};

export const refundsExport: ExportDefinition = {
  resource: 'refunds',
  from: `refunds r
    JOIN users c ON c.id = r.client_id
    JOIN orders o ON o.id = r.order_id
    LEFT JOIN payments p ON p.id = r.payment_id`,
  idColumn: 'r.id',
  websiteColumn: 'r.website_id',
  mayExport: isStaff,
  filters: {
    status: { column: 'r.status', kind: 'enum', values: REFUND_STATUSES },
    orderId: { column: 'r.order_id', kind: 'id' },
    clientId: { column: 'r.client_id', kind: 'id' },
    destination: { column: 'r.destination', kind: 'enum', values: REFUND_DESTINATIONS },
    source: { column: 'r.source', kind: 'enum', values: REFUND_SOURCES },
    websiteId: { column: 'r.website_id', kind: 'id' },
    createdAt: { column: 'r.created_at', kind: 'date' },
  },
  sorts: { ...byId('r'), amountCents: { column: 'r.amount_cents', type: 'bigint' }, status: { column: 'r.status', type: 'varchar' } },
  defaultSort: { by: 'id', direction: 'desc' },
  columns: [
    { header: 'Refund id', sql: 'r.id', kind: 'number' },
    { header: 'Status', sql: 'r.status', kind: 'text' },
    { header: 'Order number', sql: 'o.number', kind: 'text' },
    { header: 'Client registration id', sql: 'c.registration_id', kind: 'text' },
    { header: 'Payment receipt number', sql: 'p.receipt_number', kind: 'text' },
    { header: 'Amount', sql: 'r.amount_cents', kind: 'money' },
    { header: 'To wallet', sql: 'r.wallet_cents', kind: 'money' },
    { header: 'To card', sql: 'r.card_cents', kind: 'money' },
    { header: 'Currency', sql: 'r.currency', kind: 'text' },
    { header: 'Destination', sql: 'r.destination', kind: 'text' },
    { header: 'Source', sql: 'r.source', kind: 'text' },
    { header: 'Reason', sql: 'r.reason', kind: 'text' },
    { header: 'Rejection reason', sql: 'r.rejected_reason', kind: 'text' },
    { header: 'Website id', sql: 'r.website_id', kind: 'number' },
    { header: utc('Requested'), sql: 'r.created_at', kind: 'date' },
    { header: utc('Approved'), sql: 'r.approved_at', kind: 'date' },
    { header: utc('Processed'), sql: 'r.processed_at', kind: 'date' },
  ],
};

const transactionFilters = {
  kind: { column: 't.kind', kind: 'text' },
  referenceType: { column: 't.reference_type', kind: 'text' },
  referenceId: { column: 't.reference_id', kind: 'text' },
  actorUserId: { column: 't.actor_user_id', kind: 'id' },
  websiteId: { column: 't.website_id', kind: 'id' },
  createdAt: { column: 't.created_at', kind: 'date' },
} as const;

export const ledgerTransactionsExport: ExportDefinition = {
  resource: 'ledger_transactions',
  from: 'ledger_transactions t LEFT JOIN users au ON au.id = t.actor_user_id',
  idColumn: 't.id',
  websiteColumn: 't.website_id',
  mayExport: isStaff,
  filters: transactionFilters,
  sorts: byId('t'),
  defaultSort: { by: 'id', direction: 'desc' },
  columns: [
    { header: 'Transaction id', sql: 't.id', kind: 'number' },
    { header: 'Kind', sql: 't.kind', kind: 'text' },
    {
      header: 'Amount moved',
      sql: '(SELECT coalesce(sum(e.amount_cents), 0) FROM ledger_entries e WHERE e.transaction_id = t.id AND e.amount_cents > 0)',
      kind: 'money',
    },
    { header: 'Currency', sql: 't.currency', kind: 'text' },
    { header: 'Reference type', sql: 't.reference_type', kind: 'text' },
    { header: 'Reference id', sql: 't.reference_id', kind: 'text' },
    { header: 'Memo', sql: 't.memo', kind: 'text' },
    { header: 'Actor registration id', sql: 'au.registration_id', kind: 'text' },
    { header: 'Reverses transaction id', sql: 't.reverses_transaction_id', kind: 'number' },
    { header: 'Website id', sql: 't.website_id', kind: 'number' },
    { header: utc('Posted'), sql: 't.created_at', kind: 'date' },
  ],
};

/** Ledger lines: one per entry of the transactions the ledger_transactions list's filters select. */
export const ledgerEntriesExport: ExportDefinition = {
  resource: 'ledger_entries',
  from: `ledger_entries e
    JOIN ledger_transactions t ON t.id = e.transaction_id
    JOIN ledger_accounts a ON a.id = e.account_id`,
  idColumn: 'e.id',
  websiteColumn: 't.website_id',
  mayExport: isStaff,
  filters: transactionFilters,
  sorts: { id: { column: 'e.id', type: 'bigint' } },
  defaultSort: { by: 'id', direction: 'desc' },
  columns: [
    { header: 'Line id', sql: 'e.id', kind: 'number' },
    { header: 'Transaction id', sql: 't.id', kind: 'number' },
    { header: 'Transaction kind', sql: 't.kind', kind: 'text' },
    { header: 'Account kind', sql: 'a.kind', kind: 'text' },
    { header: 'Account owner type', sql: 'a.owner_type', kind: 'text' },
    { header: 'Account owner id', sql: 'a.owner_id', kind: 'number' },
    { header: 'Amount', sql: 'e.amount_cents', kind: 'money' },
    { header: 'Balance after', sql: 'e.balance_after_cents', kind: 'money' },
    { header: 'Currency', sql: 'a.currency', kind: 'text' },
    { header: 'Reference type', sql: 't.reference_type', kind: 'text' },
    { header: 'Reference id', sql: 't.reference_id', kind: 'text' },
    { header: 'Memo', sql: 't.memo', kind: 'text' },
    { header: 'Website id', sql: 't.website_id', kind: 'number' },
    { header: utc('Posted'), sql: 'e.created_at', kind: 'date' },
  ],
};

export const payoutsExport: ExportDefinition = {
  resource: 'payouts',
  from: 'payouts p JOIN users w ON w.id = p.writer_id',
  idColumn: 'p.id',
  websiteColumn: 'p.website_id',
  mayExport: isStaff,
  filters: {
    status: { column: 'p.status', kind: 'enum', values: PAYOUT_STATUSES },
    trigger: { column: 'p.trigger', kind: 'enum', values: PAYOUT_TRIGGERS },
    writerId: { column: 'p.writer_id', kind: 'id' },
    websiteId: { column: 'p.website_id', kind: 'id' },
    periodEnd: { column: 'p.period_end', kind: 'date' },
    paidAt: { column: 'p.paid_at', kind: 'date' },
    paymentReference: { column: 'p.payment_reference', kind: 'text' },
  },
  sorts: {
    ...byId('p'),
    periodEnd: { column: 'p.period_end', type: 'timestamptz' },
    totalCents: { column: 'p.total_cents', type: 'bigint' },
  },
  defaultSort: { by: 'id', direction: 'desc' },
  columns: [
    { header: 'Payout id', sql: 'p.id', kind: 'number' },
    { header: 'Writer registration id', sql: 'w.registration_id', kind: 'text' },
    { header: 'Writer pen name', sql: 'w.pen_name', kind: 'text' },
    { header: 'Status', sql: 'p.status', kind: 'text' },
    { header: 'Trigger', sql: 'p.trigger', kind: 'text' },
    { header: utc('Period start'), sql: 'p.period_start', kind: 'date' },
    { header: utc('Period end'), sql: 'p.period_end', kind: 'date' },
    { header: 'Lines', sql: 'p.line_count', kind: 'number' },
    { header: 'Total', sql: 'p.total_cents', kind: 'money' },
    { header: 'Currency', sql: 'p.currency', kind: 'text' },
    { header: utc('Paid'), sql: 'p.paid_at', kind: 'date' },
    { header: 'Payment method', sql: 'p.payment_method', kind: 'text' },
    { header: 'Payment reference', sql: 'p.payment_reference', kind: 'text' },
    { header: 'Website id', sql: 'p.website_id', kind: 'number' },
  ],
};

export const finesExport: ExportDefinition = {
  resource: 'fines',
  from: `fines f
    JOIN users w ON w.id = f.writer_id
    JOIN orders o ON o.id = f.order_id`,
  idColumn: 'f.id',
  websiteColumn: 'f.website_id',
  mayExport: isStaff,
  filters: {
    status: { column: 'f.status', kind: 'enum', values: FINE_STATUSES },
    appealOpen: { column: 'f.appeal_open', kind: 'bool' },
    typeCode: { column: 'f.type_code', kind: 'enum', values: FINE_TYPE_CODES },
    writerId: { column: 'f.writer_id', kind: 'id' },
    orderId: { column: 'f.order_id', kind: 'id' },
    websiteId: { column: 'f.website_id', kind: 'id' },
    createdAt: { column: 'f.created_at', kind: 'date' },
  },
  sorts: { ...byId('f'), amountCents: { column: 'f.amount_cents', type: 'bigint' }, status: { column: 'f.status', type: 'varchar' } },
  defaultSort: { by: 'id', direction: 'desc' },
  columns: [
    { header: 'Fine id', sql: 'f.id', kind: 'number' },
    { header: 'Status', sql: 'f.status', kind: 'text' },
    { header: 'Type', sql: 'f.type_code', kind: 'text' },
    { header: 'Writer registration id', sql: 'w.registration_id', kind: 'text' },
    { header: 'Writer pen name', sql: 'w.pen_name', kind: 'text' },
    { header: 'Order number', sql: 'o.number', kind: 'text' },
    { header: 'Amount', sql: 'f.amount_cents', kind: 'money' },
    { header: 'Posted', sql: 'f.posted_cents', kind: 'money' },
    { header: 'Refunded', sql: 'f.refunded_cents', kind: 'money' },
    { header: 'Currency', sql: 'f.currency', kind: 'text' },
    { header: 'Late minutes', sql: 'f.late_minutes', kind: 'number' },
    { header: 'Reason', sql: 'f.reason', kind: 'text' },
    { header: 'Appeal open', sql: 'f.appeal_open', kind: 'bool' },
    { header: 'Appeal reason', sql: 'f.appeal_reason', kind: 'text' },
    { header: 'Decision note', sql: 'f.decision_note', kind: 'text' },
    { header: 'Website id', sql: 'f.website_id', kind: 'number' },
    { header: utc('Issued'), sql: 'f.created_at', kind: 'date' },
    { header: utc('Decided'), sql: 'f.decided_at', kind: 'date' },
  ],
};
