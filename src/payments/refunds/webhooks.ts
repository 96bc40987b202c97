import type Stripe from 'stripe';
import { QueryTypes, Op } from 'sequelize';
import { systemActor } from '../../identity/actor.js';
import { currentTransaction, getSequelize } from '../../platform/database.js';
import type { StripeEventContext, StripeEventOutcome } from '../stripe-events/registry.js';
import { Refund } from './models.js';
import { confirmCardPart } from './service/card.js';

/**
 * charge.refunded: Stripe confirms refunds of a charge. It runs in the stripe-events transaction
 * (the event row locked, applied once per event id) and confirms our processing refunds of that
 * payment exactly as the synchronous path does (confirmCardPart: the ledger key and the status
 * make it once, whichever comes first). Stripe delivers in any order and more than once, and the
 * charge carries the CUMULATIVE amount_refunded: we confirm only what that sum covers beyond what
 * is already recorded. When the charge lists its refunds, ours are matched by metadata.refundId;
 * otherwise processing refunds are confirmed oldest first while the unrecorded sum covers them.
 * Refunds made outside Scriptorium (the Stripe dashboard) are not ours: nothing is posted for them.
 */
const intentOf = (charge: Stripe.Charge): string | null =>
  typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id ?? null;

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
  const listed = (charge.refunds?.data ?? []).filter((r) => r.status === 'succeeded');
  const recorded = refunds.filter((r) => r.status === 'processed').reduce((sum, r) => sum + r.cardCents, 0);
  let unrecorded = Number(charge.amount_refunded) - recorded;
  for (const refund of refunds) {
    if (refund.status !== 'processing' && refund.status !== 'failed') continue;
    const match = listed.find((r) => r.metadata?.refundId === String(refund.id));
    if (match) {
      if (await confirmCardPart(actor, refund, match.id)) unrecorded -= refund.cardCents;
      continue;
    }
    // Without the list only the cumulative sum speaks; a recorded refusal is left to an exact match.
    if (listed.length === 0 && refund.status === 'processing' && refund.cardCents <= unrecorded) {
      if (await confirmCardPart(actor, refund, null)) unrecorded -= refund.cardCents;
    }
  }
}
