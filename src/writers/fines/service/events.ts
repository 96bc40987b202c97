import type { Actor } from '../../../platform/actor.js';
import { recordEvent } from '../../../platform/outbox.js';
import type { Fine } from '../models.js';

/** The outbox events of a fine's life that concern people: issued, appealed, the appeal decided. */
export const FINE_ISSUED_EVENT = 'fine.issued';
export const FINE_APPEALED_EVENT = 'fine.appealed';
export const FINE_APPEAL_DECIDED_EVENT = 'fine.appeal_decided';

/** What a fine event carries: ids and the amount in minor units (reasons and notes stay on the fine). */
export interface FineEventPayload {
  fineId: number;
  orderId: number;
  writerId: number;
  /** The staff member who issued it (null: the lateness job). */
  issuedBy: number | null;
  typeCode: string;
  amountCents: number;
  currency: string;
  /** On `fine.appeal_decided`: accepted (the fine is waived) or rejected (it stands). */
  decision?: 'accepted' | 'rejected';
  actorUserId: number | null;
}

export const recordFineEvent = (type: string, actor: Actor, fine: Fine, decision?: FineEventPayload['decision']): Promise<void> =>
  recordEvent({
    type,
    websiteId: fine.websiteId,
    payload: {
      fineId: fine.id,
      orderId: fine.orderId,
      writerId: fine.writerId,
      issuedBy: fine.issuedBy ?? null,
      typeCode: fine.typeCode,
      amountCents: fine.amountCents,
      currency: fine.currency,
      ...(decision ? { decision } : {}),
      actorUserId: actor.userId,
    } satisfies FineEventPayload,
  });
