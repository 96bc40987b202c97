import { ValidationFailed } from '../../platform/errors.js';

/**
 * What a search box query is made of (pure, no I/O): the trimmed text, whether it is one token
 * that may be an identifier (an order number, a registration id, an email, a receipt number, a
 * Stripe id), and its words (letters and digits) for the full-text and typo steps.
 */
export const MIN_QUERY_LENGTH = 2;
export const MAX_QUERY_LENGTH = 200;
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 50;

export interface ParsedQuery {
  text: string;
  /** One token of identifier characters (no spaces): worth the exact and prefix lookups. */
  identifier: string | null;
  /** Lower-cased words of letters or digits, in order, at most 8. */
  words: string[];
  /** Lower-cased words of 3–40 letters only: those a typo correction may replace. */
  letterWords: string[];
}

const IDENTIFIER = /^[\p{L}\p{N}._@+-]+$/u;
const WORD = /[\p{L}\p{N}]+/gu;
const LETTERS = /^\p{L}{3,40}$/u;

export function parseQuery(q: unknown): ParsedQuery {
  const text = typeof q === 'string' ? q.replace(/\s+/g, ' ').trim() : '';
  if (text.length < MIN_QUERY_LENGTH) throw ValidationFailed({ q: `must have at least ${MIN_QUERY_LENGTH} characters` });
  if (text.length > MAX_QUERY_LENGTH) throw ValidationFailed({ q: `must have at most ${MAX_QUERY_LENGTH} characters` });
  const words = (text.toLowerCase().match(WORD) ?? []).slice(0, 8);
  return {
    text,
    identifier: IDENTIFIER.test(text) ? text : null,
    words,
    letterWords: words.filter((w) => LETTERS.test(w)),
  };
}

export function parseLimit(limit: unknown): number {
  if (limit === undefined || limit === null || limit === '') return DEFAULT_LIMIT;
  const n = Number(limit);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) throw ValidationFailed({ limit: `must be a whole number from 1 to ${MAX_LIMIT}` });
  return n;
}

/** A LIKE pattern matching what starts with `value` (its own % and _ taken literally). */
export const prefixPattern = (value: string) => `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The words as a tsquery of prefixes ('jo:* & smi:*'): names are searched as typed so far. */
export const prefixTsquery = (words: readonly string[]) => words.map((w) => `${w}:*`).join(' & ');
