import { Router } from 'express';
import { actorOf, requireAuth, requireRole } from '../../identity/index.js';
import { parseInput } from '../../platform/http/validate.js';
import { orderIdParams } from '../schemas.js';
import { getClientOrder } from '../service/queries.js';
import { revisionBody, revisionParams, revisionTermsQuery } from './schemas.js';
import { serializeRevision } from './serializers.js';
import { listRevisions, previewRevision, requestRevision, withdrawRevision } from './service.js';

/** /api/v1/orders/:id/revision…: the client asks for, lists and withdraws revisions (paying is the payments router's). */
export function orderRevisionsRouter(): Router {
  const router = Router();
  const client = [requireAuth, requireRole('client')];

  router.get('/orders/:id/revision-terms', ...client, async (req, res) => {
    const { id } = parseInput(orderIdParams, req.params, 'path');
    const query = parseInput(revisionTermsQuery, req.query, 'query');
    res.json(await previewRevision(actorOf(req), id, query));
  });

  router.post('/orders/:id/revision', ...client, async (req, res) => {
    const { id } = parseInput(orderIdParams, req.params, 'path');
    const { revision, order } = await requestRevision(actorOf(req), id, parseInput(revisionBody, req.body));
    res.status(201).json({ revision: serializeRevision(revision, order.currency), order: await getClientOrder(actorOf(req), id) });
  });

  router.get('/orders/:id/revisions', ...client, async (req, res) => {
    const { id } = parseInput(orderIdParams, req.params, 'path');
    const { order, revisions } = await listRevisions(actorOf(req), id);
    res.json({ items: revisions.map((r) => serializeRevision(r, order.currency)) });
  });

  router.post('/orders/:id/revisions/:revisionId/withdraw', ...client, async (req, res) => {
    const { id, revisionId } = parseInput(revisionParams, req.params, 'path');
    const { revision, order } = await withdrawRevision(actorOf(req), id, revisionId);
    res.json(serializeRevision(revision, order.currency));
  });
  return router;
}
