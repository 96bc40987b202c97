import { Router } from 'express';
import { actorOf, requireAuth, requireRole } from '../../identity/index.js';
import { idempotent } from '../../platform/http/idempotency.js';
import { parseInput } from '../../platform/http/validate.js';
import { cardIntentBody, cardPaymentParams } from './schemas.js';
import { cardAvailability, createCardIntent, getCardPaymentStatus, syncCardPayment } from './service.js';

const client = [requireAuth, requireRole('client')];

/**
 * /api/v1/payments/card-availability and /card-intents: card payments with Stripe. Mounted before
 * the payments router, whose /:id would take these paths.
 */
export function cardPaymentsRouter(): Router {
  const router = Router();

  router.get('/card-availability', (_req, res) => {
    const { available, reason } = cardAvailability();
    res.json({ available, reason: reason ?? null });
  });

  router.post('/card-intents', ...client, idempotent, async (req, res) => {
    const body = parseInput(cardIntentBody, req.body);
    res.status(201).json(await createCardIntent(actorOf(req), body, req.idempotencyKey));
  });

  router.get('/card-intents/:paymentId', ...client, async (req, res) => {
    const { paymentId } = parseInput(cardPaymentParams, req.params, 'path');
    res.json(await getCardPaymentStatus(actorOf(req), paymentId));
  });

  router.post('/card-intents/:paymentId/sync', ...client, async (req, res) => {
    const { paymentId } = parseInput(cardPaymentParams, req.params, 'path');
    res.json(await syncCardPayment(actorOf(req), paymentId));
  });
  return router;
}
