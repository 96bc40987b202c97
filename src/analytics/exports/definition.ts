import type { Actor } from '../../platform/actor.js';

/**
 * What an export of one back-office list is: its rows (a FROM with cheap joins for public names),
 * its columns with human headers, the filters and sorts of its list, and who may export it.
 * Filters and sorts carry the same names as the AdminJS list's properties, so the list's own query
 * string (`filters.status=…&filters.createdAt~~from=…&sortBy=…&direction=…`) selects the file.
 */

/** How a column's value is written: money as a decimal of the row's currency, dates as ISO 8601 in UTC. */
export type ColumnKind = 'text' | 'number' | 'money' | 'date' | 'bool';

export interface Column {
  header: string;
  /** A SQL expression over the definition's FROM (code-owned text, never a value). */
  sql: string;
  kind: ColumnKind;
}

/**
 * A list filter, matching as the list matches: `enum` equality on a known value, `id` equality on
 * a whole number, `text` a case-insensitive substring, `bool` true/false, `date` a range
 * (`~~from`/`~~to`, inclusive), `orderNumber` exact or a prefix ending in `*`.
 */
export type FilterKind = 'enum' | 'id' | 'text' | 'bool' | 'date' | 'orderNumber';

export interface FilterSpec {
  column: string;
  kind: FilterKind;
  values?: readonly string[];
  /** The list trims the value before matching (the orders list's topic and number). */
  trim?: boolean;
}

/** A sort the list offers, on a NOT NULL column (keyset paging needs a total order with the id). */
export interface SortSpec {
  column: string;
  /** The column's PostgreSQL type, to read the keyset's last key back from text. */
  type: 'timestamptz' | 'bigint' | 'integer' | 'varchar';
}

export interface ExportDefinition {
  /** The AdminJS resource id (= table name); the file is `<resource>.csv`. */
  resource: string;
  /** Rows and joins, e.g. `orders o LEFT JOIN users c ON c.id = o.client_id`. */
  from: string;
  /** The row's unique id (keyset tie-breaker). */
  idColumn: string;
  /** The row's website (the staff member's scope). */
  websiteColumn: string;
  /** May this actor see the list at all (the list's isAccessible, as a policy). */
  mayExport: (actor: Actor) => boolean;
  filters: Readonly<Record<string, FilterSpec>>;
  sorts: Readonly<Record<string, SortSpec>>;
  defaultSort: { by: string; direction: 'asc' | 'desc' };
  columns: readonly Column[];
}

/** A date column's header says its zone; the writer formats every date in UTC. */
export const utc = (label: string) => `${label} (UTC)`;
