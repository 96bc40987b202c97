import type { Actor } from '../../platform/actor.js';
import { inTransaction } from '../../platform/database.js';
import { SEARCH_TYPES, searchScopeOf, type SearchScope, type SearchType } from './policy.js';
import { parseLimit, parseQuery, type ParsedQuery } from './query.js';
import { boundSearchWork, correctedRows, correctWords, searchRows, type SearchRow } from './read-models/back-office-search.js';

/** One result of the back-office search: what it is, its id, a line to show, its back-office page. */
export interface SearchResult {
  type: SearchType;
  id: number;
  title: string;
  url: string;
}

export interface SearchAnswer {
  results: SearchResult[];
  /** The query the typo step searched with when it added results (shown as "Also showing results for …"). */
  correctedQuery: string | null;
}

const RESOURCE_OF: Record<SearchType, string> = {
  order: 'orders',
  user: 'users',
  payment: 'payments',
  refund: 'refunds',
  message: 'order_messages',
  ticket_message: 'tickets',
};

const urlOf = (row: SearchRow) => `/admin/resources/${RESOURCE_OF[row.type]}/records/${row.refId ?? row.id}/show`;

/** Best first: tier (exact, prefix, full text, corrected), then rank, then kind, then newest. */
function ranked(rows: SearchRow[], limit: number): SearchRow[] {
  const best = new Map<string, SearchRow>();
  for (const row of rows) {
    const key = `${row.type}:${row.id}`;
    const seen = best.get(key);
    if (!seen || row.tier < seen.tier || (row.tier === seen.tier && row.score > seen.score)) best.set(key, row);
  }
  const kind = (t: SearchType) => SEARCH_TYPES.indexOf(t);
  return [...best.values()]
    .sort((a, b) => a.tier - b.tier || b.score - a.score || kind(a.type) - kind(b.type) || b.id - a.id)
    .slice(0, limit);
}

/**
 * The back-office search: orders, people, payments and refunds, order and ticket messages the
 * staff member may see (policy.ts), ranked. When fewer than `limit` are found and a word is not
 * one the texts use, the nearest known word replaces it and full text runs again (tier 3).
 * Validation: `q` of 2–200 characters, `limit` 1–50 (default 20).
 */
export async function searchBackOffice(actor: Actor, input: { q: unknown; limit?: unknown }): Promise<SearchAnswer> {
  const scope = searchScopeOf(actor);
  const query = parseQuery(input.q);
  const limit = parseLimit(input.limit);
  return inTransaction(async () => {
    await boundSearchWork();
    return answer(scope, query, limit);
  });
}

async function answer(scope: SearchScope, query: ParsedQuery, limit: number): Promise<SearchAnswer> {
  const rows = await searchRows(scope, query, limit);
  let correctedQuery: string | null = null;
  if (rows.length < limit && query.letterWords.length) {
    const corrections = await correctWords(query.letterWords);
    if (corrections.size) {
      const words = query.words.map((w) => corrections.get(w) ?? w);
      const more = await correctedRows(scope, words, limit);
      if (more.length) {
        rows.push(...more);
        correctedQuery = words.join(' ');
      }
    }
  }
  return { results: ranked(rows, limit).map((row) => ({ type: row.type, id: row.id, title: row.title, url: urlOf(row) })), correctedQuery };
}
