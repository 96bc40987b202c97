import { Router } from 'express';
import { actorOf, requireAuth, requireRole } from '../../identity/index.js';
import { parseInput } from '../../platform/http/validate.js';
import { payoutIdParams, payoutRequestBody, payoutsQuery } from './schemas.js';
import { getPayout, listWriterPayouts, serializeRequest, writerBalance } from './service/queries.js';
import { requestPayout } from './service/requests.js';

/**
 * /api/v1/writer/payouts, /payout-requests and /balance: the signed-in writer's payouts. Mounted
 * at /writer beside other writer routers, so each route names its own middleware.
 */
export function writerPayoutsRouter(): Router {
  const router = Router();
  const writer = [requireAuth, requireRole('writer')];

  router.get('/payouts', ...writer, async (req, res) => {
    const actor = actorOf(req);
    res.json(await listWriterPayouts(actor, actor.userId!, parseInput(payoutsQuery, req.query, 'query')));
  });

  router.get('/payouts/:id', ...writer, async (req, res) => {
    const { id } = parseInput(payoutIdParams, req.params, 'path');
    res.json(await getPayout(actorOf(req), id));
  });

  router.post('/payout-requests', ...writer, async (req, res) => {
    const body = parseInput(payoutRequestBody, req.body);
    res.status(201).json(serializeRequest(await requestPayout(actorOf(req), body)));
  });

  router.get('/balance', ...writer, async (req, res) => {
    const actor = actorOf(req);
    res.json(await writerBalance(actor, actor.userId!));
  });
  return router;
}
