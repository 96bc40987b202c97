import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/actor.js';
import { type Order, outstandingCents } from '../../orders/index.js';
import { OrderRevision, revisionStartRefusal, settleRevision } from '../../orders/revisions/index.js';
import { inTransaction } from '../../platform/database.js';
import { Conflict, NotFound } from '../../platform/errors.js';
import { ledgerKeyFor } from '../rules.js';
import { insertSucceededPayment, type SucceededPaymentFields } from './common.js';
import { earlierPayment, lockPayableOrder, paymentPostedWith, walletPosting, type WalletPayment } from './wallet.js';

/**
 * Paying a paid revision (RULES.md "Orders": outside the free terms a revision costs a share of the
 * price). The money posts exactly as a deadline change's does — client_wallet:client ->
 * order_escrow:order from the wallet, stripe_clearing -> order_escrow:order by card — and the
 * revision starts in the same transaction (settleRevision, the orders area's door).
 */

/** The revision of this order that the client is about to pay (404 when it is another order's). */
export async function revisionOfOrder(order: Order, revisionId: number): Promise<OrderRevision> {
  const revision = await OrderRevision.findOne({ where: { id: revisionId, orderId: order.id } });
  if (!revision) throw NotFound('Revision');
  return revision;
}

/** A payment row of a revision: insertSucceededPayment stores every field it is given. */
type RevisionPaymentFields = SucceededPaymentFields & { revisionId: number };

/** Pays a revision waiting for payment from the client's wallet; the revision starts at once. */
export async function payRevisionFromWallet(
  actor: Actor,
  orderId: number,
  revisionId: number,
  input: { requestKey?: string } = {},
): Promise<WalletPayment & { revision: OrderRevision }> {
  return inTransaction(async () => {
    const order = await lockPayableOrder(actor, orderId);
    const revision = await revisionOfOrder(order, revisionId);
    const key = ledgerKeyFor('revision', input.requestKey, `${revision.id}:${randomUUID()}`);
    if (revision.status !== 'awaiting_payment') {
      // A retry of a payment that went through (its answer lost) finds that payment.
      const replay = input.requestKey ? await paymentPostedWith(order.websiteId, key) : null;
      if (replay) return { payment: replay, order, revision, outstandingCents: outstandingCents(order), replayed: true };
      throw Conflict('This revision is not waiting for payment', { currentStatus: revision.status });
    }
    // Refused before posting, so a client with an empty wallet hears the real reason.
    const refusal = await revisionStartRefusal(order, revision);
    if (refusal) throw Conflict(`This revision can no longer start: ${refusal}`, { currentStatus: order.status });
    const posted = await walletPosting(actor, order, revision.chargeCents, key, `Revision of order ${order.number} paid from the wallet`);
    const earlier = await earlierPayment(posted, order);
    if (earlier) return { ...earlier, revision };
    const settled = await settleRevision(actor, revision.id, {
      amountCents: revision.chargeCents,
      method: 'wallet',
      reference: `ledger:${posted.id}`,
    });
    const fields: RevisionPaymentFields = {
      websiteId: order.websiteId,
      clientId: order.clientId!,
      orderId: order.id,
      purpose: 'revision',
      revisionId: revision.id,
      method: 'wallet',
      amountCents: revision.chargeCents,
      currency: order.currency,
      ledgerTransactionId: posted.id,
      createdBy: actor.userId,
    };
    const payment = await insertSucceededPayment(actor, fields, 'succeeded');
    return {
      payment,
      order: settled.order,
      revision: settled.revision,
      outstandingCents: outstandingCents(settled.order),
      replayed: false,
    };
  });
}

/** Where a confirmed card payment for a revision goes: the revision when it can still start, else the wallet (with why). */
export async function revisionCardTarget(
  order: Order,
  payment: { revisionId: number | null; amountCents: number },
): Promise<string | null> {
  const revision = payment.revisionId === null ? null : await OrderRevision.findByPk(payment.revisionId, { lock: true });
  if (!revision) return 'the revision is gone';
  if (revision.chargeCents !== payment.amountCents) return 'the revision costs another amount';
  return revisionStartRefusal(order, revision);
}
