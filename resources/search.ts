import type { Request, RequestHandler, Response } from 'express';
import { searchBackOffice, type SearchAnswer, type SearchType } from '../src/analytics/search/index.js';
import { staffActor } from '../src/admin-auth/index.js';
import { AppError } from '../src/platform/errors.js';
import type { BrandingOptions } from 'adminjs';
import { BRANDING } from './branding.js';
import { SearchComponents } from './components/search.js';

/**
 * GET /admin/search?q=… — the back-office search (analytics/search decides who finds what). Mounted
 * on the admin router behind the session and origin check. `Accept: application/json` gets
 * `{ results: [{ type, id, title, url }] }` (400 naming `q` when it is empty or too short; 401
 * without a session); anything else gets the page: the search box and the ranked results, each a
 * link to the record's back-office page (no session: the login page, as everywhere in /admin).
 */

/** The search box in the top bar of every back-office page (registered on the loader when this module loads). */
export const SEARCH_BOX = SearchComponents.SearchBox;

/** The back office's brand (branding.ts gives an object, not a function). */
const BRAND = BRANDING as BrandingOptions;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const TYPE_LABELS: Record<SearchType, string> = {
  order: 'Order',
  user: 'Person',
  payment: 'Payment',
  refund: 'Refund',
  message: 'Order message',
  ticket_message: 'Ticket message',
};

const STYLE = `
  body{margin:0;font-family:Roboto,Helvetica,Arial,sans-serif;background:#f6f7fb;color:#1f2937}
  header{display:flex;align-items:center;gap:24px;padding:12px 24px;background:#fff;border-bottom:1px solid #e5e7eb}
  header img{height:32px}
  main{max-width:960px;margin:24px auto;padding:0 24px}
  form{display:flex;gap:8px;margin-bottom:16px}
  input[type=search]{flex:1;padding:10px 12px;border:1px solid #c0c0ca;border-radius:4px;font-size:15px}
  button{padding:10px 18px;border:0;border-radius:4px;background:#4f46e5;color:#fff;font-size:15px;cursor:pointer}
  ol{list-style:none;margin:0;padding:0;background:#fff;border:1px solid #e5e7eb;border-radius:6px}
  li{padding:12px 16px;border-bottom:1px solid #eef0f4;display:flex;gap:12px;align-items:baseline}
  li:last-child{border-bottom:0}
  a{color:#4f46e5;text-decoration:none} a:hover{text-decoration:underline}
  .type{flex:0 0 120px;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#6b7280}
  .note{color:#6b7280;margin:8px 0 16px}`;

function page(q: string, answer: SearchAnswer | null, message: string | null): string {
  const results = answer?.results ?? [];
  const list = results.length
    ? `<ol data-testid="search-results">${results
        .map(
          (r) =>
            `<li data-type="${r.type}"><span class="type">${TYPE_LABELS[r.type]}</span><a href="${escapeHtml(r.url)}">${escapeHtml(r.title)}</a></li>`,
        )
        .join('')}</ol>`
    : answer
      ? `<p class="note" data-testid="search-empty">Nothing found for “${escapeHtml(q)}”.</p>`
      : '';
  const corrected = answer?.correctedQuery
    ? `<p class="note" data-testid="search-corrected">Also showing results for “${escapeHtml(answer.correctedQuery)}”.</p>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${q ? `${escapeHtml(q)} · ` : ''}Search · ${escapeHtml(BRAND.companyName ?? 'Scriptorium')}</title>
<link rel="icon" href="${escapeHtml(String(BRAND.favicon ?? ''))}"><style>${STYLE}</style></head><body>
<header><a href="/admin"><img src="${escapeHtml(String(BRAND.logo ?? ''))}" alt="Scriptorium"></a><a href="/admin">Back to the back office</a></header>
<main><h1>Search</h1>
<form method="get" action="/admin/search" role="search"><input type="search" name="q" value="${escapeHtml(q)}" placeholder="Order number, topic, email, registration id, receipt, Stripe id, message…" autofocus aria-label="Search"><button type="submit">Search</button></form>
${message ? `<p class="note">${escapeHtml(message)}</p>` : ''}${corrected}${list}</main></body></html>`;
}

const wantsJson = (req: Request) => req.accepts(['html', 'json']) === 'json';

function sendError(res: Response, err: AppError): void {
  res.status(err.status).json({ error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } });
}

export const searchRoute: RequestHandler = async (req, res) => {
  const json = wantsJson(req);
  const admin = req.session?.adminUser;
  if (!admin) {
    if (json) res.status(401).json({ error: { code: 'unauthorized', message: 'Sign in to the back office first' } });
    else res.redirect('/admin/login');
    return;
  }
  const q = typeof req.query.q === 'string' ? req.query.q : '';
  const meta = req as unknown as { id?: string };
  try {
    const answer = await searchBackOffice(staffActor(admin, { ip: req.ip ?? null, requestId: meta.id ?? null }), {
      q: req.query.q,
      limit: req.query.limit,
    });
    if (json) res.json({ results: answer.results.map(({ type, id, title, url }) => ({ type, id, title, url })) });
    else res.type('html').send(page(q, answer, null));
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (json) return sendError(res, err);
    // An empty or too short box shows the empty page; a refusal keeps its status.
    const hint = q.trim() && err.fields?.q ? `The search ${err.fields.q}.` : null;
    res
      .status(err.code === 'validation_failed' ? 200 : err.status)
      .type('html')
      .send(page(q, null, err.code === 'validation_failed' ? hint : err.message));
  }
};
