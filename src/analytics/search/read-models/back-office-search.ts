import { sql } from '../../../platform/database.js';
import type { SearchScope, SearchType } from '../policy.js';
import { prefixPattern, prefixTsquery, type ParsedQuery } from '../query.js';

/**
 * The read model of the back-office search (GET /admin/search), benchmarked by
 * `npm run bench -- search` (p95 under 100 ms on a million orders). Hand-written SQL because one
 * statement answers every kind at once (UNION ALL of small indexed branches, one round trip) and
 * because full-text and trigram matching have no model API. Not prepared: the plans of prefix,
 * text-search and ANY() conditions depend on their values (docs/read-models.md).
 *
 * Tiers, best first: 0 an identifier exactly (order number, email, registration id, receipt
 * number, Stripe id; btree), 1 an identifier's prefix (pattern-ops btree), 2 full text on topics,
 * names and message bodies (GIN; ts_rank over the newest FULL_TEXT_CANDIDATES matches, so a word
 * every order shares costs a hundred rows, not a million), 3 the same after a typo was corrected
 * from the lexicon (`correctWords`). The expressions match the indexes of
 * migrations/20261210000100-search-indexes.ts. Every branch is limited in its WHERE to the scope
 * the service got from the policy; the service decides who may search.
 */

export interface SearchRow {
  type: SearchType;
  id: number;
  tier: number;
  score: number;
  title: string;
  /** The record the result opens when it is not the row itself (a ticket message opens its ticket). */
  refId: number | null;
}

const FULL_TEXT_CANDIDATES = 100;
const RECENT_WINDOW = 300;

/**
 * Bounds on the work of one search, set for its transaction only. A word that a million topics
 * share would otherwise have the planner either read the whole GIN posting list or walk the
 * primary key backwards computing to_tsvector row by row until a rare word turns up (seconds
 * either way, and its estimates do not tell the two cases apart): GIN answers at most about
 * GIN_CANDIDATES rows (gin_fuzzy_search_limit: a sample when more match), every branch is an
 * index lookup (no sequential scan), and the candidates are sorted by `id + 0` so the primary key
 * never drives a full-text branch. No parallel workers and no JIT: starting workers or compiling
 * (the disabled sequential scans inflate cost estimates past jit_above_cost) costs hundreds of ms,
 * far more than these small scans. Trigram similarity 0.2 for corrections: one swapped pair of
 * letters ("bnech") leaves a five-letter word 0.2 similar to the right one.
 */
const GIN_CANDIDATES = 500;
const CORRECTION_SIMILARITY = 0.2;

export async function boundSearchWork(): Promise<void> {
  await sql(
    `SELECT set_config('gin_fuzzy_search_limit', $1, true), set_config('enable_seqscan', 'off', true),
            set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true), set_config('pg_trgm.similarity_threshold', $2, true)`,
    [String(GIN_CANDIDATES), String(CORRECTION_SIMILARITY)],
  );
}

class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * `column` within the scope's websites. All websites are read from their table (a few rows), so
 * that indexes led by website_id (order numbers, receipts) serve a superadmin's search too.
 */
function inScope(column: string, scope: SearchScope, p: Params): string {
  if (scope.websiteIds?.length === 1) return `${column} = ${p.add(scope.websiteIds[0])}::bigint`;
  return `${column} = ANY(${scope.websiteIds === null ? 'ARRAY(SELECT id FROM websites)' : `${p.add(scope.websiteIds)}::bigint[]`})`;
}

/** Users have no website when they are superadmins: only an all-websites search shows them. */
const usersInScope = (scope: SearchScope, p: Params) => (scope.websiteIds === null ? 'TRUE' : inScope('u.website_id', scope, p));

const COLUMNS = 'type, id, tier, score, title, ref_id AS "refId"';
const COLUMN_NAMES = 'type, id, tier, score, title, ref_id';
const ORDER_TITLE = `'Order ' || o.number || coalesce(' · ' || o.topic, '')`;
const USER_TITLE = `u.display_name || coalesce(' «' || u.pen_name || '»', '') || ' · ' || u.registration_id || ' · ' || u.email || ' · ' || u.role`;
const money = (alias: string) =>
  `${alias}.currency || ' ' || (${alias}.amount_cents / 100) || '.' || lpad((${alias}.amount_cents % 100)::text, 2, '0')`;
const PAYMENT_TITLE = `'Payment ' || coalesce(p.receipt_number, '#' || p.id) || ' · ' || ${money('p')} || ' · ' || p.status`;
const REFUND_TITLE = `'Refund #' || r.id || ' · ' || ${money('r')} || ' · ' || r.status`;

/** The identifier branches (tiers 0 and 1): one token, looked up exactly and as a prefix. */
function identifierBranches(scope: SearchScope, id: string, limit: string, p: Params): string[] {
  const branches: string[] = [];
  let exactParam: string | undefined;
  const exact = () => (exactParam ??= p.add(id));
  const hasDigit = /\d/.test(id);
  if (scope.types.has('order') && hasDigit) {
    branches.push(`(SELECT 'order' AS type, o.id, 0 AS tier, 1::float8 AS score, ${ORDER_TITLE} AS title, NULL::bigint AS ref_id
      FROM orders o WHERE ${inScope('o.website_id', scope, p)} AND o.number = ${exact()} LIMIT ${limit})`);
    branches.push(`(SELECT 'order', o.id, 1, 1::float8, ${ORDER_TITLE}, NULL::bigint
      FROM orders o WHERE ${inScope('o.website_id', scope, p)} AND o.number LIKE ${p.add(prefixPattern(id))} AND o.number <> ${exact()} LIMIT ${limit})`);
  }
  if (scope.types.has('user')) {
    const lower = p.add(id.toLowerCase());
    const upper = p.add(id.toUpperCase());
    branches.push(`(SELECT 'user', u.id, 0, 1::float8, ${USER_TITLE}, NULL::bigint
      FROM users u WHERE ${usersInScope(scope, p)} AND (u.email = ${lower} OR upper(u.registration_id) = ${upper}) LIMIT ${limit})`);
    if (id.length >= 3)
      branches.push(`(SELECT 'user', u.id, 1, 1::float8, ${USER_TITLE}, NULL::bigint
        FROM users u WHERE ${usersInScope(scope, p)} AND (u.email LIKE ${p.add(prefixPattern(id.toLowerCase()))}
          OR upper(u.registration_id) LIKE ${p.add(prefixPattern(id.toUpperCase()))}) AND u.email <> ${lower} AND upper(u.registration_id) <> ${upper}
        LIMIT ${limit})`);
  }
  if (scope.types.has('payment') && hasDigit) {
    const upper = p.add(id.toUpperCase());
    branches.push(`(SELECT 'payment', p.id, CASE WHEN upper(p.receipt_number) = ${upper} THEN 0 ELSE 1 END, 1::float8, ${PAYMENT_TITLE}, NULL::bigint
      FROM payments p WHERE ${inScope('p.website_id', scope, p)} AND p.receipt_number IS NOT NULL
        AND upper(p.receipt_number) LIKE ${p.add(prefixPattern(id.toUpperCase()))} LIMIT ${limit})`);
    branches.push(`(SELECT 'payment', p.id, 0, 1::float8, ${PAYMENT_TITLE}, NULL::bigint
      FROM payments p WHERE ${inScope('p.website_id', scope, p)} AND p.stripe_payment_intent_id = ${exact()})`);
  }
  if (scope.types.has('refund') && hasDigit)
    branches.push(`(SELECT 'refund', r.id, 0, 1::float8, ${REFUND_TITLE}, NULL::bigint
      FROM refunds r WHERE ${inScope('r.website_id', scope, p)} AND r.stripe_refund_id = ${exact()})`);
  return branches;
}

/** The full-text branches (tier 2, or 3 after a correction): the newest matches, ranked by ts_rank. */
function fullTextBranches(scope: SearchScope, text: string, words: readonly string[], tier: number, limit: string, p: Params): string[] {
  const branches: string[] = [];
  const english = `websearch_to_tsquery('english'::regconfig, ${p.add(text)})`;
  const rank = (vector: string) => `ts_rank(${vector}, ${english})`;
  const topic = (alias: string) => `to_tsvector('english'::regconfig, coalesce(${alias}.topic, ''))`;
  const body = (alias: string) => `to_tsvector('english'::regconfig, ${alias}.body)`;
  if (scope.types.has('order')) {
    // The newest RECENT_WINDOW orders of the scope first (an index range, to_tsvector on each):
    // a common word fills the candidates there; the GIN index runs only when it did not.
    const window =
      scope.websiteIds?.length === 1
        ? `SELECT o.id, o.number, o.topic FROM orders o WHERE o.website_id = ${p.add(scope.websiteIds[0])}::bigint
             ORDER BY o.created_at DESC, o.id DESC LIMIT ${RECENT_WINDOW}`
        : `SELECT o.id, o.number, o.topic FROM orders o WHERE ${inScope('o.website_id', scope, p)} ORDER BY o.id DESC LIMIT ${RECENT_WINDOW}`;
    branches.push(`(SELECT 'order', o.id, ${tier}, ${rank(topic('o'))}, ${ORDER_TITLE}, NULL::bigint
      FROM (
        WITH recent AS MATERIALIZED (SELECT w.id, w.number, w.topic FROM (${window}) w WHERE ${topic('w')} @@ ${english} LIMIT ${FULL_TEXT_CANDIDATES})
        SELECT * FROM recent
        UNION ALL
        (SELECT o.id, o.number, o.topic FROM orders o
          WHERE (SELECT count(*) FROM recent) < ${limit} AND ${inScope('o.website_id', scope, p)} AND ${topic('o')} @@ ${english}
            AND o.id NOT IN (SELECT id FROM recent)
          ORDER BY o.id + 0 DESC LIMIT ${FULL_TEXT_CANDIDATES})
      ) o
      ORDER BY 4 DESC, o.id DESC LIMIT ${limit})`);
  }
  if (scope.types.has('user') && words.some((w) => /\p{L}/u.test(w))) {
    const names = (alias: string) => `to_tsvector('simple'::regconfig, ${alias}.display_name || ' ' || coalesce(${alias}.pen_name, ''))`;
    const prefixes = `to_tsquery('simple'::regconfig, ${p.add(prefixTsquery(words))})`;
    branches.push(`(SELECT 'user', u.id, ${tier}, ts_rank(${names('u')}, ${prefixes}), ${USER_TITLE}, NULL::bigint
      FROM (SELECT u.id, u.display_name, u.pen_name, u.registration_id, u.email, u.role FROM users u WHERE ${usersInScope(scope, p)} AND ${names('u')} @@ ${prefixes}
             ORDER BY u.id + 0 DESC LIMIT ${FULL_TEXT_CANDIDATES}) u
      ORDER BY 4 DESC, u.id DESC LIMIT ${limit})`);
  }
  if (scope.types.has('message'))
    branches.push(`(SELECT 'message', m.id, ${tier}, ${rank(body('m'))},
        'Message on order ' || o.number || CASE m.status WHEN 'visible' THEN '' ELSE ' (' || m.status || ')' END || ': ' || left(m.body, 120), NULL::bigint
      FROM (SELECT m.id, m.order_id, m.body, m.status FROM order_messages m WHERE ${inScope('m.website_id', scope, p)} AND ${body('m')} @@ ${english}
             ORDER BY m.id + 0 DESC LIMIT ${FULL_TEXT_CANDIDATES}) m JOIN orders o ON o.id = m.order_id
      ORDER BY 4 DESC, m.id DESC LIMIT ${limit})`);
  if (scope.types.has('ticket_message'))
    branches.push(`(SELECT 'ticket_message', m.id, ${tier}, ${rank(body('m'))},
        'Ticket #' || t.id || ' «' || t.subject || '»' || CASE WHEN m.internal THEN ' (internal note)' ELSE '' END || ': ' || left(m.body, 120), t.id
      FROM (SELECT m.id, m.ticket_id, m.body, m.internal FROM ticket_messages m WHERE ${inScope('m.website_id', scope, p)} AND ${body('m')} @@ ${english}
             ORDER BY m.id + 0 DESC LIMIT ${FULL_TEXT_CANDIDATES}) m JOIN tickets t ON t.id = m.ticket_id
      ORDER BY 4 DESC, m.id DESC LIMIT ${limit})`);
  return branches;
}

async function run(branches: string[], p: Params): Promise<SearchRow[]> {
  if (!branches.length) return [];
  const rows = await sql<SearchRow>(`SELECT ${COLUMNS} FROM (${branches.join('\nUNION ALL\n')}) found(${COLUMN_NAMES})`, p.values);
  return rows.map((r) => ({ ...r, id: Number(r.id), score: Number(r.score), refId: r.refId === null ? null : Number(r.refId) }));
}

/** Tiers 0–2 for the query, within the scope: at most `limit` rows per branch. */
export function searchRows(scope: SearchScope, query: ParsedQuery, limit: number): Promise<SearchRow[]> {
  const p = new Params();
  const max = p.add(limit);
  const branches = [
    ...(query.identifier ? identifierBranches(scope, query.identifier, max, p) : []),
    ...(query.words.length ? fullTextBranches(scope, query.text, query.words, 2, max, p) : []),
  ];
  return run(branches, p);
}

/** Full text again on a corrected query (tier 3). */
export function correctedRows(scope: SearchScope, words: readonly string[], limit: number): Promise<SearchRow[]> {
  const p = new Params();
  const max = p.add(limit);
  return run(fullTextBranches(scope, words.join(' '), words, 3, max, p), p);
}

/**
 * For each word the lexicon does not know, the known word most similar to it (trigram similarity
 * at least CORRECTION_SIMILARITY; GIN on search_words). The lexicon is
 * shared by all websites: a correction alone shows nothing, only the scoped search run with it.
 */
export async function correctWords(words: readonly string[]): Promise<Map<string, string>> {
  const rows = await sql<{ typed: string; fixed: string | null }>(
    `SELECT w.typed, (SELECT s.word FROM search_words s WHERE s.word % w.typed ORDER BY similarity(s.word, w.typed) DESC, s.word LIMIT 1) AS fixed
       FROM unnest($1::text[]) AS w(typed)
      WHERE NOT EXISTS (SELECT 1 FROM search_words s WHERE s.word = w.typed)`,
    [words],
  );
  return new Map(rows.filter((r) => r.fixed !== null).map((r) => [r.typed, r.fixed!]));
}
