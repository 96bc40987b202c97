import type { ActionContext, Filter } from 'adminjs';
import { QueryTypes, Utils, type WhereOptions } from 'sequelize';
import { SupportTicket } from '../src/support/index.js';
import { ScopedResource, websiteScope } from './scoped-resource.js';

/**
 * The tickets list, built like the orders list for a large table (adminjs issue #1651: the
 * default list runs an exact COUNT(*) on every page): the list's filters map onto the tickets'
 * indexes (status, priority, agent, breached, website), and the total is exact up to
 * EXACT_COUNT_LIMIT matching rows (a count over a LIMIT subquery) and the planner's estimate
 * beyond it, so an unfiltered page never counts every ticket.
 */
export const EXACT_COUNT_LIMIT = 10_000;

export class TicketsResource extends ScopedResource {
  constructor() {
    super(SupportTicket, { scope: websiteScope, defaultSort: { sortBy: 'id', direction: 'desc' }, searchProperties: ['subject'] });
  }

  private selectSql(where: WhereOptions, limit?: number): string {
    const options: Record<string, unknown> = { where, attributes: ['id'], ...(limit ? { limit } : {}) };
    Utils.mapOptionFieldNames(options as never, SupportTicket as never);
    const generator = (
      SupportTicket.sequelize!.getQueryInterface() as unknown as {
        queryGenerator: { selectQuery(t: string, o: unknown, m: unknown): string };
      }
    ).queryGenerator;
    return generator
      .selectQuery(SupportTicket.getTableName() as string, { ...options, model: SupportTicket }, SupportTicket)
      .replace(/;\s*$/, '');
  }

  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    const where = this.where(filter, context);
    const sequelize = SupportTicket.sequelize!;
    const bounded = await sequelize.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (${this.selectSql(where, EXACT_COUNT_LIMIT + 1)}) AS bounded`,
      { type: QueryTypes.SELECT },
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
