import { Router, type Request, type Response } from 'express';
import { NotFound } from '../../platform/errors.js';
import { parseInput } from '../../platform/http/validate.js';
import { unsubscribeQuery } from './schemas.js';
import { unsubscribeByToken, type UnsubscribeResult } from './service/unsubscribe.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function answer(req: Request, res: Response, result: UnsubscribeResult): void {
  if (req.method === 'GET' && req.accepts(['json', 'html']) === 'html') {
    const site = escapeHtml(req.website?.name ?? 'us');
    res
      .type('html')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
          `<title>Unsubscribed</title></head><body style="font-family:Helvetica,Arial,sans-serif;max-width:520px;margin:48px auto;padding:0 16px;">` +
          `<h1 style="font-size:22px;">You are unsubscribed</h1><p>${escapeHtml(result.email)} will get no more news emails from ${site}. ` +
          `Emails about your account and orders still come.</p></body></html>`,
      );
    return;
  }
  res.json(result);
}

/**
 * /api/v1/email: the unsubscribe link of campaign emails — GET (the link in the body, opened in a
 * browser) and POST (RFC 8058 one-click from the List-Unsubscribe header). No sign-in: the signed
 * token names the address; the request's website must be the token's.
 */
export function emailRouter(): Router {
  const router = Router();
  const handle = (method: 'link' | 'one_click') => async (req: Request, res: Response) => {
    const { token } = parseInput(unsubscribeQuery, req.query, 'query');
    if (!req.website) throw NotFound('Website');
    answer(req, res, await unsubscribeByToken(token, req.website.id, method, { ip: req.ip ?? null, requestId: String(req.id) }));
  };
  router.get('/unsubscribe', handle('link'));
  router.post('/unsubscribe', handle('one_click'));
  return router;
}
