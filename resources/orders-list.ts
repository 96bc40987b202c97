import { BaseRecord, ForbiddenError, type ActionContext, type Filter } from 'adminjs';
import { Op, QueryTypes, Utils, type Model, type WhereOptions } from 'sequelize';
import type { StaffAdmin } from '../src/admin-auth/index.js';
import { Order, ORDER_STATUSES } from '../src/orders/index.js';
import { ScopedResource } from './scoped-resource.js';

/**
 * The Orders list, built for a million rows (adminjs issue #1651: the default list runs an exact
 * COUNT(*) and `LIKE '%v%'` on every page). Filters are a whitelist that maps onto indexes:
 * equality on status, website, client and writer, an exact order number (or a prefix with a
 * trailing `*`), date ranges; only the topic is a substring match. The total is exact up to
 * EXACT_COUNT_LIMIT matching rows (a bounded count through a LIMIT subquery) and the planner's
 * estimate beyond it, so an unfiltered page never counts the whole table.
 */
export const EXACT_COUNT_LIMIT = 10_000;

const NOTHING: WhereOptions = { id: { [Op.eq]: null } };
const ID_PATTERN = /^\d{1,15}$/;
const STATUSES: readonly string[] = ORDER_STATUSES;
/** The statuses in which the SLA sweep flags an order overdue (src/orders/service/scheduled.ts). */
const OVERDUE_STATUSES = ['in_progress', 'revision_requested'];
const SORTABLE = new Set(['createdAt', 'number', 'deadline', 'totalCents', 'status', 'id']);

/** The breakdown and instructions are read on the show page, not in a list of 20-500 rows. */
const LIST_EXCLUDED = ['priceBreakdown', 'instructions', 'cancellationDecision'];

/** Totals a topic search's find already counted, for the count() of the same list request (same filter object). */
const boundedTotals = new WeakMap<Filter, number>();

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

function dateOrNull(value: unknown): Date | null {
  if (typeof value !== 'string' || !value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

function idEquals(column: string, value: unknown): WhereOptions {
  return typeof value === 'string' && ID_PATTERN.test(value.trim()) ? { [column]: Number(value.trim()) } : NOTHING;
}

/** An order number: exact, or a prefix when it ends with `*` (the unique (website_id, number) index serves both). */
function numberMatch(value: unknown): WhereOptions {
  if (typeof value !== 'string') return NOTHING;
  const v = value.trim();
  if (v.endsWith('*') && v.length > 1) return { number: { [Op.like]: `${escapeLike(v.slice(0, -1))}%` } };
  return v ? { number: v } : NOTHING;
}

function dateRange(column: string, value: unknown): WhereOptions {
  const range = (value ?? {}) as { from?: unknown; to?: unknown };
  const from = dateOrNull(range.from);
  const to = dateOrNull(range.to);
  if ((range.from && !from) || (range.to && !to) || (!from && !to)) return NOTHING;
  return { [column]: { ...(from ? { [Op.gte]: from } : {}), ...(to ? { [Op.lte]: to } : {}) } };
}

/** One filter -> one condition. Anything not on the whitelist matches nothing rather than scanning. */
export function orderFilterCondition(path: string, value: unknown, searching: boolean): WhereOptions {
  switch (path) {
    case 'status':
      return typeof value === 'string' && STATUSES.includes(value) ? { status: value } : NOTHING;
    case 'websiteId':
    case 'clientId':
    case 'writerId':
      return idEquals(path, value);
    case 'number':
      if (searching && typeof value === 'string') {
        // The reference picker's search: a number (exact or prefix*) or words of the topic.
        return { [Op.or]: [numberMatch(value), { topic: { [Op.iLike]: `%${escapeLike(value.trim())}%` } }] };
      }
      return numberMatch(value);
    case 'topic':
      return typeof value === 'string' && value.trim() ? { topic: { [Op.iLike]: `%${escapeLike(value.trim())}%` } } : NOTHING;
    case 'createdAt':
    case 'deadline':
      return dateRange(path, value);
    case 'overdue':
      // The dashboard's overdue queue: flagged by the SLA sweep while the writer still works on it.
      if (value === 'true') return { overdueAt: { [Op.ne]: null }, status: { [Op.in]: OVERDUE_STATUSES } };
      if (value === 'false') return { [Op.or]: [{ overdueAt: null }, { status: { [Op.notIn]: OVERDUE_STATUSES } }] };
      return NOTHING;
    default:
      return NOTHING;
  }
}

interface FindOptions {
  limit?: number;
  offset?: number;
  sort?: { sortBy?: string; direction?: 'asc' | 'desc' };
}

export class OrdersResource extends ScopedResource {
  constructor(private readonly orderScope: (admin: StaffAdmin) => WhereOptions | null) {
    super(Order as unknown as typeof Order & { new (): Model }, {
      scope: orderScope,
      searchProperties: ['number', 'topic'],
      defaultSort: { sortBy: 'createdAt', direction: 'desc' },
    });
  }

  private scopeWhere(context?: ActionContext): WhereOptions {
    const admin = context?.currentAdmin as StaffAdmin | undefined;
    if (!admin?.id) throw new ForbiddenError('No signed-in staff member');
    try {
      return this.orderScope(admin) ?? {};
    } catch {
      throw new ForbiddenError('Outside your scope');
    }
  }

  private whereOf(filter: Filter | undefined, context?: ActionContext): WhereOptions {
    const searching = context?.action?.name === 'search';
    const parts = Object.values(filter?.filters ?? {}).map(({ path, value }) => orderFilterCondition(path, value, searching));
    return { [Op.and]: [this.scopeWhere(context), ...parts] };
  }

  private orderBy(sort: FindOptions['sort']): Array<[string, string]> {
    const asked = sort?.sortBy && SORTABLE.has(sort.sortBy) ? sort.sortBy : null;
    const sortBy = asked ?? 'createdAt';
    const direction = (asked ? sort?.direction : 'desc') === 'asc' ? 'ASC' : 'DESC';
    return sortBy === 'id'
      ? [['id', direction]]
      : [
          [sortBy, direction],
          ['id', direction],
        ];
  }

  override async find(filter: Filter, options: FindOptions = {}, context?: ActionContext): Promise<BaseRecord[]> {
    const where = this.whereOf(filter, context);
    const limit = Math.min(Math.max(Number(options.limit) || 20, 1), 500);
    const offset = Math.max(Number(options.offset) || 0, 0);
    const order = this.orderBy(options.sort);
    const searched = this.searchesTopic(filter, context) ? await this.pageOfBoundedMatches(where, order, limit, offset) : null;
    if (searched) boundedTotals.set(filter, searched.total);
    const rows = searched ? searched.rows : await Order.findAll({ where, limit, offset, order, attributes: { exclude: LIST_EXCLUDED } });
    return this.toRecords(rows);
  }

  /** Whether the filter has a substring search of the topic (the one filter no B-tree serves). */
  private searchesTopic(filter: Filter | undefined, context?: ActionContext): boolean {
    const searching = context?.action?.name === 'search';
    return Object.values(filter?.filters ?? {}).some(
      ({ path, value }) => typeof value === 'string' && value.trim() && (path === 'topic' || (searching && path === 'number')),
    );
  }

  /**
   * A topic search scans the trigram index once, not twice: the matching ids and sort keys (at
   * most EXACT_COUNT_LIMIT + 1) are sorted and counted in one statement, the page's rows then read
   * by primary key, and the total kept for count(), which AdminJS's list calls next with the same
   * filter. With more matches than that the page would not be exact: null, and the plain query runs.
   */
  private async pageOfBoundedMatches(
    where: WhereOptions,
    order: Array<[string, string]>,
    limit: number,
    offset: number,
  ): Promise<{ rows: Order[]; total: number } | null> {
    const sortAttributes = order.map(([attribute]) => attribute).filter((a) => a !== 'id');
    const inner = this.selectSql(where, EXACT_COUNT_LIMIT + 1, ['id', ...sortAttributes]);
    const orderSql = order
      .map(
        ([attribute, direction]) =>
          `m.${Order.sequelize!.getQueryInterface().quoteIdentifier(attribute)} ${direction === 'ASC' ? 'ASC' : 'DESC'}`,
      )
      .join(', ');
    const page = await Order.sequelize!.query<{ id: number; total: number }>(
      `SELECT m.id, count(*) OVER ()::int AS total FROM (${inner}) AS m ORDER BY ${orderSql} LIMIT ${limit} OFFSET ${offset}`,
      { type: QueryTypes.SELECT },
    );
    const total = page[0]?.total;
    if (total === undefined || total > EXACT_COUNT_LIMIT) return null;
    const ids = page.map((r) => Number(r.id));
    const rows = await Order.findAll({ where: { id: ids }, attributes: { exclude: LIST_EXCLUDED } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return { rows: ids.map((id) => byId.get(id)).filter((row): row is Order => row !== undefined), total };
  }

  /** SQL of `SELECT id FROM orders WHERE …` as Sequelize would run it (field names mapped, values escaped). */
  private selectSql(where: WhereOptions, limit?: number, columns: string[] = ['id']): string {
    const options: Record<string, unknown> = { where, attributes: columns, ...(limit ? { limit } : {}) };
    Utils.mapOptionFieldNames(options as never, Order as never);
    const generator = (
      Order.sequelize!.getQueryInterface() as unknown as { queryGenerator: { selectQuery(t: string, o: unknown, m: unknown): string } }
    ).queryGenerator;
    return generator.selectQuery(Order.getTableName() as string, { ...options, model: Order }, Order).replace(/;\s*$/, '');
  }

  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    const counted = boundedTotals.get(filter);
    if (counted !== undefined) return counted;
    const where = this.whereOf(filter, context);
    const sequelize = Order.sequelize!;
    const bounded = await sequelize.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (${this.selectSql(where, EXACT_COUNT_LIMIT + 1)}) AS bounded`,
      {
        type: QueryTypes.SELECT,
      },
    );
    const exact = Number(bounded[0]?.n ?? 0);
    if (exact <= EXACT_COUNT_LIMIT) return exact;
    const plan = await sequelize.query<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(
      `EXPLAIN (FORMAT JSON) ${this.selectSql(where)}`,
      {
        type: QueryTypes.SELECT,
      },
    );
    const estimate = Math.round(Number(plan[0]?.['QUERY PLAN']?.[0]?.Plan?.['Plan Rows'] ?? 0));
    return Math.max(estimate, exact);
  }
}
