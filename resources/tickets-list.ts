import type { ActionContext, Filter } from 'adminjs';
import { Op, type WhereOptions } from 'sequelize';
import { ACTIVE_STATUSES, SupportTicket } from '../src/support/index.js';
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

  /**
   * `filters.active=true|false`: the ticket still needs the support team (ACTIVE_STATUSES) or not;
   * the dashboard's SLA-breach queue is breached and active.
   */
  protected override where(filter: Filter | undefined, context?: ActionContext): WhereOptions {
    const active = filter?.filters?.active;
    if (!active || !filter) return super.where(filter, context);
    const { active: _active, ...others } = filter.filters;
    const status =
      active.value === 'true' ? { [Op.in]: ACTIVE_STATUSES } : active.value === 'false' ? { [Op.notIn]: ACTIVE_STATUSES } : null;
    const rest = super.where(Object.assign(Object.create(filter) as Filter, { filters: others }), context);
    return { [Op.and]: [rest, status ? { status } : { id: { [Op.eq]: null } }] };
  }

  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    return boundedCount(SupportTicket, this.where(filter, context), EXACT_COUNT_LIMIT);
  }
}
