import type { Actor } from '../platform/actor.js';
import { NotFound, ValidationFailed } from '../platform/errors.js';
import { Website } from '../tenancy/index.js';
import { cachedFigures, FIGURES_TTL_MS } from './cache.js';
import { periodFigures, type PeriodFigures } from './figures.js';
import { dayOf, parsePeriod, PERIOD_PRESETS } from './period.js';
import { dashboardScopeOf, dashboardWebsiteOf } from './policy.js';
import { queueCounts, type QueueCount } from './queues.js';

/**
 * The back-office home: the work queues (live, exact counts linking to the filtered lists) and the
 * figures of a period (SQL aggregates, cached a few minutes with their "as of"). An admin or
 * support member sees their website; a superadmin every website with a per-website breakdown, or
 * one website chosen.
 */
export interface DashboardInput {
  websiteId?: unknown;
  days?: unknown;
  from?: unknown;
  to?: unknown;
  refresh?: unknown;
}

export interface DashboardWebsite {
  id: number;
  name: string;
  currency: string;
}

export interface Dashboard {
  /** The website looked at; null: every website (a superadmin). */
  websiteId: number | null;
  /** The websites the actor may choose from (a superadmin's selector; an admin's own). */
  websites: DashboardWebsite[];
  presets: readonly number[];
  queues: QueueCount[];
  figures: PeriodFigures;
  asOf: string;
  fromCache: boolean;
  ttlSeconds: number;
}

const ID = /^\d{1,15}$/;

function parseWebsiteId(value: unknown): number | null {
  if (value === undefined || value === null || value === '' || value === 'all') return null;
  if (typeof value !== 'string' || !ID.test(value)) throw ValidationFailed({ websiteId: 'must be a website id' });
  return Number(value);
}

export async function dashboard(actor: Actor, input: DashboardInput = {}): Promise<Dashboard> {
  const websiteId = dashboardScopeOf(actor, parseWebsiteId(input.websiteId));
  const period = parsePeriod(input);
  const own = dashboardWebsiteOf(actor);
  const choices = await Website.findAll({
    where: own === null ? {} : { id: own },
    attributes: ['id', 'name', 'currency'],
    order: [['id', 'ASC']],
  });
  const websites = choices.map((w) => ({ id: w.id, name: w.name, currency: w.currency }));
  const inScope = websiteId === null ? websites : websites.filter((w) => w.id === websiteId);
  if (inScope.length === 0) throw NotFound('Website');

  // A superadmin looking at one website gets it named in the links; an admin's lists are scoped already.
  const queues = await queueCounts(
    actor,
    inScope.map((w) => w.id),
    own === null ? websiteId : null,
  );
  const key = `dashboard:figures:v1:${websiteId ?? 'all'}:${dayOf(period.from)}:${dayOf(period.to)}`;
  const figures = await cachedFigures(key, () => periodFigures(inScope, period), {
    refresh: input.refresh === 'true' || input.refresh === '1',
  });
  return {
    websiteId,
    websites,
    presets: PERIOD_PRESETS,
    queues,
    figures: figures.value,
    asOf: figures.asOf,
    fromCache: figures.fromCache,
    ttlSeconds: FIGURES_TTL_MS / 1000,
  };
}
