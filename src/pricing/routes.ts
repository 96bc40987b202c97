import { Router, type RequestHandler } from 'express';
import { visitorActor } from '../platform/actor.js';
import { optionalAuth } from '../identity/index.js';
import { ctx } from '../platform/context.js';
import { createRateLimit } from '../platform/http/rate-limit.js';
import { sendJson } from '../platform/http/send-json.js';
import { parseInput } from '../platform/http/validate.js';
import { quoteBodyParser } from './schemas.js';
import { quoteWithDiscountsAtHand } from './read-models/quote-at-hand.js';
import { pricingOptions, quoteWithDiscounts } from './service/quote.js';

/** The path of the public quote, which buildApp mounts itself (see quoteHandlers). */
export const QUOTE_PATH = '/api/v1/pricing/quote';

/**
 * POST /api/v1/pricing/quote, public and rate-limited. It is the API's hottest route and is
 * benchmarked against a bare Express endpoint, so buildApp mounts it at the app level behind the
 * API's shared middlewares rather than two routers deep (/api/v1, then /pricing): each router
 * level cuts and restores the URL and re-parses it, which cost the quote ~8 % of its CPU.
 */
export function quoteHandlers(): RequestHandler[] {
  // Counted in batches: no Redis round trip per request.
  const quoteLimit = createRateLimit({ name: 'quote', windowMs: 60_000, limit: ctx().config.RATE_LIMIT_QUOTE_PER_MIN, batched: true });
  const quote: RequestHandler = (req, res) => {
    const body = parseInput(quoteBodyParser, req.body);
    const actor = req.actor ?? visitorActor(req.website!.id, req.ip ?? null, String(req.id));
    // A visitor's quote on a cached price list needs no I/O: answered without a promise.
    const answer = quoteWithDiscountsAtHand(actor, req.website!, body);
    if (answer) return sendJson(res, answer);
    return quoteWithDiscounts(actor, req.website!, body).then((result) => sendJson(res, result));
  };
  return [quoteLimit, optionalAuth, quote];
}

/** /api/v1/pricing: the options of the request's website (the quote: quoteHandlers). */
export function pricingRouter(): Router {
  const router = Router();
  router.get('/options', async (req, res) => {
    res.json(await pricingOptions(req.website!.id));
  });
  return router;
}
