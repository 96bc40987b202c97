import { FakeStripeError, type FakeStripeState, type Params, type StripeObject } from './fake-stripe-resources.js';

/**
 * The fake Stripe's list and search endpoints (GET /v1/refunds, GET /v1/payment_intents/search),
 * Stripe-shaped: newest first, `limit` (1–100, default 10), cursor `starting_after` for lists and
 * `page` for searches, so the SDK's auto-pagination works against it.
 */

const invalid = (message: string, param: string) =>
  new FakeStripeError(400, 'invalid_request_error', message, 'parameter_invalid', { param });

function limitOf(params: Params): number {
  if (params.limit === undefined) return 10;
  const limit = Number(params.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid('This value must be between 1 and 100.', 'limit');
  return limit;
}

const newestFirst = (objects: Iterable<StripeObject>) => [...objects].reverse();

type ListObject = Record<string, unknown> & { object: 'list' | 'search_result'; data: StripeObject[] };

/** A page of `objects` after the `starting_after` cursor. */
function page(objects: StripeObject[], params: Params, url: string): ListObject {
  let from = 0;
  if (typeof params.starting_after === 'string') {
    from = objects.findIndex((o) => o.id === params.starting_after) + 1;
    if (from === 0) throw invalid(`No such object: '${params.starting_after}'`, 'starting_after');
  }
  const data = objects.slice(from, from + limitOf(params));
  return { object: 'list', data, has_more: from + data.length < objects.length, url };
}

/** GET /v1/refunds?charge=…|payment_intent=… */
export function listRefunds(state: FakeStripeState, params: Params): ListObject {
  const refunds = newestFirst(state.refunds.values()).filter(
    (r) =>
      (params.charge === undefined || r.charge === params.charge) &&
      (params.payment_intent === undefined || r.payment_intent === params.payment_intent),
  );
  return page(refunds, params, '/v1/refunds');
}

/**
 * Stripe's search query language, as far as we use it: clauses `field:'value'` or
 * `metadata['key']:'value'` joined by AND.
 */
function clausesOf(query: string): Array<{ path: string[]; value: string }> {
  return query.split(/\s+AND\s+/).map((clause) => {
    const m = /^(?:metadata\[['"]([^'"]+)['"]\]|([a-z_]+)):['"]([^'"]*)['"]$/.exec(clause.trim());
    if (!m) throw invalid(`Invalid search query: ${clause}`, 'query');
    return { path: m[1] !== undefined ? ['metadata', m[1]] : [m[2]!], value: m[3]! };
  });
}

const valueAt = (object: StripeObject, path: string[]) =>
  path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), object);

/** GET /v1/payment_intents/search?query=… (the `page` token is the offset). */
export function searchPaymentIntents(state: FakeStripeState, params: Params): ListObject {
  if (typeof params.query !== 'string' || !params.query) throw invalid('Missing required param: query.', 'query');
  const clauses = clausesOf(params.query);
  const found = newestFirst(state.paymentIntents.values()).filter((pi) =>
    clauses.every((c) => String(valueAt(pi, c.path) ?? '') === c.value),
  );
  const offset = typeof params.page === 'string' ? Number(params.page) : 0;
  const data = found.slice(offset, offset + limitOf(params));
  const more = offset + data.length < found.length;
  return {
    object: 'search_result',
    data,
    has_more: more,
    next_page: more ? String(offset + data.length) : null,
    url: '/v1/payment_intents/search',
  };
}
