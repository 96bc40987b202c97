import { recordAudit } from '../../audit/index.js';
import { isStaff, isSuperadmin, type Actor } from '../../platform/actor.js';
import { centsAsDecimal, csvText } from '../../platform/csv.js';
import { inTransaction, sql } from '../../platform/database.js';
import { Forbidden, NotFound } from '../../platform/errors.js';
import type { Column, ExportDefinition } from './definition.js';
import { auditLogsExport, ordersExport, usersExport } from './definitions/orders-people.js';
import {
  finesExport,
  ledgerEntriesExport,
  ledgerTransactionsExport,
  paymentsExport,
  payoutsExport,
  refundsExport,
} from './definitions/money.js';
import { parseListQuery, type ParsedQuery } from './filters.js';

/**
 * CSV exports of the back office's lists, as filtered. Rows are read in keyset batches of
 * BATCH by (the list's sort key, id) — each batch a short statement of its own, so no connection
 * or transaction is held for the length of a download (the embedded database runs one
 * transaction at a time) and at most one batch is in memory, as CSV pieces (render below). The caller writes each piece before
 * asking for the next (backpressure) and stops asking when the client goes away.
 */

export const BATCH = 5_000;
/** Up to this many rows the size given for progress is exact; beyond, the planner's estimate. */
export const EXACT_TOTAL_LIMIT = 50_000;

const DEFINITIONS: ReadonlyMap<string, ExportDefinition> = new Map(
  [
    ordersExport,
    usersExport,
    auditLogsExport,
    paymentsExport,
    refundsExport,
    ledgerTransactionsExport,
    ledgerEntriesExport,
    payoutsExport,
    finesExport,
  ].map((d) => [d.resource, d]),
);

/** The resource ids that have an export (the back office puts an "Export CSV" button on their lists). */
export const EXPORTABLE_RESOURCES: readonly string[] = [...DEFINITIONS.keys()];

export interface ListExport {
  resource: string;
  filename: string;
  /** The rows to expect, for a progress display: exact up to EXACT_TOTAL_LIMIT, else estimated. */
  total: { rows: number; exact: boolean };
  /** The header line, then the rows in pieces of about CHUNK characters. */
  pieces(): AsyncGenerator<string>;
  /** Rows yielded so far. */
  readonly rows: number;
  /** Audits the export (its own transaction): who, what, which filters, how many rows, whether it finished. */
  finish(complete: boolean): Promise<void>;
}

/** The staff member's scope, as the lists have it: their website; a superadmin every website (or the filtered one). */
function websiteScopeOf(actor: Actor, definition: ExportDefinition): number | null {
  if (!isStaff(actor) || !definition.mayExport(actor)) throw Forbidden(`You may not export the ${definition.resource} list`);
  if (isSuperadmin(actor)) return null;
  if (actor.websiteId === null) throw Forbidden('No website in scope');
  return actor.websiteId;
}

const FORMAT: Record<Column['kind'], (v: unknown) => string> = {
  text: (v) => csvText(v as string | null),
  number: (v) => (v === null ? '' : String(v)),
  money: (v) => (v === null ? '' : centsAsDecimal(Number(v))),
  date: (v) => (v === null ? '' : (v as Date).toISOString()),
  bool: (v) => (v === null ? '' : v ? 'yes' : 'no'),
};

function lineOf(columns: readonly Column[], row: Record<string, unknown>): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) line += (i ? ',' : '') + FORMAT[columns[i]!.kind](row[`c${i}`]);
  return `${line}\n`;
}

/**
 * A batch's rows as CSV pieces of about CHUNK characters, made at once so that the rows are
 * garbage before the first piece is written: pieces stay under V8's large-object size and rows
 * are not kept across the writes' waits, so an export's garbage dies young instead of growing
 * the old generation (the server's RSS) until a full collection.
 */
const CHUNK = 32_768;

type Row = Record<string, unknown> & { k: string; id: number };

function render(columns: readonly Column[], rows: readonly Row[]): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const row of rows) {
    piece += lineOf(columns, row);
    if (piece.length >= CHUNK) {
      pieces.push(piece);
      piece = '';
    }
  }
  if (piece) pieces.push(piece);
  return pieces;
}

async function totalOf(definition: ExportDefinition, where: string[], bind: unknown[]): Promise<ListExport['total']> {
  const condition = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const text = `SELECT 1 FROM ${definition.from} ${condition}`;
  const [bounded] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM (${text} LIMIT ${EXACT_TOTAL_LIMIT + 1}) b`, bind);
  const exact = Number(bounded?.n ?? 0);
  if (exact <= EXACT_TOTAL_LIMIT) return { rows: exact, exact: true };
  const [plan] = await sql<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(`EXPLAIN (FORMAT JSON) ${text}`, bind);
  return { rows: Math.max(exact, Math.round(Number(plan?.['QUERY PLAN']?.[0]?.Plan?.['Plan Rows'] ?? 0))), exact: false };
}

async function readBatch(columns: readonly Column[], text: string, values: unknown[]) {
  const rows = await sql<Row>(text, values);
  const last = rows[rows.length - 1];
  return { pieces: render(columns, rows), count: rows.length, last: last ? { key: last.k, id: Number(last.id) } : null };
}

async function* batches(definition: ExportDefinition, where: string[], bind: unknown[], sort: ParsedQuery['sort'], size: number) {
  const { columns, idColumn } = definition;
  const byId = sort.spec.column === idColumn;
  const dir = sort.direction === 'asc' ? 'ASC' : 'DESC';
  const cmp = sort.direction === 'asc' ? '>' : '<';
  const select = columns.map((c, i) => `${c.sql} AS c${i}`).join(', ');
  const order = byId ? `${idColumn} ${dir}` : `${sort.spec.column} ${dir}, ${idColumn} ${dir}`;
  let after: { key: string; id: number } | null = null;
  for (;;) {
    const values = [...bind];
    const conditions = [...where];
    if (after && byId) conditions.push(`${idColumn} ${cmp} $${values.push(after.id)}`);
    if (after && !byId)
      conditions.push(
        `(${sort.spec.column}, ${idColumn}) ${cmp} ($${values.push(after.key)}::${sort.spec.type}, $${values.push(after.id)}::bigint)`,
      );
    // The rows live only inside readBatch: the generator keeps its pieces, not the rows, while they are written.
    const { pieces, count, last } = await readBatch(
      columns,
      `SELECT ${select}, (${sort.spec.column})::text AS k, ${idColumn} AS id FROM ${definition.from}
        ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ${size}`,
      values,
    );
    if (last) after = last;
    if (count) yield { pieces, count };
    if (count < size) return;
  }
}

/**
 * Checks the actor and the query (403, 404, 400 naming the field) and sizes the export, before
 * any byte is sent; the rows come from pieces().
 */
export async function openListExport(
  actor: Actor,
  resource: string,
  query: Record<string, unknown>,
  options: { batchSize?: number } = {},
): Promise<ListExport> {
  const batchSize = Math.max(1, Math.min(options.batchSize ?? BATCH, BATCH));
  const definition = DEFINITIONS.get(resource);
  if (!definition) throw NotFound(`An export of "${resource}"`);
  const websiteId = websiteScopeOf(actor, definition);
  const parsed = parseListQuery(definition, query);
  const where = [...parsed.where];
  if (websiteId !== null) where.push(`${definition.websiteColumn} = $${parsed.bind.push(websiteId)}`);
  const total = await totalOf(definition, where, parsed.bind);
  let rows = 0;
  return {
    resource,
    filename: `${resource}-${new Date().toISOString().slice(0, 10)}.csv`,
    total,
    get rows() {
      return rows;
    },
    async *pieces() {
      yield `${definition.columns.map((c) => csvText(c.header)).join(',')}\n`;
      for await (const batch of batches(definition, where, parsed.bind, parsed.sort, batchSize)) {
        rows += batch.count;
        yield* batch.pieces;
      }
    },
    finish: (complete) =>
      inTransaction(() =>
        recordAudit(actor, {
          action: 'analytics.csv_export',
          targetType: resource,
          websiteId: websiteId ?? (parsed.applied.websiteId ? Number(parsed.applied.websiteId) : null),
          after: { filters: parsed.applied, sortBy: parsed.sort.key, direction: parsed.sort.direction, rows, complete },
        }),
      ),
  };
}
