import { Router } from 'express';
import { actorOf, requireAuth, requireRole } from '../identity/middleware.js';
import { parseInput } from '../platform/http/validate.js';
import {
  createOrderBody,
  listOrdersQuery,
  orderDetailsBody,
  orderIdParams,
  preferenceBody,
  reasonBody,
  writerIdParams,
} from './schemas.js';
import {
  approveOrder,
  cancelAsClient,
  listWriterPreferences,
  openDispute,
  previewCancellation,
  setWriterPreference,
} from './service/client-actions.js';
import { getClientOrder, listClientOrders } from './service/queries.js';
import { createDraftOrder, submitOrder, updateDraftOrder } from './service/wizard.js';

/** /api/v1/orders: the client's order wizard, list and detail. */
export function ordersRouter(): Router {
  const router = Router();
  router.use(requireAuth, requireRole('client'));

  // Before "/:id" so "writers" is not read as an order id.
  router.get('/writers/preferences', async (req, res) => {
    res.json({ items: await listWriterPreferences(actorOf(req)) });
  });
  router.put('/writers/:writerId/preference', async (req, res) => {
    const { writerId } = parseInput(writerIdParams, req.params, 'path');
    const { kind } = parseInput(preferenceBody, req.body);
    await setWriterPreference(actorOf(req), writerId, kind);
    res.status(204).end();
  });

  router.post('/', async (req, res) => {
    const body = parseInput(createOrderBody, req.body);
    const order = await createDraftOrder(actorOf(req), body);
    res.status(201).json(await getClientOrder(actorOf(req), order.id));
  });

  router.get('/', async (req, res) => {
    const query = parseInput(listOrdersQuery, req.query, 'query');
    res.json(await listClientOrders(actorOf(req), query));
  });

  router.get('/:id', async (req, res) => {
    const { id } = parseInput(orderIdParams, req.params, 'path');
    res.json(await getClientOrder(actorOf(req), id));
  });

  router.patch('/:id', async (req, res) => {
    const { id } = parseInput(orderIdParams, req.params, 'path');
    const patch = parseInput(orderDetailsBody, req.body);
    await updateDraftOrder(actorOf(req), id, patch);
    res.json(await getClientOrder(actorOf(req), id));
  });

  router.post('/:id/submit', async (req, res) => {
    const { id } = parseInput(orderIdParams, req.params, 'path');
    await submitOrder(actorOf(req), id);
    res.json(await getClientOrder(actorOf(req), id));
  });

  router.post('/:id/approve', async (req, res) => {
    const { id } = parseInput(orderIdParams, req.params, 'path');
    await approveOrder(actorOf(req), id);
    res.json(await getClientOrder(actorOf(req), id));
  });

  router.post('/:id/dispute', async (req, res) => {
    const { id } = parseInput(orderIdParams, req.params, 'path');
    await openDispute(actorOf(req), id, parseInput(reasonBody, req.body).reason);
    res.json(await getClientOrder(actorOf(req), id));
  });

  router.get('/:id/cancellation', async (req, res) => {
    const { id } = parseInput(orderIdParams, req.params, 'path');
    res.json(await previewCancellation(actorOf(req), id));
  });

  router.post('/:id/cancel', async (req, res) => {
    const { id } = parseInput(orderIdParams, req.params, 'path');
    await cancelAsClient(actorOf(req), id, parseInput(reasonBody, req.body).reason);
    res.json(await getClientOrder(actorOf(req), id));
  });
  return router;
}
