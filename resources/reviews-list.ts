import type { ActionContext, Filter } from 'adminjs';
import { QueryTypes, Utils, type WhereOptions } from 'sequelize';
import { Review } from '../src/reviews/index.js';
import { ScopedResource, type ScopeOptions } from './scoped-resource.js';

/**
 * The Reviews list (the moderation queue) for large tables: AdminJS's list counts every matching
 * row on every page (adminjs issue #1651), which costs more than the page itself on 100,000
 * reviews. Like the Orders list, the total here is exact up to EXACT_COUNT_LIMIT matching rows (a
 * count over a LIMIT subquery) and the planner's estimate beyond it; the page, its scope and its
 * filters are ScopedResource's (the queue's sort is served by reviews_queue_idx).
 */
export const EXACT_COUNT_LIMIT = 10_000;

type WhereBuilder = { where(filter: Filter | undefined, context?: ActionContext): WhereOptions };

export class ReviewsResource extends ScopedResource {
  constructor(options: ScopeOptions) {
    super(Review, options);
  }

  /** SQL of `SELECT id FROM reviews WHERE …` as Sequelize would run it (field names mapped, values escaped). */
  private selectSql(where: WhereOptions, limit?: number): string {
    const options: Record<string, unknown> = { where, attributes: ['id'], ...(limit ? { limit } : {}) };
    Utils.mapOptionFieldNames(options as never, Review as never);
    const generator = (
      Review.sequelize!.getQueryInterface() as unknown as { queryGenerator: { selectQuery(t: string, o: unknown, m: unknown): string } }
    ).queryGenerator;
    return generator.selectQuery(Review.getTableName() as string, { ...options, model: Review }, Review).replace(/;\s*$/, '');
  }

  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    // The same scoped, filtered WHERE the page uses (ScopedResource builds it; it refuses without a staff member).
    const where = (this as unknown as WhereBuilder).where(filter, context);
    const sequelize = Review.sequelize!;
    const bounded = await sequelize.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (${this.selectSql(where, EXACT_COUNT_LIMIT + 1)}) AS bounded`,
      { type: QueryTypes.SELECT },
    );
    const exact = Number(bounded[0]?.n ?? 0);
    if (exact <= EXACT_COUNT_LIMIT) return exact;
    const plan = await sequelize.query<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(
      `EXPLAIN (FORMAT JSON) ${this.selectSql(where)}`,
      { type: QueryTypes.SELECT },
    );
    const estimate = Math.round(Number(plan[0]?.['QUERY PLAN']?.[0]?.Plan?.['Plan Rows'] ?? 0));
    return Math.max(estimate, exact);
  }
}
