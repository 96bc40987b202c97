import { Router } from 'express';
import { actorOf, requireAuth, requireRole } from '../identity/index.js';
import { parseInput } from '../platform/http/validate.js';
import { availableQuery, noteBody, optionalReasonBody, orderIdParams, reasonBody, writerListQuery } from './schemas.js';
import { acceptAssignment, declineAssignment, dropOrder, listAvailableOrders, requestOrder, takeOrder } from './service/writer-actions.js';
import { writerQualifications } from './qualifications/index.js';
import { deliverOrder } from './service/deliver.js';
import { getWriterOrder, listMyWriterOrders } from './service/writer-queries.js';

/** /api/v1/writer/orders: the writer's pool, requests, takes and current work. */
export function writerOrdersRouter(): Router {
  const router = Router();
  router.use(requireAuth, requireRole('writer'));
  const idOf = (params: unknown) => parseInput(orderIdParams, params, 'path').id;

  router.get('/available', async (req, res) => {
    res.json(await listAvailableOrders(actorOf(req), parseInput(availableQuery, req.query, 'query')));
  });
  router.get('/', async (req, res) => {
    res.json(await listMyWriterOrders(actorOf(req), parseInput(writerListQuery, req.query, 'query')));
  });
  router.get('/:id', async (req, res) => {
    res.json(await getWriterOrder(actorOf(req), idOf(req.params)));
  });
  router.post('/:id/request', async (req, res) => {
    const { note } = parseInput(noteBody, req.body ?? {});
    const request = await requestOrder(actorOf(req), idOf(req.params), note ?? null);
    res.status(201).json({ id: request.id, orderId: request.orderId, status: request.status, createdAt: request.createdAt.toISOString() });
  });
  router.post('/:id/take', async (req, res) => {
    const order = await takeOrder(actorOf(req), idOf(req.params));
    res.json(await getWriterOrder(actorOf(req), order.id));
  });
  router.post('/:id/accept', async (req, res) => {
    const order = await acceptAssignment(actorOf(req), idOf(req.params));
    res.json(await getWriterOrder(actorOf(req), order.id));
  });
  router.post('/:id/decline', async (req, res) => {
    const { reason } = parseInput(optionalReasonBody, req.body ?? {});
    await declineAssignment(actorOf(req), idOf(req.params), reason ?? null);
    res.status(204).end();
  });
  router.post('/:id/submit', async (req, res) => {
    const { note } = parseInput(noteBody, req.body ?? {});
    const order = await deliverOrder(actorOf(req), idOf(req.params), note ?? null);
    res.json(await getWriterOrder(actorOf(req), order.id));
  });
  router.post('/:id/drop', async (req, res) => {
    const { reason } = parseInput(reasonBody, req.body);
    await dropOrder(actorOf(req), idOf(req.params), reason);
    res.status(204).end();
  });
  return router;
}

/** /api/v1/writer/subjects: the subjects the signed-in writer is qualified for (subject gating). */
export function writerSubjectsRouter(): Router {
  const router = Router();
  router.use(requireAuth, requireRole('writer'));
  router.get('/', async (req, res) => {
    const actor = actorOf(req);
    res.json({ items: await writerQualifications(actor, actor.userId!) });
  });
  return router;
}
