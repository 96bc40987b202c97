import { Router, type Request, type Response } from 'express';
import type { Actor } from '../platform/actor.js';
import { actorOf, requireAuth, requireRole } from '../identity/index.js';
import { type Order, outstandingCents } from '../orders/index.js';
import { serializeDeadlineChange } from '../orders/deadlines/index.js';
import { serializeRevision } from '../orders/revisions/index.js';
import { AppError } from '../platform/errors.js';
import { idempotent } from '../platform/http/idempotency.js';
import { parseInput } from '../platform/http/validate.js';
import {
  deadlineChangePayParams,
  orderPayParams,
  payDeadlineChangeBody,
  payOrderBody,
  paymentIdParams,
  paymentsQuery,
  payRevisionBody,
  revisionPayParams,
  staffPaymentsQuery,
} from './schemas.js';
import { serializeClientPayment, paymentRowOf } from './serializers.js';
import { paymentsCsv } from './service/export.js';
import { getClientPayment, listClientPayments, type StaffPaymentFilters } from './service/queries.js';
import { renderReceiptPdf } from './service/receipts.js';
import { payRevisionFromWallet } from './service/revision.js';
import { payDeadlineChangeFromWallet } from './service/wallet.js';
import { payOrderFromWallet } from './service/wallet-batching.js';
import type { PaymentMethod } from './rules.js';

/**
 * The payments API. Every route names its own middleware (no router-wide requireAuth): the Stripe
 * webhook lives under /payments too and authenticates by signature, not by token.
 */

const client = [requireAuth, requireRole('client')];

/** Only the wallet is paid here; the other methods have their own doors. */
function refuseOtherMethods(method: PaymentMethod): void {
  if (method === 'card') {
    throw new AppError('validation_failed', 'Card payments start with POST /api/v1/payments/card-intents (Stripe confirms them)', {
      method: 'card payments go through POST /api/v1/payments/card-intents',
    });
  }
  if (method === 'manual') {
    throw new AppError('validation_failed', 'Offline payments are recorded by staff in the back office', {
      method: 'offline payments are recorded by staff',
    });
  }
}

const orderView = (order: Order) => ({
  id: order.id,
  number: order.number,
  status: order.status,
  totalCents: order.totalCents,
  paidCents: order.paidCents,
  outstandingCents: outstandingCents(order),
});

const orderNumberOf = (order: Order) => order.number;
const requestKey = (req: Request) => req.idempotencyKey;

/** POST /orders/:id/pay, …/deadline-changes/:changeId/pay and …/revisions/:revisionId/pay (mounted before the orders router). */
export function orderPaymentsRouter(): Router {
  const router = Router();

  router.post('/orders/:id/pay', ...client, idempotent, async (req, res) => {
    const { id } = parseInput(orderPayParams, req.params, 'path');
    const body = parseInput(payOrderBody, req.body);
    refuseOtherMethods(body.method);
    const paid = await payOrderFromWallet(actorOf(req), id, { amountCents: body.amountCents, requestKey: requestKey(req) });
    res
      .status(201)
      .json({ payment: serializeClientPayment(paymentRowOf(paid.payment), orderNumberOf(paid.order)), order: orderView(paid.order) });
  });

  router.post('/orders/:id/deadline-changes/:changeId/pay', ...client, idempotent, async (req, res) => {
    const { id, changeId } = parseInput(deadlineChangePayParams, req.params, 'path');
    const body = parseInput(payDeadlineChangeBody, req.body);
    refuseOtherMethods(body.method);
    const paid = await payDeadlineChangeFromWallet(actorOf(req), id, changeId, { requestKey: requestKey(req) });
    res.status(201).json({
      payment: serializeClientPayment(paymentRowOf(paid.payment), orderNumberOf(paid.order)),
      change: serializeDeadlineChange(paid.change),
      order: orderView(paid.order),
    });
  });

  router.post('/orders/:id/revisions/:revisionId/pay', ...client, idempotent, async (req, res) => {
    const { id, revisionId } = parseInput(revisionPayParams, req.params, 'path');
    refuseOtherMethods(parseInput(payRevisionBody, req.body).method);
    const paid = await payRevisionFromWallet(actorOf(req), id, revisionId, { requestKey: requestKey(req) });
    res.status(201).json({
      payment: serializeClientPayment(paymentRowOf(paid.payment), orderNumberOf(paid.order)),
      revision: serializeRevision(paid.revision, paid.order.currency),
      order: orderView(paid.order),
    });
  });
  return router;
}

/** /api/v1/payments: the client's history, one payment, its receipt. */
export function paymentsRouter(): Router {
  const router = Router();

  router.get('/', ...client, async (req, res) => {
    const query = parseInput(paymentsQuery, req.query, 'query');
    res.json(await listClientPayments(actorOf(req), query));
  });

  router.get('/:id/receipt.pdf', ...client, async (req, res) => {
    const { id } = parseInput(paymentIdParams, req.params, 'path');
    const { filename, pdf } = await renderReceiptPdf(actorOf(req), id);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.send(pdf);
  });

  router.get('/:id', ...client, async (req, res) => {
    const { id } = parseInput(paymentIdParams, req.params, 'path');
    res.json(await getClientPayment(actorOf(req), id));
  });
  return router;
}

/** /api/v1/staff/payments.csv: support and admins export the website's payments. */
export function staffPaymentsRouter(): Router {
  const router = Router();
  router.get('/payments.csv', requireAuth, requireRole('support', 'admin', 'superadmin'), async (req, res) => {
    await sendPaymentsCsv(res, actorOf(req), parseInput(staffPaymentsQuery, req.query, 'query'));
  });
  return router;
}

/** Streams the staff CSV (also used by the back office's /admin/payments.csv). Rights are checked before any byte is sent. */
export async function sendPaymentsCsv(res: Response, actor: Actor, filters: StaffPaymentFilters): Promise<void> {
  const pieces = paymentsCsv(actor, filters);
  const first = await pieces.next();
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', 'attachment; filename="payments.csv"');
  if (!first.done) res.write(first.value);
  for await (const piece of pieces) res.write(piece);
  res.end();
}
