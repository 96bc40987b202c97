import { Router } from 'express';
import { visitorActor } from '../identity/actor.js';
import { optionalAuth } from '../identity/middleware.js';
import { ctx } from '../platform/context.js';
import { createRateLimit } from '../platform/http/rate-limit.js';
import { sendJson } from '../platform/http/send-json.js';
import { parseInput } from '../platform/http/validate.js';
import { quoteBodyParser } from './schemas.js';
import { pricingOptions, quoteWithDiscounts, quoteWithDiscountsAtHand } from './service/quote.js';

/** /api/v1/pricing: public quotes and options of the request's website. */
export function pricingRouter(): Router {
  const router = Router();
  // The quote is public and cheap: its limit is counted in batches (no Redis round trip per request).
  const quoteLimit = createRateLimit({ name: 'quote', windowMs: 60_000, limit: ctx().config.RATE_LIMIT_QUOTE_PER_MIN, batched: true });

  router.post('/quote', quoteLimit, optionalAuth, (req, res) => {
    const body = parseInput(quoteBodyParser, req.body);
    const actor = req.actor ?? visitorActor(req.website!.id, req.ip ?? null, String(req.id));
    // A visitor's quote on a cached price list needs no I/O: answered without a promise.
    const answer = quoteWithDiscountsAtHand(actor, req.website!, body);
    if (answer) return sendJson(res, answer);
    return quoteWithDiscounts(actor, req.website!, body).then((result) => sendJson(res, result));
  });

  router.get('/options', async (req, res) => {
    res.json(await pricingOptions(req.website!.id));
  });
  return router;
}
