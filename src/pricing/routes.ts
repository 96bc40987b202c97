import { Router } from 'express';
import { visitorActor } from '../identity/actor.js';
import { optionalAuth } from '../identity/middleware.js';
import { ctx } from '../platform/context.js';
import { createRateLimit } from '../platform/http/rate-limit.js';
import { parseInput } from '../platform/http/validate.js';
import { quoteBody } from './schemas.js';
import { pricingOptions, quoteWithDiscounts } from './service/quote.js';

/** /api/v1/pricing: public quotes and options of the request's website. */
export function pricingRouter(): Router {
  const router = Router();
  // The quote is public and cheap: its limit is counted in batches (no Redis round trip per request).
  const quoteLimit = createRateLimit({ name: 'quote', windowMs: 60_000, limit: ctx().config.RATE_LIMIT_QUOTE_PER_MIN, batched: true });

  router.post('/quote', quoteLimit, optionalAuth, async (req, res) => {
    const body = parseInput(quoteBody, req.body);
    const actor = req.actor ?? visitorActor(req.website!.id, req.ip ?? null, String(req.id));
    res.json(await quoteWithDiscounts(actor, req.website!, body));
  });

  router.get('/options', async (req, res) => {
    res.json(await pricingOptions(req.website!.id));
  });
  return router;
}
