import type Stripe from 'stripe';
import { QueryTypes, Op } from 'sequelize';
import { systemActor } from '../../platform/actor.js';
import { ctx } from '../../platform/context.js';
import { currentTransaction, getSequelize } from '../../platform/database.js';
import { stripeOrNull } from '../../platform/stripe/index.js';
import type { StripeEventContext, StripeEventOutcome } from '../stripe-events/index.js';
import { Refund } from './models.js';
import { matchStripeRefunds, type StripeRefundFacts } from './rules.js';
import { confirmCardPart } from './service/card.js';

/**
 * charge.refunded: Stripe confirms refunds of a charge. It runs in the stripe-events transaction
 * (the event row locked, applied once per event id) and confirms our refunds of that payment
 * exactly as the synchronous path does (confirmCardPart: the ledger key and the status make it
 * once, whichever comes first). A refund of ours is confirmed only by a succeeded Stripe refund
 * that names it — by the Stripe refund id we stored, else by its metadata.refundId — never by
 * amounts (two refunds of one amount, or one made in the dashboard, would be taken for each other).
 * Since API version 2022-11-15 the charge in the event no longer lists its refunds: the list is
 * then read from Stripe by prepareChargeRefunded, before the transaction and outside it.
 * Refunds made outside Scriptorium (the Stripe dashboard) are not ours: nothing is posted for them.
 */
const intentOf = (charge: Stripe.Charge): string | null =>
  typeof charge.payment_intent === 'string' ? charge.payment_intent : (charge.payment_intent?.id ?? null);

/** The charge's refunds as the event carries them, or null when it does not carry all of them. */
function refundsInEvent(charge: Stripe.Charge): StripeRefundFacts[] | null {
  const list = (charge as { refunds?: Stripe.ApiList<Stripe.Refund> | null }).refunds;
  if (!list || !Array.isArray(list.data) || list.has_more) return null;
  return list.data.map(factsOf);
}

const factsOf = (refund: Stripe.Refund): StripeRefundFacts => ({
  id: refund.id,
  amount: refund.amount,
  status: refund.status ?? null,
  refundId: refund.metadata?.refundId ?? null,
});

/** Card refunds of the intent's payment still waiting for Stripe's word (read without a lock: a hint only). */
async function refundsAwaiting(intentId: string): Promise<number> {
  const [row] = await getSequelize().query<{ n: string }>(
    `SELECT count(*) AS n FROM refunds r JOIN payments p ON p.id = r.payment_id
      WHERE p.stripe_payment_intent_id = $1 AND p.method = 'card' AND r.card_cents > 0 AND r.status IN ('processing', 'failed')`,
    { bind: [intentId], type: QueryTypes.SELECT },
  );
  return Number(row?.n ?? 0);
}

/**
 * Before the event's transaction: the charge's refunds from Stripe, when the event does not list
 * them and a refund of ours waits for confirmation (otherwise nothing is read). Stripe unreachable:
 * the throw fails the event, retried by the job (and the refunds retry job confirms on its own).
 */
export async function prepareChargeRefunded(event: Stripe.ChargeRefundedEvent): Promise<StripeRefundFacts[] | undefined> {
  const charge = event.data.object;
  const intentId = intentOf(charge);
  if (!intentId || refundsInEvent(charge) || (await refundsAwaiting(intentId)) === 0) return undefined;
  const stripe = stripeOrNull();
  if (!stripe) throw new Error(`Stripe is not configured: the refunds of charge ${charge.id} cannot be read`);
  const refunds = await stripe.refunds.list({ charge: charge.id, limit: 100 }).autoPagingToArray({ limit: 10_000 });
  return refunds.map(factsOf);
}

export async function onChargeRefunded(event: Stripe.ChargeRefundedEvent, context: StripeEventContext): Promise<StripeEventOutcome> {
  const charge = event.data.object;
  const intentId = intentOf(charge);
  if (!intentId) return 'ignored';
  const [payment] = await getSequelize().query<{ id: number; websiteId: number }>(
    `SELECT id, website_id AS "websiteId" FROM payments WHERE stripe_payment_intent_id = $1 AND method = 'card'`,
    { bind: [intentId], type: QueryTypes.SELECT },
  );
  if (!payment) return 'ignored';
  const actor = systemActor(payment.websiteId, context.actor.requestId ?? null);
  // Every card refund of the payment, locked in id order: two events of one charge queue here.
  const refunds = await Refund.findAll({
    where: { paymentId: payment.id, cardCents: { [Op.gt]: 0 } },
    order: [['id', 'ASC']],
    lock: currentTransaction()!.LOCK.UPDATE,
  });
  // Nothing listed: no refund of ours was waiting when prepared (one started since is confirmed by its own path).
  const listed = refundsInEvent(charge) ?? (context.prepared as StripeRefundFacts[] | undefined) ?? [];
  const { matches, disagreements } = matchStripeRefunds(refunds, listed);
  for (const words of disagreements) ctx().logger.warn({ chargeId: charge.id, paymentId: payment.id }, `charge.refunded: ${words}`);
  for (const { refund, stripeRefundId } of matches) await confirmCardPart(actor, refund, stripeRefundId);
}
