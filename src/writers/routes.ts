import { Router } from 'express';
import { actorOf, requireAuth, requireRole } from '../identity/index.js';
import { parseInput } from '../platform/http/validate.js';
import { earningsQuery } from './schemas.js';
import { listWriterEarnings } from './service/queries.js';

/** /api/v1/writer/earnings: the signed-in writer's earnings and balances. */
export function writerEarningsRouter(): Router {
  const router = Router();
  router.use(requireAuth, requireRole('writer'));
  router.get('/', async (req, res) => {
    const actor = actorOf(req);
    res.json(await listWriterEarnings(actor, actor.userId!, parseInput(earningsQuery, req.query, 'query')));
  });
  return router;
}
