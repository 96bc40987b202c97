import { clock } from '../platform/clock.js';
import { ValidationFailed } from '../platform/errors.js';

/**
 * The dashboard's period: whole UTC days, `from` inclusive and `to` exclusive (midnights), so a
 * day's bar is the same whoever looks and a cached answer stays right for the day. A preset is the
 * last N days including today; a custom period names its first and last day (YYYY-MM-DD).
 */
export const PERIOD_PRESETS = [7, 30, 90] as const;
export const MAX_PERIOD_DAYS = 366;
const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface Period {
  from: Date;
  to: Date;
  days: number;
  /** The preset it came from (7, 30, 90), or null for a custom period. */
  preset: number | null;
}

export interface PeriodInput {
  days?: unknown;
  from?: unknown;
  to?: unknown;
}

const startOfUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
export const dayOf = (d: Date): string => d.toISOString().slice(0, 10);

function parseDay(field: string, value: unknown): Date {
  if (typeof value !== 'string' || !DAY.test(value)) throw ValidationFailed({ [field]: 'must be a day, YYYY-MM-DD' });
  const d = new Date(`${value}T00:00:00.000Z`);
  if (Number.isNaN(d.getTime()) || dayOf(d) !== value) throw ValidationFailed({ [field]: 'must be a real day' });
  return d;
}

export function parsePeriod(input: PeriodInput): Period {
  const hasRange = (input.from !== undefined && input.from !== '') || (input.to !== undefined && input.to !== '');
  if (hasRange) {
    const from = parseDay('from', input.from);
    const to = new Date(parseDay('to', input.to).getTime() + DAY_MS);
    const days = Math.round((to.getTime() - from.getTime()) / DAY_MS);
    if (days < 1) throw ValidationFailed({ to: 'must not be before from' });
    if (days > MAX_PERIOD_DAYS) throw ValidationFailed({ from: `the period is at most ${MAX_PERIOD_DAYS} days` });
    return { from, to, days, preset: null };
  }
  const days = input.days === undefined || input.days === '' ? 30 : Number(input.days);
  if (!(PERIOD_PRESETS as readonly number[]).includes(days))
    throw ValidationFailed({ days: `must be one of ${PERIOD_PRESETS.join(', ')}` });
  const to = new Date(startOfUtcDay(clock.now()).getTime() + DAY_MS);
  return { from: new Date(to.getTime() - days * DAY_MS), to, days, preset: days };
}

/** Every day of the period, in order (the charts' x axis). */
export function daysOf(period: Period): string[] {
  return Array.from({ length: period.days }, (_, i) => dayOf(new Date(period.from.getTime() + i * DAY_MS)));
}
