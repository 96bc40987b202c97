import { Router } from 'express';
import { actorOf, requireAuth, requireRole } from '../../identity/index.js';
import { parseInput } from '../../platform/http/validate.js';
import { appealFineBody, fineIdParams, myFinesQuery } from './schemas.js';
import { appealFine } from './service/lifecycle.js';
import { listMyFines, writerFineView } from './service/queries.js';

/** /api/v1/writer/fines: the signed-in writer's fines and their appeals. */
export function writerFinesRouter(): Router {
  const router = Router();
  router.use(requireAuth, requireRole('writer'));
  router.get('/', async (req, res) => {
    res.json(await listMyFines(actorOf(req), parseInput(myFinesQuery, req.query, 'query')));
  });
  router.post('/:id/appeal', async (req, res) => {
    const { id } = parseInput(fineIdParams, req.params, 'path');
    const { reason } = parseInput(appealFineBody, req.body);
    res.json(await writerFineView(await appealFine(actorOf(req), id, reason)));
  });
  return router;
}
