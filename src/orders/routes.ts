import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { ZodError } from 'zod';
import { actorOf, assertRole, authenticateWithRead, requireAuth, requireRole } from '../identity/index.js';
import { sendJson } from '../platform/http/send-json.js';
import { invalidInput, parseInput } from '../platform/http/validate.js';
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
import { clientOrdersRead, type ClientOrderRow } from './read-models/client-orders.js';
import { clientOrdersPage, getClientOrder } from './service/queries.js';
import { createDraftOrder, submitOrder, updateDraftOrder } from './service/wizard.js';

/** The path of the client's order list, which buildApp mounts itself (see myOrdersHandlers). */
export const MY_ORDERS_PATH = '/api/v1/orders';

/**
 * GET /api/v1/orders, the client's own orders. Every signed-in client's order page asks for it and
 * it is benchmarked against a bare endpoint, so buildApp mounts it at the app level behind the
 * API's shared middlewares, as the quote, rather than two routers deep (/api/v1, then past the
 * order sub-routers mounted at its root, then /orders): each level cuts, restores and re-parses
 * the URL and tries every route of the routers before it.
 */
export function myOrdersHandlers(): RequestHandler[] {
  const list: RequestHandler = async (req, res) => {
    const parsed = listOrdersQuery.safeParse(req.query);
    if (!parsed.success) return refuseListQuery(req, res, parsed.error);
    // One statement checks the session and reads the page (see authenticateWithRead).
    const rows = await authenticateWithRead<ClientOrderRow>(req, clientOrdersRead(parsed.data));
    assertRole(req, 'client');
    sendJson(res, clientOrdersPage(actorOf(req), rows, parsed.data));
  };
  return [list];
}

/** A list query that does not parse: refused in the order of the other routes, 401, then 403, then its 400. */
async function refuseListQuery(req: Request, res: Response, error: ZodError): Promise<never> {
  await requireAuth(req, res, () => undefined);
  assertRole(req, 'client');
  throw invalidInput(error, 'query');
}

/** /api/v1/orders: the client's order wizard and detail (the list: myOrdersHandlers). */
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
