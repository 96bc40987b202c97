import { recordAudit } from '../../../audit/index.js';
import type { Actor } from '../../../platform/actor.js';
import { lockVisibleOrder } from '../../../orders/index.js';
import { inTransaction } from '../../../platform/database.js';
import { Conflict, Forbidden, ValidationFailed, type FieldErrors } from '../../../platform/errors.js';
import { newStripeIdempotencyKey } from '../../../platform/stripe/index.js';
import { Refund } from '../models.js';
import { canRequestRefund } from '../policy.js';
import { cardRefundableCents, refundableCents, REFUND_DESTINATIONS, splitRefund, type RefundDestination } from '../rules.js';
import { cardPaymentsOf, forfeitedCents, refundsOfOrder, type CardPayment } from './common.js';

export interface RefundRequest {
  orderId: number;
  amountCents: number;
  destination: RefundDestination;
  /** For a split: the parts (one may be left out: it is the rest). */
  walletCents?: number;
  cardCents?: number;
  reason: string;
}

const MAX_REASON = 2000;
const isCents = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

function checkInput(input: RefundRequest): string {
  const problems: FieldErrors = {};
  if (!isCents(input.amountCents)) problems.amountCents = 'must be a positive whole number of cents';
  if (!(REFUND_DESTINATIONS as readonly string[]).includes(input.destination))
    problems.destination = `must be one of ${REFUND_DESTINATIONS.join(', ')}`;
  for (const part of ['walletCents', 'cardCents'] as const) {
    const v = input[part];
    if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) problems[part] = 'must be a whole number of cents, 0 or more';
  }
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (!reason) problems.reason = 'is required';
  else if (reason.length > MAX_REASON) problems.reason = `must be at most ${MAX_REASON} characters`;
  if (Object.keys(problems).length) throw ValidationFailed(problems, 'Invalid refund');
  return reason;
}

/** The card payment a card part goes back to: the one with the most left to refund. */
function pickCardPayment(payments: CardPayment[], refunds: Refund[]): { payment: CardPayment | null; availableCents: number } {
  let best: { payment: CardPayment | null; availableCents: number } = { payment: null, availableCents: 0 };
  for (const payment of payments) {
    const availableCents = cardRefundableCents({ paymentId: payment.id, amountCents: payment.amountCents, refunds });
    if (availableCents > best.availableCents) best = { payment, availableCents };
  }
  return best;
}

/**
 * Support or an admin asks for a refund on an order: never more than remains refundable. The order
 * row is locked while the sum is checked and the refund inserted, so two concurrent requests are
 * checked one after the other and can never together exceed what was paid. The refund waits for an
 * admin (approveRefund); nothing moves yet.
 */
export async function requestRefund(actor: Actor, input: RefundRequest, options: { source?: 'staff' | 'dispute' } = {}): Promise<Refund> {
  if (!canRequestRefund(actor)) throw Forbidden('Only support staff and admins ask for refunds');
  const reason = checkInput(input);
  return inTransaction(async () => {
    const order = await lockVisibleOrder(actor, input.orderId);
    if (order.clientId === null) throw Conflict('This order has no client to refund');
    const refunds = await refundsOfOrder(order.id);
    const refundable = refundableCents({ paidCents: order.paidCents, forfeitedCents: forfeitedCents(order), refunds });
    if (input.amountCents > refundable) {
      throw ValidationFailed(
        {
          amountCents:
            refundable === 0
              ? 'nothing remains refundable on this order'
              : `must be at most ${refundable} (what remains refundable on this order)`,
        },
        'The refund is more than what remains refundable',
      );
    }
    const card =
      input.destination === 'wallet' ? { payment: null, availableCents: 0 } : pickCardPayment(await cardPaymentsOf(order.id), refunds);
    const split = splitRefund({ ...input, cardAvailableCents: card.availableCents });
    if (!split.ok) throw ValidationFailed({ [split.field]: split.message }, 'The refund cannot be split this way');
    const refund = await Refund.create({
      websiteId: order.websiteId,
      orderId: order.id,
      clientId: order.clientId,
      paymentId: split.cardCents > 0 ? card.payment!.id : null,
      currency: order.currency,
      amountCents: input.amountCents,
      destination: input.destination,
      walletCents: split.walletCents,
      cardCents: split.cardCents,
      reason,
      source: options.source ?? 'staff',
      requestedBy: actor.userId,
      // Stored before Stripe is ever called: every retry of this refund replays the same Stripe refund.
      stripeIdempotencyKey: split.cardCents > 0 ? newStripeIdempotencyKey('refund') : null,
    });
    await recordAudit(actor, {
      action: 'refund.request',
      targetType: 'refund',
      targetId: refund.id,
      websiteId: refund.websiteId,
      after: {
        orderId: order.id,
        amountCents: refund.amountCents,
        destination: refund.destination,
        walletCents: refund.walletCents,
        cardCents: refund.cardCents,
        paymentId: refund.paymentId,
      },
      reason,
    });
    return refund;
  });
}
