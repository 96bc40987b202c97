import { Router } from 'express';
import { actorOf, requireAuth, requireRole } from '../../identity/index.js';
import { orderIdParams } from '../../orders/index.js';
import { idempotent } from '../../platform/http/idempotency.js';
import { parseInput } from '../../platform/http/validate.js';
import { refundIdParams, rejectRefundBody, requestRefundBody } from './schemas.js';
import { serializeClientRefund, serializeStaffRefund } from './serializers.js';
import { approveRefund, rejectRefund } from './service/approve.js';
import { listOrderRefunds } from './service/queries.js';
import { requestRefund } from './service/request.js';

/**
 * Refunds in the API: a client follows the refunds of their order; support asks for a refund and
 * an admin approves or rejects it (the same services as the back office). The POSTs honour
 * Idempotency-Key: a replay returns the first answer and changes nothing.
 */
export function orderRefundsRouter(): Router {
  const router = Router();
  const staff = [requireAuth, requireRole('support', 'admin', 'superadmin')];
  const admins = [requireAuth, requireRole('admin', 'superadmin')];

  router.get('/orders/:id/refunds', requireAuth, requireRole('client', 'support', 'admin', 'superadmin'), async (req, res) => {
    const { id } = parseInput(orderIdParams, req.params, 'path');
    const actor = actorOf(req);
    const result = await listOrderRefunds(actor, id);
    const serialize = actor.role === 'client' ? serializeClientRefund : serializeStaffRefund;
    res.json({ ...result, items: result.items.map(serialize) });
  });

  router.post('/orders/:id/refunds', ...staff, idempotent, async (req, res) => {
    const { id } = parseInput(orderIdParams, req.params, 'path');
    const body = parseInput(requestRefundBody, req.body);
    res.status(201).json(serializeStaffRefund(await requestRefund(actorOf(req), { ...body, orderId: id })));
  });

  router.post('/refunds/:id/approve', ...admins, idempotent, async (req, res) => {
    const { id } = parseInput(refundIdParams, req.params, 'path');
    res.json(serializeStaffRefund(await approveRefund(actorOf(req), id)));
  });

  router.post('/refunds/:id/reject', ...admins, async (req, res) => {
    const { id } = parseInput(refundIdParams, req.params, 'path');
    const { reason } = parseInput(rejectRefundBody, req.body);
    res.json(serializeStaffRefund(await rejectRefund(actorOf(req), id, reason)));
  });
  return router;
}
