import { ValidationFailed } from '../../platform/errors.js';
import type { ExportDefinition, FilterSpec, SortSpec } from './definition.js';

/**
 * The AdminJS list's query (`filters.<property>=…`, `filters.<date>~~from=…` / `~~to=…`,
 * `sortBy`, `direction`) as a typed WHERE over the definition's whitelist. A filter matches as
 * the list's does, so the file holds the rows the list counts; where the list quietly shows
 * nothing for a value it cannot use (a bad status, a non-numeric id, a bad date), the export
 * refuses with a 400 naming the field. Every value is bound as $n; only the definition's own
 * column names are written into the text.
 */

export interface ParsedQuery {
  /** Conditions, ANDed; their values are in `bind` ($1… in order). */
  where: string[];
  bind: unknown[];
  /** The filters as asked (for the audit row), e.g. `{ status: 'in_progress', 'createdAt~~from': '2026-01-01' }`. */
  applied: Record<string, string>;
  sort: { key: string; spec: SortSpec; direction: 'asc' | 'desc' };
}

const ID = /^\d{1,15}$/;
const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

function oneValue(field: string, raw: unknown): string {
  if (typeof raw !== 'string') throw ValidationFailed({ [field]: 'must be given once, as text' });
  return raw;
}

function dateOf(field: string, value: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw ValidationFailed({ [field]: 'must be a date (ISO 8601, e.g. 2026-01-31)' });
  return d;
}

/** One (non-date) filter -> one condition with its value bound. */
function condition(field: string, spec: FilterSpec, raw: string, bind: unknown[]): string {
  const value = spec.trim ? raw.trim() : raw;
  const next = (v: unknown) => `$${bind.push(v)}`;
  switch (spec.kind) {
    case 'enum':
      if (!spec.values!.includes(value)) throw ValidationFailed({ [field]: `must be one of ${spec.values!.join(', ')}` });
      return `${spec.column} = ${next(value)}`;
    case 'id':
      if (!ID.test(value.trim())) throw ValidationFailed({ [field]: 'must be an id (a whole number)' });
      return `${spec.column} = ${next(Number(value.trim()))}`;
    case 'bool':
      if (value !== 'true' && value !== 'false') throw ValidationFailed({ [field]: 'must be true or false' });
      return `${spec.column} = ${next(value === 'true')}`;
    case 'text':
      return `${spec.column} ILIKE ${next(`%${escapeLike(value)}%`)}`;
    case 'orderNumber':
      // Exact, or a prefix when it ends with `*` (the orders list's rule).
      if (value.endsWith('*') && value.length > 1) return `${spec.column} LIKE ${next(`${escapeLike(value.slice(0, -1))}%`)}`;
      return `${spec.column} = ${next(value)}`;
    case 'date':
      throw new Error('date filters are ranges');
  }
}

function sortOf(definition: ExportDefinition, query: Record<string, unknown>): ParsedQuery['sort'] {
  const asked = typeof query.sortBy === 'string' ? query.sortBy : undefined;
  // An unknown sort falls back to the list's default, as the list does.
  const known = asked !== undefined && Object.hasOwn(definition.sorts, asked);
  const key = known ? asked : definition.defaultSort.by;
  const direction = known ? (query.direction === 'asc' ? 'asc' : 'desc') : definition.defaultSort.direction;
  return { key, spec: definition.sorts[key]!, direction };
}

export function parseListQuery(definition: ExportDefinition, query: Record<string, unknown>): ParsedQuery {
  const where: string[] = [];
  const bind: unknown[] = [];
  const applied: Record<string, string> = {};
  const ranges = new Map<string, { from?: string; to?: string }>();
  for (const [key, raw] of Object.entries(query)) {
    if (!key.startsWith('filters.')) continue;
    const [name = '', part] = key.slice('filters.'.length).split('~~');
    const spec = Object.hasOwn(definition.filters, name) ? definition.filters[name] : undefined;
    if (!spec) throw ValidationFailed({ [name]: `is not a filter of the ${definition.resource} list` });
    const value = oneValue(name, raw);
    if (value === '') continue; // an emptied filter box filters nothing, as in the list
    applied[key.slice('filters.'.length)] = value;
    if (spec.kind === 'date') {
      if (part !== 'from' && part !== 'to') throw ValidationFailed({ [name]: 'is a date range: use ~~from and ~~to' });
      ranges.set(name, { ...ranges.get(name), [part]: value });
      continue;
    }
    if (part !== undefined) throw ValidationFailed({ [name]: 'is not a range' });
    where.push(condition(name, spec, value, bind));
  }
  for (const [name, range] of ranges) {
    const column = definition.filters[name]!.column;
    if (range.from !== undefined) where.push(`${column} >= $${bind.push(dateOf(name, range.from))}`);
    if (range.to !== undefined) where.push(`${column} <= $${bind.push(dateOf(name, range.to))}`);
  }
  return { where, bind, applied, sort: sortOf(definition, query) };
}
