import { Router } from 'express';
import { ctx } from '../platform/context.js';
import { createRateLimit } from '../platform/http/rate-limit.js';
import { parseInput } from '../platform/http/validate.js';
import { quoteBody } from './schemas.js';
import { pricingOptions, quotePrice } from './service/quote.js';

/** /api/v1/pricing: public quotes and options of the request's website. */
export function pricingRouter(): Router {
  const router = Router();
  const quoteLimit = createRateLimit({ name: 'quote', windowMs: 60_000, limit: ctx().config.RATE_LIMIT_QUOTE_PER_MIN });

  router.post('/quote', quoteLimit, async (req, res) => {
    const body = parseInput(quoteBody, req.body);
    res.json(await quotePrice(req.website!.id, body));
  });

  router.get('/options', async (req, res) => {
    res.json(await pricingOptions(req.website!.id));
  });
  return router;
}
