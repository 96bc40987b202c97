import type { Actor } from '../../../platform/actor.js';
import { lockVisibleOrder } from '../../../orders/index.js';
import { clock } from '../../../platform/clock.js';
import { inTransaction } from '../../../platform/database.js';
import { Forbidden, NotFound, ValidationFailed } from '../../../platform/errors.js';
import { requireStripe } from '../../../platform/stripe/index.js';
import { Refund } from '../models.js';
import { canDecideRefund, canRejectRefund, canSeeRefund } from '../policy.js';
import { lockRefund, moveRefund, postWalletPart } from './common.js';
import { processCardRefund } from './card.js';
import { recordRefundDecided } from './events.js';

/** Finds a refund the actor may see (no lock): to learn its order before locking order then refund. */
async function visibleRefund(actor: Actor, refundId: number): Promise<Refund> {
  const refund = Number.isSafeInteger(refundId) && refundId > 0 ? await Refund.findByPk(refundId) : null;
  if (!refund || !canSeeRefund(actor, refund)) throw NotFound('Refund');
  return refund;
}

/**
 * An admin approves a pending refund, which is then processed: the wallet part is posted in this
 * transaction (source -> client_wallet); a card part marks the refund `processing` and commits, and
 * only then is Stripe called (outside any transaction), its outcome recorded in another one. A
 * Stripe failure or timeout leaves the refund processing with the error, for the retry job.
 * Locks: the order row, then the refund row — the order in which every refund use case locks.
 */
export async function approveRefund(actor: Actor, refundId: number): Promise<Refund> {
  if (!canDecideRefund(actor)) throw Forbidden('Only admins approve refunds');
  const peek = await visibleRefund(actor, refundId);
  // A card part needs Stripe: refuse before anything changes rather than leave it unprocessable.
  if (peek.cardCents > 0 && peek.status === 'pending') requireStripe();
  const refund = await inTransaction(async () => {
    const order = await lockVisibleOrder(actor, peek.orderId);
    const locked = await lockRefund(actor, refundId);
    const now = clock.now();
    await moveRefund(actor, locked, 'approve', { approvedBy: actor.userId, approvedAt: now });
    await recordRefundDecided(actor, locked, 'approved');
    if (locked.walletCents > 0) {
      const posted = await postWalletPart(actor, locked, order);
      await locked.update({ walletTransactionId: posted.id });
    }
    if (locked.cardCents > 0) return moveRefund(actor, locked, 'start_card');
    return moveRefund(actor, locked, 'complete', { processedAt: now });
  });
  if (refund.status !== 'processing') return refund;
  return processCardRefund(actor, refund.id);
}

/** An admin refuses a pending refund, with the reason; what it reserved is refundable again. */
export async function rejectRefund(actor: Actor, refundId: number, reason: string): Promise<Refund> {
  if (!canRejectRefund(actor)) throw Forbidden('Only admins reject refunds');
  const why = typeof reason === 'string' ? reason.trim() : '';
  if (!why) throw ValidationFailed({ reason: 'is required' }, 'Say why the refund is rejected');
  if (why.length > 2000) throw ValidationFailed({ reason: 'must be at most 2000 characters' });
  const peek = await visibleRefund(actor, refundId);
  return inTransaction(async () => {
    await lockVisibleOrder(actor, peek.orderId);
    const locked = await lockRefund(actor, refundId);
    const rejected = await moveRefund(
      actor,
      locked,
      'reject',
      { rejectedBy: actor.userId, rejectedAt: clock.now(), rejectedReason: why },
      why,
    );
    await recordRefundDecided(actor, rejected, 'rejected');
    return rejected;
  });
}
