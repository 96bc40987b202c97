import { NotFoundError, type ActionContext, type default as AdminJS } from 'adminjs';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { NotFound } from '../src/platform/errors.js';
import { toAppError } from '../src/platform/http/error-middleware.js';
import type { Logger } from '../src/platform/logger.js';

/** HTTP guards around the AdminJS router: same-origin POSTs, and errors without stacks. */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const isApi = (req: Request) => req.path.startsWith('/api/');

function refuse(req: Request, res: Response, status: number, code: string, message: string): void {
  if (isApi(req)) {
    res.status(status).json({ error: { code, message } });
    return;
  }
  res
    .status(status)
    .type('html')
    .send(
      `<!doctype html><meta charset="utf-8"><title>Scriptorium back office</title>` +
        `<p>${escapeHtml(message)}</p><p><a href="${escapeHtml(req.baseUrl || '/admin')}">Back to the back office</a></p>`,
    );
}

function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * AdminJS has no CSRF defence. Besides the SameSite=Strict cookie, every state-changing request
 * must name our own origin (Origin, else Referer) — except the login form, which carries no
 * session to abuse and which non-browser clients post without either header; when it does carry
 * one, it must match too.
 */
export const sameOriginOnly: RequestHandler = (req, res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const origin = req.get('origin');
  const claimed = origin && origin !== 'null' ? hostOf(origin) : hostOf(req.get('referer'));
  const isLogin = req.path === '/login';
  if (!claimed && isLogin && !origin && !req.get('referer')) return next();
  const host = (req.get('host') ?? '').toLowerCase();
  if (claimed && host && claimed === host) return next();
  refuse(req, res, 403, 'forbidden', 'This request did not come from the back office itself.');
};

/** The action (and record) a back-office path names, below /api/resources/:id or /resources/:id. */
const ACTION_PATH = /^\/(?:actions\/([^/]+)|records\/([^/]+)\/([^/]+)|bulk\/([^/]+))(?:\/|$)/;

/**
 * AdminJS answers a path naming an unknown resource, action or record with a 500 (it throws on
 * the lookup) or a 200 carrying an error notice. For a signed-in staff member this answers 404
 * first — JSON on the API paths — and a record that is out of their scope is as unknown as one
 * that does not exist. Without a session AdminJS's own redirect to the login page follows.
 */
export function resourceNotFound(admin: AdminJS): RequestHandler {
  return async (req, res, next) => {
    try {
      const currentAdmin = req.session?.adminUser;
      if (!currentAdmin) return next();
      const resourceId = String(req.params.resourceId);
      const resource = admin.resources.find((r) => r.decorate().id() === resourceId);
      if (!resource) throw NotFound('Back-office resource');
      const match = ACTION_PATH.exec(req.path);
      if (!match) return next();
      const [, resourceAction, recordId, recordAction, bulkAction] = match;
      const actionName = resourceAction ?? recordAction ?? bulkAction!;
      const action = resource.decorate().actions[actionName];
      const fits = action && (resourceAction ? action.isResourceType() : recordAction ? action.isRecordType() : action.isBulkType());
      if (!fits) throw NotFound('Back-office action');
      if (recordId !== undefined && !(await resource.findOne(recordId, { currentAdmin } as unknown as ActionContext)))
        throw NotFound('Record');
      next();
    } catch (err) {
      next(err);
    }
  };
}

export const adminNotFound: RequestHandler = (req, res) => refuse(req, res, 404, 'not_found', 'There is no such back-office page.');

/** AdminJS errors otherwise reach Express's default handler (an HTML stack trace outside production). */
export function adminErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    // AdminJS's own "not found" (a bulk action's records, say) is a 404, not a failure of ours.
    const appError = err instanceof NotFoundError ? NotFound('Record') : toAppError(err);
    if (appError.code === 'internal') logger.error({ err, requestId: req.id, url: req.originalUrl }, 'back-office error');
    if (res.headersSent) return;
    const retryAfter = appError.details?.retryAfterSeconds;
    if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    const message = appError.code === 'internal' ? `Something went wrong on our side (request ${req.id}).` : appError.message;
    refuse(req, res, appError.status, appError.code, message);
  };
}
