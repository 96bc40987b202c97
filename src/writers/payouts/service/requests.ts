import { Transaction } from 'sequelize';
import { recordAudit } from '../../../audit/index.js';
import { User } from '../../../identity/index.js';
import { postTransaction } from '../../../ledger/index.js';
import type { Actor } from '../../../platform/actor.js';
import { clock } from '../../../platform/clock.js';
import { inTransaction, sql } from '../../../platform/database.js';
import { AppError, Conflict, Forbidden, NotFound, ValidationFailed } from '../../../platform/errors.js';
import { formatMoney } from '../../../platform/money.js';
import { PayoutRequest } from '../models.js';
import { canDecideRequests, canRequestPayout, canSeeWebsitePayouts } from '../policy.js';
import { advanceKey, type PayoutRequestKind } from '../rules.js';
import { buildPayoutNow } from './build.js';
import { writerPayoutFigures } from './figures.js';

export interface PayoutRequestInput {
  kind: PayoutRequestKind;
  amountCents?: number;
  note?: string;
}

const money = (cents: number, currency: string) => formatMoney(cents, currency);

/**
 * The limits a request must meet, checked when asked and again when approved (the figures move
 * in between): an early payout needs at least the website's threshold owed and not yet paid; an
 * advance at most the cap (a share of total earned) minus advances not yet repaid.
 */
async function checkLimits(writer: { id: number; websiteId: number }, kind: PayoutRequestKind, amountCents: number): Promise<number> {
  const figures = await writerPayoutFigures(writer);
  if (kind === 'early') {
    // What an early batch would pay: everything owed, the batches still pending merged into it.
    const owed = figures.unbatchedCents + figures.inPayoutCents;
    if (owed < figures.earlyPayoutThresholdCents) {
      throw ValidationFailed(
        {
          kind: `an early payout needs at least ${money(figures.earlyPayoutThresholdCents, figures.currency)} owed and not yet paid out (you have ${money(Math.max(0, owed), figures.currency)})`,
        },
        'Not enough to pay out early',
      );
    }
    return owed;
  }
  if (amountCents > figures.advanceAvailableCents) {
    throw ValidationFailed(
      {
        amountCents: `must be at most ${money(figures.advanceAvailableCents, figures.currency)} (the cap on what you have earned, minus advances not yet repaid)`,
      },
      'The advance is over the cap',
    );
  }
  return amountCents;
}

/** A writer asks for an early payout or an advance (one open request of each kind). */
export async function requestPayout(actor: Actor, input: PayoutRequestInput): Promise<PayoutRequest> {
  if (!canRequestPayout(actor)) throw Forbidden('Only writers ask for payouts');
  const writer = { id: actor.userId!, websiteId: actor.websiteId! };
  if (input.kind === 'advance' && !(Number.isSafeInteger(input.amountCents) && input.amountCents! > 0)) {
    throw ValidationFailed({ amountCents: 'is required for an advance (a positive whole number of cents)' });
  }
  return inTransaction(async () => {
    // The writer row is the lock of their requests: two at once cannot both pass the limits.
    await User.findByPk(writer.id, { lock: Transaction.LOCK.UPDATE, attributes: ['id'] });
    if (await PayoutRequest.count({ where: { writerId: writer.id, kind: input.kind, status: 'pending' } })) {
      throw Conflict(`You already have an open ${input.kind === 'early' ? 'early payout' : 'advance'} request`);
    }
    const amountCents = await checkLimits(writer, input.kind, input.amountCents ?? 0);
    const figures = await writerPayoutFigures(writer);
    const request = await PayoutRequest.create({
      websiteId: writer.websiteId,
      writerId: writer.id,
      kind: input.kind,
      status: 'pending',
      amountCents,
      currency: figures.currency,
      note: input.note?.trim() || null,
    });
    await recordAudit(actor, {
      action: 'payout_request.create',
      targetType: 'payout_request',
      targetId: request.id,
      websiteId: writer.websiteId,
      after: { kind: request.kind, status: 'pending', amountCents },
    });
    return request;
  });
}

async function lockedPending(actor: Actor, requestId: number): Promise<PayoutRequest> {
  const request = Number.isSafeInteger(requestId) ? await PayoutRequest.findByPk(requestId, { lock: Transaction.LOCK.UPDATE }) : null;
  if (!request || !canSeeWebsitePayouts(actor, request.websiteId)) throw NotFound('Payout request');
  if (!canDecideRequests(actor, request.websiteId)) throw Forbidden('Only admins decide payout requests');
  if (request.status !== 'pending') {
    throw new AppError('conflict', `The request is ${request.status} already`, undefined, { currentStatus: request.status });
  }
  return request;
}

/**
 * Staff approve: an early payout builds the writer's batch now; an advance is posted
 * (payouts_clearing -> writer_payable, kind 'advance', keyed by the request) and paid in a batch
 * built now, and is repaid by the next batches once that batch is paid.
 */
export async function approvePayoutRequest(actor: Actor, requestId: number): Promise<PayoutRequest> {
  return inTransaction(async () => {
    const request = await lockedPending(actor, requestId);
    const writer = { id: request.writerId, websiteId: request.websiteId };
    // The writer's pending batches are merged into the one built below: lock them before the
    // ledger accounts, in the order marking a batch paid takes them (batch, then accounts).
    await sql(`SELECT id FROM payouts WHERE writer_id = $1 AND status = 'pending' ORDER BY id FOR UPDATE`, [request.writerId]);
    let advanceTransactionId: number | null = null;
    if (request.kind === 'advance') {
      // Its own amount is not outstanding yet: the cap is checked as when asked.
      await checkLimits(writer, 'advance', request.amountCents);
      const posted = await postTransaction(actor, {
        websiteId: request.websiteId,
        currency: request.currency,
        kind: 'advance',
        reference: { type: 'payout_request', id: request.id },
        memo: `Advance ${request.id}, repaid from the next payouts`,
        idempotencyKey: advanceKey(request.id),
        postings: [
          {
            from: { kind: 'payouts_clearing' },
            to: { kind: 'writer_payable', ownerId: request.writerId },
            amountCents: request.amountCents,
          },
        ],
      });
      advanceTransactionId = posted.id;
    } else {
      await checkLimits(writer, 'early', 0);
    }
    const built = await buildPayoutNow(actor, {
      websiteId: request.websiteId,
      writerId: request.writerId,
      trigger: request.kind,
      requestId: request.id,
    });
    if (!built) throw Conflict('Nothing is owed to this writer outside a payout: no batch to build');
    await request.update({ status: 'approved', decidedBy: actor.userId, decidedAt: clock.now(), payoutId: built.id, advanceTransactionId });
    await recordAudit(actor, {
      action: 'payout_request.approve',
      targetType: 'payout_request',
      targetId: request.id,
      websiteId: request.websiteId,
      before: { status: 'pending' },
      after: { status: 'approved', payoutId: built.id, totalCents: built.totalCents, advanceTransactionId },
    });
    return request;
  });
}

/** Staff refuse, with the reason the writer sees. */
export async function refusePayoutRequest(actor: Actor, requestId: number, reason: unknown): Promise<PayoutRequest> {
  const why = typeof reason === 'string' ? reason.trim() : '';
  if (!why) throw ValidationFailed({ reason: 'is required' }, 'Say why the request is refused');
  if (why.length > 1000) throw ValidationFailed({ reason: 'must be at most 1000 characters' });
  return inTransaction(async () => {
    const request = await lockedPending(actor, requestId);
    await request.update({ status: 'refused', decidedBy: actor.userId, decidedAt: clock.now(), refusalReason: why });
    await recordAudit(actor, {
      action: 'payout_request.refuse',
      targetType: 'payout_request',
      targetId: request.id,
      websiteId: request.websiteId,
      before: { status: 'pending' },
      after: { status: 'refused' },
      reason: why,
    });
    return request;
  });
}
