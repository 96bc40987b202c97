import type { ActionContext, Filter } from 'adminjs';
import { SupportTicket } from '../src/support/index.js';
import { boundedCount } from './bounded-count.js';
import { ScopedResource, websiteScope } from './scoped-resource.js';

/**
 * The tickets list, built like the orders list for a large table (adminjs issue #1651: the
 * default list runs an exact COUNT(*) on every page): the list's filters map onto the tickets'
 * indexes (status, priority, agent, breached, website), and the total is exact up to
 * EXACT_COUNT_LIMIT matching rows (a count over a LIMIT subquery) and the planner's estimate
 * beyond it (asked once per filter every few seconds: bounded-count.ts), so an unfiltered page
 * never counts every ticket.
 */
export const EXACT_COUNT_LIMIT = 10_000;

export class TicketsResource extends ScopedResource {
  constructor() {
    super(SupportTicket, { scope: websiteScope, defaultSort: { sortBy: 'id', direction: 'desc' }, searchProperties: ['subject'] });
  }

  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    return boundedCount(SupportTicket, this.where(filter, context), EXACT_COUNT_LIMIT);
  }
}
