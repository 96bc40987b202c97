import type { ActionContext, Filter } from 'adminjs';
import { Review } from '../src/reviews/index.js';
import { boundedCount } from './bounded-count.js';
import { ScopedResource, type ScopeOptions } from './scoped-resource.js';

/**
 * The Reviews list (the moderation queue) for large tables: AdminJS's list counts every matching
 * row on every page (adminjs issue #1651), which costs more than the page itself on 100,000
 * reviews. Like the Orders list, the total here is exact up to EXACT_COUNT_LIMIT matching rows (a
 * count over a LIMIT subquery) and the planner's estimate beyond it (asked once per filter every
 * few seconds: bounded-count.ts); the page, its scope and its filters are ScopedResource's (the
 * queue's sort is served by reviews_queue_idx).
 */
export const EXACT_COUNT_LIMIT = 10_000;

export class ReviewsResource extends ScopedResource {
  constructor(options: ScopeOptions) {
    super(Review, options);
  }

  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    // The same scoped, filtered WHERE the page uses (ScopedResource builds it; it refuses without a staff member).
    return boundedCount(Review, this.where(filter, context), EXACT_COUNT_LIMIT);
  }
}
