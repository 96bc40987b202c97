import { Op } from 'sequelize';
import { recordAudit } from '../../audit/index.js';
import { User } from '../../identity/index.js';
import { postTransaction, walletBalance } from '../../ledger/index.js';
import { Order } from '../../orders/index.js';
import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { BadRequest, Conflict, Forbidden, NotFound, PaymentRequired, RateLimited, ValidationFailed } from '../../platform/errors.js';
import { levelOfWriter } from '../levels/index.js';
import { Tip } from './models.js';
import { MAX_TIPS_A_DAY, MIN_TIP_CENTS, REVIEW_OVER_CENTS, tipLedgerKey, tipSplit } from './rules.js';

const DAY_MS = 86_400_000;

/**
 * A client tips the writer of their order from the wallet (RULES.md "Writers"): at least $1, at
 * most 25 tips a day; the writer's share by their level goes to their payable, the rest to the
 * platform, in one `tip` ledger transaction keyed by the client's Idempotency-Key. A tip over
 * $1,000 is recorded for staff review and posts nothing yet (the wallet must cover it when asked). The same key again returns the same tip.
 */
export async function tipWriter(
  actor: Actor,
  orderId: number,
  input: { amountCents: number; requestKey: string | undefined },
): Promise<Tip> {
  if (actor.role !== 'client' || actor.userId === null) throw Forbidden('Only clients tip writers');
  if (!input.requestKey) throw BadRequest('An Idempotency-Key header is required');
  if (input.amountCents < MIN_TIP_CENTS) throw ValidationFailed({ amountCents: `must be at least ${MIN_TIP_CENTS} cents` });
  const clientId = actor.userId;
  return inTransaction(async (transaction) => {
    // The client's row serialises their tips, so the daily limit holds under concurrent requests.
    await User.findByPk(clientId, { lock: transaction.LOCK.UPDATE, attributes: ['id'] });
    const again = await Tip.findOne({ where: { clientId, requestKey: input.requestKey! } });
    if (again) return again;
    const order = await Order.findOne({ where: { id: orderId, websiteId: actor.websiteId!, clientId } });
    if (!order) throw NotFound('Order');
    if (order.writerId === null) throw Conflict('This order has no writer to tip', { currentStatus: order.status });
    const today = await Tip.count({ where: { clientId, createdAt: { [Op.gt]: new Date(clock.now().getTime() - DAY_MS) } } });
    if (today >= MAX_TIPS_A_DAY) throw RateLimited(`At most ${MAX_TIPS_A_DAY} tips a day`);
    const level = await levelOfWriter(order.writerId, order.websiteId);
    const split = tipSplit(input.amountCents, level.tipShareBp);
    const review = input.amountCents > REVIEW_OVER_CENTS;
    // A tip held for review posts later, but a wallet that cannot pay it now is told now, not after
    // staff have looked (approval checks the wallet again: it may have been spent meanwhile).
    if (review && (await walletBalance(actor, clientId)).balanceCents < input.amountCents)
      throw PaymentRequired('Your wallet does not cover this tip; top it up first');
    const posted = review
      ? null
      : await postTip(actor, { order, clientId, writerId: order.writerId, split, key: tipLedgerKey(clientId, input.requestKey!) });
    const tip = await Tip.create({
      websiteId: order.websiteId,
      orderId: order.id,
      clientId,
      writerId: order.writerId,
      status: review ? 'pending_review' : 'posted',
      amountCents: input.amountCents,
      ...split,
      currency: order.currency,
      requestKey: input.requestKey!,
      ledgerTransactionId: posted?.id ?? null,
    });
    await recordAudit(actor, {
      action: 'tip.create',
      targetType: 'order',
      targetId: order.id,
      websiteId: order.websiteId,
      after: { tipId: tip.id, status: tip.status, amountCents: tip.amountCents, writerCents: split.writerCents, writerId: order.writerId },
    });
    return tip;
  });
}

/**
 * The tip's one ledger transaction (RULES.md "Ledger postings", tip): the client's wallet pays the
 * writer's share to their payable and the rest to the platform. The wallet's floor is the
 * ledger's: a wallet short of the amount is refused and nothing moves.
 */
export function postTip(
  actor: Actor,
  tip: { order: Order; clientId: number; writerId: number; split: { writerCents: number; platformCents: number }; key: string },
) {
  const { order, clientId, writerId, split } = tip;
  return postTransaction(actor, {
    websiteId: order.websiteId,
    currency: order.currency,
    kind: 'tip',
    reference: { type: 'order', id: order.id },
    memo: `Tip on order ${order.number}`,
    idempotencyKey: tip.key,
    postings: [
      {
        from: { kind: 'client_wallet', ownerId: clientId },
        to: { kind: 'writer_payable', ownerId: writerId },
        amountCents: split.writerCents,
      },
      ...(split.platformCents > 0
        ? [
            {
              from: { kind: 'client_wallet' as const, ownerId: clientId },
              to: { kind: 'platform_revenue' as const },
              amountCents: split.platformCents,
            },
          ]
        : []),
    ],
  });
}

export const serializeTip = (tip: Tip) => ({
  id: tip.id,
  orderId: tip.orderId,
  status: tip.status,
  amountCents: tip.amountCents,
  writerCents: tip.writerCents,
  platformCents: tip.platformCents,
  currency: tip.currency,
  createdAt: tip.createdAt.toISOString(),
});
