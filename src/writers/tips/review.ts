import { recordAudit } from '../../audit/index.js';
import { Order } from '../../orders/index.js';
import { isAdmin, ofWebsite, type Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.js';
import { Tip } from './models.js';
import { tipLedgerKey } from './rules.js';
import { postTip } from './service.js';

/** Admins of the tip's website (a superadmin across websites) decide tips held for review. */
export const canReviewTip = (actor: Actor, tip: Pick<Tip, 'websiteId'>): boolean => isAdmin(actor) && ofWebsite(actor, tip.websiteId);

/** The tip, locked, when the actor may review it and it still waits; else 404 / 403 / 409. */
async function lockedPendingTip(actor: Actor, tipId: number): Promise<Tip> {
  const tip = Number.isSafeInteger(tipId) && tipId > 0 ? await Tip.findByPk(tipId, { lock: true }) : null;
  if (!tip || !(isAdmin(actor) || actor.role === 'support') || !ofWebsite(actor, tip.websiteId)) throw NotFound('Tip');
  if (!canReviewTip(actor, tip)) throw Forbidden('Only admins decide tips held for review');
  if (tip.status !== 'pending_review') throw Conflict('This tip is not waiting for review any more', { currentStatus: tip.status });
  return tip;
}

/**
 * Approves a tip held for review: it posts now, exactly as a tip under the limit posts at once
 * (the writer's share as computed when the client tipped), keyed by the client's request, so a
 * double click posts once. A wallet that no longer holds the amount is refused and the tip waits.
 */
export async function approveTip(actor: Actor, tipId: number): Promise<Tip> {
  return inTransaction(async () => {
    const tip = await lockedPendingTip(actor, tipId);
    const order = (await Order.findByPk(tip.orderId))!;
    const split = { writerCents: tip.writerCents, platformCents: tip.platformCents };
    const posted = await postTip(actor, {
      order,
      clientId: tip.clientId,
      writerId: tip.writerId,
      split,
      key: tipLedgerKey(tip.clientId, tip.requestKey),
    });
    await tip.update({ status: 'posted', ledgerTransactionId: posted.id, reviewedBy: actor.userId, reviewedAt: clock.now() });
    await recordAudit(actor, {
      action: 'tip.approve',
      targetType: 'order',
      targetId: tip.orderId,
      websiteId: tip.websiteId,
      before: { tipId: tip.id, status: 'pending_review' },
      after: { tipId: tip.id, status: 'posted', ledgerTransactionId: posted.id },
    });
    return tip;
  });
}

/** Refuses a tip held for review, with a reason: nothing is ever posted for it. */
export async function refuseTip(actor: Actor, tipId: number, reason: unknown): Promise<Tip> {
  const why = typeof reason === 'string' ? reason.trim() : '';
  if (!why) throw ValidationFailed({ reason: 'say why the tip is refused' });
  if (why.length > 1000) throw ValidationFailed({ reason: 'must be at most 1000 characters' });
  return inTransaction(async () => {
    const tip = await lockedPendingTip(actor, tipId);
    await tip.update({ status: 'refused', reviewedBy: actor.userId, reviewedAt: clock.now(), reviewReason: why });
    await recordAudit(actor, {
      action: 'tip.refuse',
      targetType: 'order',
      targetId: tip.orderId,
      websiteId: tip.websiteId,
      before: { tipId: tip.id, status: 'pending_review' },
      after: { tipId: tip.id, status: 'refused', reason: why },
    });
    return tip;
  });
}
