import type { Actor } from '../../../platform/actor.js';
import { recordEvent } from '../../../platform/outbox.js';
import type { Payout } from '../models.js';

/** The outbox event of a payout batch marked paid. */
export const PAYOUT_PAID_EVENT = 'payout.paid';

/** What a `payout.paid` carries: ids and the total in minor units (the bank reference stays on the batch). */
export interface PayoutPaidPayload {
  payoutId: number;
  writerId: number;
  totalCents: number;
  currency: string;
  method: string | null;
  actorUserId: number | null;
}

export const recordPayoutPaid = (actor: Actor, payout: Payout): Promise<void> =>
  recordEvent({
    type: PAYOUT_PAID_EVENT,
    websiteId: payout.websiteId,
    payload: {
      payoutId: payout.id,
      writerId: payout.writerId,
      totalCents: payout.totalCents,
      currency: payout.currency,
      method: payout.paymentMethod,
      actorUserId: actor.userId,
    } satisfies PayoutPaidPayload,
  });
