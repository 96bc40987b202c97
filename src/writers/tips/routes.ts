import { Router } from 'express';
import { actorOf, requireAuth, requireRole } from '../../identity/index.js';
import { idempotent } from '../../platform/http/idempotency.js';
import { parseInput } from '../../platform/http/validate.js';
import { tipBody, tipParams, tipView } from './schemas.js';
import { serializeTip, tipWriter } from './service.js';

/** POST /orders/:id/tips (mounted before the orders router's /:id). */
export function tipsRouter(): Router {
  const router = Router();
  router.post('/orders/:id/tips', requireAuth, requireRole('client'), idempotent, async (req, res) => {
    const { id } = parseInput(tipParams, req.params, 'path');
    const { amountCents } = parseInput(tipBody, req.body);
    const tip = await tipWriter(actorOf(req), id, { amountCents, requestKey: req.idempotencyKey });
    res.status(201).json(tipView.parse(serializeTip(tip)));
  });
  return router;
}
