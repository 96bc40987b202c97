import { Router } from 'express';
import { actorOf, requireAuth, requireRole } from '../../identity/index.js';
import { parseInput } from '../../platform/http/validate.js';
import { orderIdParams } from '../schemas.js';
import { getClientOrder } from '../service/queries.js';
import { changeParams, deadlineBody, deadlineQuery } from './schemas.js';
import { serializeDeadlineChange } from './serializers.js';
import { cancelDeadlineChange, changeDeadline, listDeadlineChanges, previewDeadlineChange } from './service.js';

/** /api/v1/orders/:id/deadline…: the client moves the deadline of a placed order. */
export function orderDeadlinesRouter(): Router {
  const router = Router();
  const client = [requireAuth, requireRole('client')];

  router.get('/orders/:id/deadline-change', ...client, async (req, res) => {
    const { id } = parseInput(orderIdParams, req.params, 'path');
    const { deadline } = parseInput(deadlineQuery, req.query, 'query');
    res.json(await previewDeadlineChange(actorOf(req), id, deadline));
  });

  router.post('/orders/:id/deadline', ...client, async (req, res) => {
    const { id } = parseInput(orderIdParams, req.params, 'path');
    const { deadline } = parseInput(deadlineBody, req.body);
    const change = await changeDeadline(actorOf(req), id, deadline);
    res.status(201).json({ change: serializeDeadlineChange(change), order: await getClientOrder(actorOf(req), id) });
  });

  router.get('/orders/:id/deadline-changes', ...client, async (req, res) => {
    const { id } = parseInput(orderIdParams, req.params, 'path');
    res.json({ items: (await listDeadlineChanges(actorOf(req), id)).map(serializeDeadlineChange) });
  });

  router.post('/orders/:id/deadline-changes/:changeId/cancel', ...client, async (req, res) => {
    const { id, changeId } = parseInput(changeParams, req.params, 'path');
    const change = await cancelDeadlineChange(actorOf(req), id, changeId);
    res.json(serializeDeadlineChange(change));
  });
  return router;
}
