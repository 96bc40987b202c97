import { recordAudit } from '../../../audit/index.js';
import { systemActor, type Actor } from '../../../platform/actor.js';
import { accountBalance, postTransaction, type Posting } from '../../../ledger/index.js';
import type { OrderCancelledEvent } from '../../../orders/index.js';
import { clock } from '../../../platform/clock.js';
import { Conflict } from '../../../platform/errors.js';
import { Refund } from '../models.js';
import { cancellationLedgerKey, cancellationSettlement, refundableCents, refundSourceAccount, type RefundStatus } from '../rules.js';
import { moveRefund, refundsOfOrder } from './common.js';

/** Refunds still moving money: the cancellation must wait for their outcome (their money may already be at Stripe). */
const IN_FLIGHT: ReadonlySet<RefundStatus> = new Set(['approved', 'processing', 'failed']);

/**
 * The cancellation decides what the client gets back in all (the forfeiture table), so a refund
 * still waiting for approval is superseded (rejected, with the reason); one already approved and
 * in flight makes the cancellation wait (409) — settling around it would count its money twice
 * or cut the platform's forfeit. Refunds processed earlier come out of the client's part.
 */
async function settleOpenRefunds(actor: Actor, refunds: Refund[]): Promise<Refund[]> {
  const inFlight = refunds.filter((r) => IN_FLIGHT.has(r.status));
  if (inFlight.length) {
    throw Conflict(
      `Refund ${inFlight.map((r) => r.id).join(', ')} of this order is still being processed: decide the cancellation once it has completed`,
      {
        refundIds: inFlight.map((r) => r.id),
      },
    );
  }
  const why = "Superseded by the order's cancellation, which settles what the client gets back";
  for (const refund of refunds.filter((r) => r.status === 'pending')) {
    await moveRefund(actor, refund, 'reject', { rejectedBy: actor.userId, rejectedAt: clock.now(), rejectedReason: why }, why);
  }
  return refunds;
}

/**
 * Executes an admin's cancellation decision (orders' onOrderCancelled hook, inside cancelOrder's
 * transaction with the order row locked): one ledger transaction of kind `cancellation` moves the
 * forfeit to platform revenue and the refund to the client's wallet (RULES.md "Ledger postings"),
 * and a refund row (source `cancellation`, approved by the admin's decision) records the refund.
 * The amounts are kept within what remains refundable and what the escrow holds
 * (rules.ts cancellationSettlement); what was decided and what was executed are both audited.
 */
export async function settleCancelledOrder({ actor, order, decision }: OrderCancelledEvent): Promise<void> {
  if (decision.outcome !== 'cancelled' || (decision.refundCents <= 0 && decision.forfeitCents <= 0)) return;
  const source = refundSourceAccount(order);
  const refunds = await settleOpenRefunds(actor, await refundsOfOrder(order.id));
  const refundable = refundableCents({ paidCents: order.paidCents, forfeitedCents: 0, refunds });
  const escrow =
    source === 'order_escrow'
      ? (
          await accountBalance(systemActor(order.websiteId), {
            kind: 'order_escrow',
            ownerId: order.id,
            websiteId: order.websiteId,
            currency: order.currency,
          })
        ).balanceCents
      : refundable;
  const settled = cancellationSettlement({
    refundCents: decision.refundCents,
    // After completion the price is already the platform's: nothing to forfeit.
    forfeitCents: source === 'order_escrow' ? decision.forfeitCents : 0,
    refundableCents: refundable,
    escrowCents: escrow,
  });
  const audit = { decidedRefundCents: decision.refundCents, decidedForfeitCents: decision.forfeitCents, ...settled, escrowCents: escrow };
  if (settled.refundCents + settled.forfeitCents === 0) {
    await recordAudit(actor, {
      action: 'refund.cancellation_settled',
      targetType: 'order',
      targetId: order.id,
      websiteId: order.websiteId,
      after: audit,
      reason: 'Nothing held for this order in the ledger',
    });
    return;
  }
  if (settled.refundCents > 0 && order.clientId === null) throw Conflict('This order has no client to refund');
  const from = source === 'order_escrow' ? { kind: source, ownerId: order.id } : { kind: source };
  const refund =
    settled.refundCents > 0
      ? await Refund.create({
          websiteId: order.websiteId,
          orderId: order.id,
          clientId: order.clientId!,
          currency: order.currency,
          amountCents: settled.refundCents,
          destination: 'wallet',
          walletCents: settled.refundCents,
          cardCents: 0,
          reason: decision.reason,
          source: 'cancellation',
          requestedBy: actor.userId,
        })
      : null;
  const postings: Posting[] = [];
  if (settled.forfeitCents > 0) postings.push({ from, to: { kind: 'platform_revenue' }, amountCents: settled.forfeitCents });
  if (refund) postings.push({ from, to: { kind: 'client_wallet', ownerId: refund.clientId }, amountCents: refund.amountCents });
  const posted = await postTransaction(actor, {
    websiteId: order.websiteId,
    currency: order.currency,
    kind: 'cancellation',
    reference: { type: 'order', id: order.id },
    memo: `Cancellation of order ${order.number}`,
    idempotencyKey: cancellationLedgerKey(order.id),
    postings,
  });
  if (refund) {
    const now = clock.now();
    // The admin's cancel decision is the approval.
    await moveRefund(
      actor,
      refund,
      'approve',
      { approvedBy: actor.userId, approvedAt: now, walletTransactionId: posted.id },
      decision.reason,
    );
    await moveRefund(actor, refund, 'complete', { processedAt: now });
  }
  await recordAudit(actor, {
    action: 'refund.cancellation_settled',
    targetType: 'order',
    targetId: order.id,
    websiteId: order.websiteId,
    after: { ...audit, refundId: refund?.id ?? null, ledgerTransactionId: posted.id },
  });
}
