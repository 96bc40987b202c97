import { recordAudit } from '../../../audit/index.js';
import type { Actor } from '../../../platform/actor.js';
import { clock } from '../../../platform/clock.js';
import { inTransaction } from '../../../platform/database.js';
import { Conflict, Forbidden, ValidationFailed } from '../../../platform/errors.js';
import type { Fine } from '../models.js';
import { canAppealFine, fineRoleOf } from '../policy.js';
import { decideFineTransition, type FineTransitionName } from '../rules.js';
import { lockVisibleFine, reasonOf, refundFine } from './common.js';
import { FINE_APPEAL_DECIDED_EVENT, FINE_APPEALED_EVENT, recordFineEvent } from './events.js';

/**
 * A fine's life after it is issued (RULES.md "Fines"): the writer appeals once, staff escalate or
 * decide the appeal (accepting it waives the fine), admins waive or void. Every move is checked
 * against the transitions table (rules.ts) under the fine's row lock, audited with its reason, and
 * a fine that stops standing is refunded to the writer by posting, in the same transaction.
 */

function requiredText(value: unknown, field: string): string {
  const text = reasonOf(value);
  if (typeof text !== 'string') throw ValidationFailed({ [field]: text.error }, `The ${field} is required`);
  return text;
}

async function move(
  actor: Actor,
  fineId: number,
  transition: FineTransitionName,
  note: string,
  patch: (fine: Fine, now: Date) => Partial<Fine['_creationAttributes']>,
  extraCheck?: (fine: Fine) => void,
): Promise<Fine> {
  const role = fineRoleOf(actor);
  if (!role) throw Forbidden('Your role may not change fines');
  return inTransaction(async () => {
    const fine = await lockVisibleFine(actor, fineId);
    extraCheck?.(fine);
    const decision = decideFineTransition({ transition, from: fine.status, role });
    if (!decision.ok) {
      if (decision.reason === 'not_allowed_for_role') throw Forbidden(decision.message);
      throw Conflict(decision.message, { currentStatus: fine.status });
    }
    const before = { status: fine.status, postedCents: fine.postedCents, refundedCents: fine.refundedCents };
    const now = clock.now();
    await fine.update({ ...patch(fine, now), status: decision.to });
    const refunded = ['accepted', 'waived', 'voided'].includes(decision.to) ? await refundFine(actor, fine) : null;
    await recordAudit(actor, {
      action: `fine.${transition}`,
      targetType: 'fine',
      targetId: fine.id,
      websiteId: fine.websiteId,
      before,
      after: {
        status: fine.status,
        postedCents: fine.postedCents,
        refundedCents: fine.refundedCents,
        ...(refunded ? { refundTransactionId: refunded.id } : {}),
      },
      reason: note,
    });
    if (transition === 'appeal') await recordFineEvent(FINE_APPEALED_EVENT, actor, fine);
    if (transition === 'accept' || transition === 'reject')
      await recordFineEvent(FINE_APPEAL_DECIDED_EVENT, actor, fine, transition === 'accept' ? 'accepted' : 'rejected');
    return fine;
  });
}

/** The fined writer appeals, once, with a reason; the fine stays posted until the appeal is decided. */
export function appealFine(actor: Actor, fineId: number, reason: unknown): Promise<Fine> {
  const why = requiredText(reason, 'reason');
  return move(
    actor,
    fineId,
    'appeal',
    why,
    (_fine, now) => ({ appealReason: why, appealedAt: now }),
    (fine) => {
      if (!canAppealFine(actor, fine)) throw Forbidden('Only the fined writer appeals a fine');
      if (fine.appealedAt) throw Conflict('This fine was appealed already: a fine is appealed once', { currentStatus: fine.status });
    },
  );
}

/** Support or an admin sends an appeal up to an admin, with a note. */
export function escalateFine(actor: Actor, fineId: number, note: unknown): Promise<Fine> {
  const why = requiredText(note, 'note');
  return move(actor, fineId, 'escalate', why, (_fine, now) => ({ escalatedBy: actor.userId, escalatedAt: now, escalationNote: why }));
}

export const APPEAL_DECISIONS = ['accept', 'reject'] as const;
export type AppealDecision = (typeof APPEAL_DECISIONS)[number];

/** Staff decide an appeal (an escalated one: an admin), with a note; accepting it waives the fine and refunds it. */
export function decideAppeal(actor: Actor, fineId: number, decision: unknown, note: unknown): Promise<Fine> {
  if (decision !== 'accept' && decision !== 'reject') throw ValidationFailed({ decision: 'must be accept or reject' });
  const why = requiredText(note, 'note');
  return move(actor, fineId, decision, why, (_fine, now) => ({ decidedBy: actor.userId, decidedAt: now, decisionNote: why }));
}

/** An admin forgives a fine that stands (refunded to the writer). */
export function waiveFine(actor: Actor, fineId: number, reason: unknown): Promise<Fine> {
  const why = requiredText(reason, 'reason');
  return move(actor, fineId, 'waive', why, (_fine, now) => ({ decidedBy: actor.userId, decidedAt: now, decisionNote: why }));
}

/** An admin cancels a fine issued in error (refunded to the writer). */
export function voidFine(actor: Actor, fineId: number, reason: unknown): Promise<Fine> {
  const why = requiredText(reason, 'reason');
  return move(actor, fineId, 'void', why, (_fine, now) => ({ decidedBy: actor.userId, decidedAt: now, decisionNote: why }));
}
