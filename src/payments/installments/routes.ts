import { Router } from 'express';
import { actorOf, requireAuth, requireRole } from '../../identity/index.js';
import { type Order, outstandingCents } from '../../orders/index.js';
import { AppError } from '../../platform/errors.js';
import { idempotent } from '../../platform/http/idempotency.js';
import { parseInput } from '../../platform/http/validate.js';
import { paymentRowOf, serializeClientPayment } from '../serializers.js';
import { cancelPlanBody, createPlanBody, payInstallmentBody, planOrderParams } from './schemas.js';
import { serializePlan, serializeStaffPlan } from './serializers.js';
import { cancelInstallmentPlan } from './service/cancel.js';
import { createInstallmentPlan } from './service/create.js';
import { payNextInstallment } from './service/pay.js';
import { getOrderPlan, receiptsOf } from './service/queries.js';

/**
 * /api/v1/orders/:id/installment-plan: the client sees the schedule of their order and pays the
 * next installment; support and admins of the website make and cancel plans. Mounted before the
 * orders router, whose /:id would take these paths.
 */

const staffRoles = ['support', 'admin', 'superadmin'] as const;
const staff = [requireAuth, requireRole(...staffRoles)];
const client = [requireAuth, requireRole('client')];

const orderView = (order: Order) => ({
  id: order.id,
  number: order.number,
  status: order.status,
  totalCents: order.totalCents,
  paidCents: order.paidCents,
  outstandingCents: outstandingCents(order),
});

/** This door pays from the wallet; a card pays an installment through a Stripe PaymentIntent (Stripe confirms it). */
function refuseOtherMethods(method: string): void {
  if (method === 'wallet') return;
  throw new AppError(
    'validation_failed',
    'Installments are paid here from the wallet; by card they start with POST /api/v1/payments/card-intents {"purpose":"installment","orderId","installmentId"}',
    {
      method: 'installments are paid here from the wallet; by card through POST /api/v1/payments/card-intents (purpose installment)',
    },
  );
}

export function installmentPlansRouter(): Router {
  const router = Router();

  router.get('/orders/:id/installment-plan', requireAuth, requireRole('client', ...staffRoles), async (req, res) => {
    const { id } = parseInput(planOrderParams, req.params, 'path');
    res.json(await getOrderPlan(actorOf(req), id));
  });

  router.post('/orders/:id/installment-plan', ...staff, async (req, res) => {
    const { id } = parseInput(planOrderParams, req.params, 'path');
    const body = parseInput(createPlanBody, req.body);
    const { plan, installments, order } = await createInstallmentPlan(actorOf(req), id, body);
    res.status(201).json(serializeStaffPlan(plan, order.number, installments));
  });

  router.post('/orders/:id/installment-plan/cancel', ...staff, async (req, res) => {
    const { id } = parseInput(planOrderParams, req.params, 'path');
    const { reason } = parseInput(cancelPlanBody, req.body);
    const { plan, installments, order } = await cancelInstallmentPlan(actorOf(req), { orderId: id }, reason);
    res.json(serializeStaffPlan(plan, order.number, installments, await receiptsOf(installments)));
  });

  router.post('/orders/:id/installment-plan/pay', ...client, idempotent, async (req, res) => {
    const { id } = parseInput(planOrderParams, req.params, 'path');
    const body = parseInput(payInstallmentBody, req.body);
    refuseOtherMethods(body.method);
    const paid = await payNextInstallment(actorOf(req), id, { installmentId: body.installmentId, requestKey: req.idempotencyKey });
    res.status(201).json({
      payment: serializeClientPayment(paymentRowOf(paid.payment), paid.order.number),
      order: orderView(paid.order),
      plan: serializePlan(paid.plan, paid.order.number, paid.installments, await receiptsOf(paid.installments)),
    });
  });
  return router;
}
