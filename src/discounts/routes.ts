import { Router } from 'express';
import { visitorActor } from '../platform/actor.js';
import { optionalAuth } from '../identity/index.js';
import { ctx } from '../platform/context.js';
import { createRateLimit } from '../platform/http/rate-limit.js';
import { parseInput } from '../platform/http/validate.js';
import { validateBody } from './schemas.js';
import { validateDiscountCode } from './service/validate.js';

/** /api/v1/discounts: checking a code at checkout. */
export function discountsRouter(): Router {
  const router = Router();
  // Codes are guessable: checking them is rate-limited per IP and website.
  const limit = createRateLimit({ name: 'discount-validate', windowMs: 60_000, limit: ctx().config.RATE_LIMIT_DISCOUNT_VALIDATE_PER_MIN });

  router.post('/validate', limit, optionalAuth, async (req, res) => {
    const body = parseInput(validateBody, req.body);
    const actor = req.actor ?? visitorActor(req.website!.id, req.ip ?? null, String(req.id));
    res.json(await validateDiscountCode(actor, req.website!, body));
  });
  return router;
}
