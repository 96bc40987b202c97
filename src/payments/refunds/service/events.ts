import type { Actor } from '../../../platform/actor.js';
import { recordEvent } from '../../../platform/outbox.js';
import type { Refund } from '../models.js';

/** The outbox event of an admin's decision on a refund request. */
export const REFUND_DECIDED_EVENT = 'refund.decided';

/** What a `refund.decided` carries: ids, the decision and the amount in minor units (the reason stays on the refund). */
export interface RefundDecidedPayload {
  refundId: number;
  orderId: number;
  clientId: number;
  decision: 'approved' | 'rejected';
  amountCents: number;
  currency: string;
  /** Who decided (never told of their own decision). */
  actorUserId: number | null;
}

export const recordRefundDecided = (actor: Actor, refund: Refund, decision: RefundDecidedPayload['decision']): Promise<void> =>
  recordEvent({
    type: REFUND_DECIDED_EVENT,
    websiteId: refund.websiteId,
    payload: {
      refundId: refund.id,
      orderId: refund.orderId,
      clientId: refund.clientId,
      decision,
      amountCents: refund.amountCents,
      currency: refund.currency,
      actorUserId: actor.userId,
    } satisfies RefundDecidedPayload,
  });
