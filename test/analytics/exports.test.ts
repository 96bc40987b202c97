import { EventEmitter } from 'node:events';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openListExport, sendListExport } from '../../src/analytics/exports/index.js';
import { AuditLog } from '../../src/audit/index.js';
import type { Actor } from '../../src/platform/actor.js';
import { centsAsDecimal } from '../../src/platform/csv.js';
import type { Order } from '../../src/orders/models.js';
import { actorFor, paidOrder } from '../orders/fixtures.js';
import { unpaidOrder } from '../payments/fixtures.js';
import { adminGet, signIn, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';

/**
 * GET /admin/export/<resource>.csv: the back-office list as filtered, through HTTP as the "Export
 * CSV" button fetches it, held against the list's own count for the same query.
 */
let t: TestApp;
let admin: Agent;
let support: Agent;
let adminB: Agent;
let superadmin: Agent;
let clientA: Actor;
let clientB: Actor;
const ordersA: Order[] = [];
let orderB: Order;

const FORMULA_TOPIC = '=HYPERLINK("http://evil.test","click")';

beforeAll(async () => {
  t = await startAdminApp();
  ({ admin, support, adminB } = await signInStaff(t.app));
  superadmin = await signIn(t.app, 'superadmin@scriptorium.test');
  clientA = await actorFor('client@scriptorium.test');
  clientB = await actorFor('client@b.scriptorium.test');
  ordersA.push(await paidOrder(clientA), await paidOrder(clientA, { topic: FORMULA_TOPIC }), await unpaidOrder(clientA));
  ordersA.push(await paidOrder(clientA, { topic: '-1+2 tab\tand, comma' }));
  orderB = await paidOrder(clientB);
});
afterAll(() => t?.close());

/** RFC 4180 rows (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') quoted = false;
    else if (quoted) field += c;
    else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else field += c;
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

const exportCsv = (agent: Agent, resource: string, query = '', host = 'localhost') =>
  agent.get(`/admin/export/${resource}.csv${query ? `?${query}` : ''}`).set('Host', host);

async function exported(agent: Agent, resource: string, query = '', host = 'localhost') {
  const res = await exportCsv(agent, resource, query, host);
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  const [header, ...rows] = parseCsv(res.text);
  const column = (name: string) => rows.map((r) => r[header!.indexOf(name)]);
  return { res, header: header!, rows, column };
}

async function listTotal(agent: Agent, resource: string, query = '', host = 'localhost'): Promise<number> {
  const res = await adminGet(agent, `${resource}/actions/list?perPage=500${query ? `&${query}` : ''}`, host).expect(200);
  expect(res.body.records, JSON.stringify(res.body).slice(0, 300)).toBeDefined();
  return res.body.meta.total as number;
}

describe('list exports', () => {
  it('hold the rows the list counts for the same query, on every exportable list', async () => {
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const now = new Date(Date.now() + 1_000).toISOString();
    const cases: Array<[string, string]> = [
      ['orders', ''],
      ['orders', 'filters.status=ready_for_staffing'],
      ['orders', 'filters.status=pending_payment&sortBy=number&direction=asc'],
      ['orders', `filters.topic=hyperlink&filters.createdAt~~from=${hourAgo}`],
      ['orders', `filters.number=${ordersA[0]!.number}`],
      ['users', 'filters.role=client'],
      ['users', 'filters.email=scriptorium'],
      ['payments', 'filters.status=succeeded'],
      ['payments', `filters.createdAt~~from=${hourAgo}&filters.createdAt~~to=${now}`],
      ['refunds', ''],
      ['ledger_transactions', `filters.createdAt~~from=${hourAgo}`],
      ['payouts', ''],
      ['fines', ''],
      ['audit_logs', `filters.createdAt~~to=${now}`],
    ];
    for (const [resource, query] of cases) {
      const listed = await listTotal(admin, resource, query);
      const { rows, res } = await exported(admin, resource, query);
      expect(rows.length, `${resource}?${query}`).toBe(listed);
      expect(res.headers['x-total-count'], `${resource}?${query}`).toBe(String(rows.length));
    }
    const status = await exported(admin, 'orders', 'filters.status=ready_for_staffing');
    expect(status.rows.length).toBeGreaterThanOrEqual(3);
    expect(new Set(status.column('Status'))).toEqual(new Set(['ready_for_staffing']));
  });

  it('write money as a decimal beside its currency, dates in UTC, people and orders by their public references', async () => {
    const order = ordersA[0]!;
    const { header, rows, res } = await exported(admin, 'orders', `filters.number=${order.number}`);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="orders-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(header).toEqual(expect.arrayContaining(['Order number', 'Client registration id', 'Total', 'Currency', 'Created (UTC)']));
    const cell = (name: string) => rows[0]![header.indexOf(name)];
    expect(rows).toHaveLength(1);
    expect(cell('Total')).toBe(centsAsDecimal(order.totalCents!));
    expect(cell('Currency')).toBe(order.currency);
    expect(cell('Created (UTC)')).toBe(order.createdAt.toISOString());
    expect(cell('Client registration id')).toMatch(/^[A-Z]/);
    expect(header.some((h) => /cents|_id$/i.test(h))).toBe(false);
  });

  it('neutralise cells a spreadsheet would run as a formula', async () => {
    const { res, column } = await exported(admin, 'orders', 'filters.topic=HYPERLINK');
    expect(column('Topic')).toEqual([`'${FORMULA_TOPIC}`]);
    expect(res.text).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")"`);
    const other = await exported(admin, 'orders', 'filters.topic=tab');
    expect(other.column('Topic')).toEqual(["'-1+2 tab\tand, comma"]);
  });

  it("are scoped as the list is: a website's staff see only theirs; support is refused the audit log; a superadmin sees all or the filtered website", async () => {
    const a = await exported(admin, 'orders');
    const b = await exported(adminB, 'orders', '', 'b.localhost');
    // Order numbers are per website: rows are told apart by their website.
    expect(new Set(a.column('Website id'))).toEqual(new Set([String(ordersA[0]!.websiteId)]));
    expect(new Set(b.column('Website id'))).toEqual(new Set([String(orderB.websiteId)]));
    expect(b.column('Order number')).toContain(orderB.number);
    expect(a.rows.length).toBeGreaterThanOrEqual(ordersA.length);
    // Website B's admin asking for website A's rows by filter still gets none.
    const asked = await exported(adminB, 'orders', `filters.websiteId=${ordersA[0]!.websiteId}`, 'b.localhost');
    expect(asked.rows).toHaveLength(0);

    const everyone = await exported(superadmin, 'orders');
    expect(everyone.rows.length).toBe(a.rows.length + b.rows.length);
    const onlyB = await exported(superadmin, 'orders', `filters.websiteId=${orderB.websiteId}`);
    expect(onlyB.rows.length).toBe(b.rows.length);

    const supportOrders = await exported(support, 'orders');
    expect(supportOrders.rows.length).toBe(a.rows.length);
    const refused = await exportCsv(support, 'audit_logs');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    const list = await adminGet(support, 'audit_logs/actions/list').expect(200);
    expect(list.body.baseError?.type ?? list.body.notice?.type).toMatch(/ForbiddenError|error/);

    const anonymous = await request(t.app).get('/admin/export/orders.csv').set('Host', 'localhost');
    expect(anonymous.status).toBe(302);
  });

  it('refuse a bad filter with a 400 naming the field, and an unknown list with a 404', async () => {
    const fieldOf = async (query: string) => {
      const res = await exportCsv(admin, 'orders', query);
      expect(res.status, query).toBe(400);
      return Object.keys(res.body.error.fields);
    };
    expect(await fieldOf('filters.status=nope')).toEqual(['status']);
    expect(await fieldOf('filters.clientId=abc')).toEqual(['clientId']);
    expect(await fieldOf('filters.createdAt~~from=yesterday')).toEqual(['createdAt']);
    expect(await fieldOf('filters.instructions=secret')).toEqual(['instructions']);
    expect(await fieldOf('filters.status=completed&filters.status=cancelled')).toEqual(['status']);
    const users = await exportCsv(admin, 'users', 'filters.role=wizard');
    expect(users.status).toBe(400);
    expect(users.body.error.fields.role).toMatch(/must be one of/);
    expect((await exportCsv(admin, 'price_lists')).status).toBe(404);
    expect((await exportCsv(admin, '..%2Fetc')).status).toBe(404);
  });

  it('audit every export: who, which list, which filters, how many rows', async () => {
    const { rows } = await exported(admin, 'orders', 'filters.status=ready_for_staffing&sortBy=createdAt&direction=asc');
    const row = await AuditLog.findOne({ where: { action: 'analytics.csv_export', targetType: 'orders' }, order: [['id', 'DESC']] });
    expect(row).not.toBeNull();
    const adminUser = await actorFor('admin@scriptorium.test');
    expect(row!).toMatchObject({ actorUserId: adminUser.userId, actorRole: 'admin', websiteId: adminUser.websiteId });
    expect(row!.changes?.after).toMatchObject({
      filters: { status: 'ready_for_staffing' },
      sortBy: 'createdAt',
      direction: 'asc',
      rows: rows.length,
      complete: true,
    });
  });

  it('export the audit log by period, for those who may view it', async () => {
    const from = new Date(Date.now() - 10 * 60_000);
    const to = new Date(Date.now() + 1_000);
    const query = `filters.createdAt~~from=${from.toISOString()}&filters.createdAt~~to=${to.toISOString()}`;
    // The list first: the export's own audit row is written after its rows are read.
    const listed = await listTotal(admin, 'audit_logs', query);
    const { rows, column, header } = await exported(admin, 'audit_logs', query);
    expect(header).toEqual(expect.arrayContaining(['Audit id', 'At (UTC)', 'Action', 'Actor registration id', 'Changes (JSON)']));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBe(listed);
    for (const at of column('At (UTC)')) {
      expect(at! >= from.toISOString() && at! <= to.toISOString()).toBe(true);
    }
    // Newest first, as the list sorts it; a period in the future holds nothing.
    const ats = column('At (UTC)') as string[];
    expect([...ats].sort().reverse()).toEqual(ats);
    const future = await exported(admin, 'audit_logs', `filters.createdAt~~from=${new Date(Date.now() + 86_400_000).toISOString()}`);
    expect(future.rows).toHaveLength(0);
  });

  it('page through keyset batches on the sort key and the id without losing or repeating a row', async () => {
    const actor = await actorFor('admin@scriptorium.test');
    const all = async (query: Record<string, unknown>, batchSize?: number) => {
      const csv = await openListExport({ ...actor, role: 'admin' }, 'orders', query, { batchSize });
      let text = '';
      for await (const piece of csv.pieces()) text += piece;
      await csv.finish(true);
      return parseCsv(text).slice(1);
    };
    for (const query of [{}, { sortBy: 'status', direction: 'asc' }, { sortBy: 'status', direction: 'desc' }, { sortBy: 'number' }]) {
      const whole = await all(query);
      expect(whole.length).toBeGreaterThanOrEqual(4);
      expect(await all(query, 2)).toEqual(whole);
    }
  });

  it('stop reading when the client goes away while a write waits, and audit the export as unfinished', async () => {
    const actor = await actorFor('admin@scriptorium.test');
    /** A response whose socket takes the header, then fills up and closes (the client went away). */
    class GoneClient extends EventEmitter {
      writableFinished = false;
      headersSent = false;
      written: string[] = [];
      ended = false;
      setHeader() {}
      write(piece: string) {
        this.headersSent = true;
        this.written.push(piece);
        if (this.written.length < 2) return true;
        setImmediate(() => this.emit('close'));
        return false;
      }
      end() {
        this.ended = true;
      }
    }
    const res = new GoneClient();
    await sendListExport(res as never, actor, 'orders', {});
    expect(res.written).toHaveLength(2); // the header and the first batch's piece, nothing after the close
    expect(res.ended).toBe(false);
    const row = await AuditLog.findOne({ where: { action: 'analytics.csv_export', targetType: 'orders' }, order: [['id', 'DESC']] });
    expect(row!.changes?.after).toMatchObject({ complete: false });
    expect(Number(row!.changes?.after?.rows)).toBeGreaterThan(0);
  });
});
