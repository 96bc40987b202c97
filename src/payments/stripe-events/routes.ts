import express, { Router } from 'express';
import './schemas.js';
import { receiveStripeWebhook } from './service.js';

export const STRIPE_WEBHOOK_PATH = '/api/v1/payments/stripe/webhook';

/** Stripe's events are small, but a charge with many refunds or a long description grows past 100kb. */
const WEBHOOK_BODY_LIMIT = '1mb';

/**
 * POST /api/v1/payments/stripe/webhook — Stripe's calls. Mounted by app.ts on this exact path
 * BEFORE the /api/v1 stack, for two reasons:
 * - the signature covers the exact bytes sent, so the body is read raw here; express.json would
 *   parse (and a re-serialisation would not verify);
 * - the /api/v1 stack resolves the website from the Host header and answers 404 for a host that
 *   is no website's domain — Stripe calls the one URL configured in its dashboard (often an API or
 *   admin host), never a website's. The website comes from the event (metadata.websiteId), and
 *   the signature is what authenticates the call.
 * Answers 400 JSON for an unsigned or forged call (nothing stored), 200 once the event is stored.
 */
export function stripeWebhookRouter(): Router {
  const router = Router();
  router.post('/', express.raw({ type: 'application/json', limit: WEBHOOK_BODY_LIMIT }), async (req, res) => {
    const receipt = await receiveStripeWebhook(req.body, req.get('stripe-signature'), req.id ? String(req.id) : null);
    res.status(200).json({ received: true, ...receipt });
  });
  return router;
}
