import { Router } from 'express';
import { actorOf, requireAuth, requireRole } from '../identity/middleware.js';
import { parseInput } from '../platform/http/validate.js';
import { createOrderBody, listOrdersQuery, orderDetailsBody, orderIdParams } from './schemas.js';
import { getClientOrder, listClientOrders } from './service/queries.js';
import { createDraftOrder, submitOrder, updateDraftOrder } from './service/wizard.js';

/** /api/v1/orders: the client's order wizard, list and detail. */
export function ordersRouter(): Router {
  const router = Router();
  router.use(requireAuth, requireRole('client'));

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
  return router;
}
