import { Transaction } from 'sequelize';
import { recordAudit } from '../../../audit/index.js';
import { postTransaction, reverseTransaction } from '../../../ledger/index.js';
import { isSystem, type Actor } from '../../../platform/actor.js';
import { clock } from '../../../platform/clock.js';
import { inTransaction, sql } from '../../../platform/database.js';
import { formatMoney } from '../../../platform/money.js';
import { cancelPendingPayouts } from './build.js';
import { recordPayoutPaid } from './events.js';
import { AppError, Forbidden, NotFound, ValidationFailed } from '../../../platform/errors.js';
import { Payout, PayoutRequest } from '../models.js';
import { canPayOut, canSeeWebsitePayouts } from '../policy.js';
import {
  advanceRepaymentKey,
  canMovePayout,
  PAYOUT_METHODS,
  PAYOUT_REFERENCE_MAX,
  payoutPaidKey,
  payoutReversalKey,
  type PayoutMethod,
} from '../rules.js';

export interface MarkPaidInput {
  reference: string;
  method: PayoutMethod;
}

/** The reference and method as given by a form or an API body; a 400 naming the field otherwise. */
export function markPaidInput(raw: { reference?: unknown; method?: unknown }): MarkPaidInput {
  const reference = typeof raw.reference === 'string' ? raw.reference.trim() : '';
  const method = typeof raw.method === 'string' ? raw.method.trim() : '';
  const problems: Record<string, string> = {};
  if (!reference) problems.reference = 'is required (the bank or PayPal reference of the payment)';
  else if (reference.length > PAYOUT_REFERENCE_MAX) problems.reference = `must be at most ${PAYOUT_REFERENCE_MAX} characters`;
  if (!(PAYOUT_METHODS as readonly string[]).includes(method)) problems.method = `must be one of ${PAYOUT_METHODS.join(', ')}`;
  if (Object.keys(problems).length) throw ValidationFailed(problems, 'Give the payment reference and method');
  return { reference, method: method as PayoutMethod };
}

/** The batch under its row lock, when the actor may see it (else 404) and pay it out (else 403). */
async function lockedForPayout(actor: Actor, payoutId: number): Promise<Payout> {
  const payout = Number.isSafeInteger(payoutId) ? await Payout.findByPk(payoutId, { lock: Transaction.LOCK.UPDATE }) : null;
  if (!payout || !canSeeWebsitePayouts(actor, payout.websiteId)) throw NotFound('Payout');
  if (!canPayOut(actor, payout.websiteId)) throw Forbidden('Only admins mark payouts paid or reverse them');
  return payout;
}

const illegal = (payout: Payout, to: string) =>
  new AppError('conflict', `A ${payout.status} payout cannot become ${to}`, undefined, { currentStatus: payout.status });

/**
 * The ledger refuses a payout that would take the writer's payable below zero: a deduction (a fine,
 * an advance repayment) was posted after the batch was built. The admin is told what to do — cancel
 * the batch; the next build nets the deduction — rather than shown the ledger's floor error.
 */
function overpaying(payout: Payout, err: unknown): unknown {
  const account = err instanceof AppError ? (err.details?.account as { kind?: string } | undefined) : undefined;
  if (!(err instanceof AppError) || err.code !== 'conflict' || account?.kind !== 'writer_payable') return err;
  const owed = Number(err.details?.balanceCents);
  return new AppError(
    'conflict',
    `This batch pays ${formatMoney(payout.totalCents, payout.currency)} but the writer is owed ${formatMoney(owed, payout.currency)} now: ` +
      'a fine or another deduction was posted after this batch was built. Cancel the batch; the next build deducts it.',
    undefined,
    { currentStatus: payout.status, totalCents: payout.totalCents, owedCents: owed },
  );
}

/**
 * Admins mark a batch paid with the payment's reference and method: one ledger posting
 * writer_payable -> payouts_clearing for the total (kind 'payout', keyed by the batch), the batch's
 * earnings become paid, an advance in it starts being owed back (its repayment is posted, waiting
 * as a deduction line of the next batch), a repayment in it settles its advance. Idempotent: the
 * batch is locked and its status checked, so two admins at once or a double click pay once; the
 * same reference again answers the paid batch, another one is a 409.
 */
export async function markPayoutPaid(actor: Actor, payoutId: number, raw: { reference?: unknown; method?: unknown }): Promise<Payout> {
  const input = markPaidInput(raw);
  return inTransaction(async () => {
    const payout = await lockedForPayout(actor, payoutId);
    if (payout.status === 'paid' && payout.paymentReference === input.reference && payout.paymentMethod === input.method) return payout;
    if (!canMovePayout(payout.status, 'paid')) throw illegal(payout, 'paid');
    const posted = await postTransaction(actor, {
      websiteId: payout.websiteId,
      currency: payout.currency,
      kind: 'payout',
      reference: { type: 'payout', id: payout.id },
      memo: `Payout ${payout.id} paid by ${input.method.replace(/_/g, ' ')}: ${input.reference}`.slice(0, 500),
      idempotencyKey: payoutPaidKey(payout.id),
      postings: [
        { from: { kind: 'writer_payable', ownerId: payout.writerId }, to: { kind: 'payouts_clearing' }, amountCents: payout.totalCents },
      ],
    }).catch((err: unknown) => {
      throw overpaying(payout, err);
    });
    const now = clock.now();
    await payout.update({
      status: 'paid',
      paidAt: now,
      paidBy: actor.userId,
      paymentReference: input.reference,
      paymentMethod: input.method,
      paidTransactionId: posted.id,
    });
    await sql(
      `UPDATE writer_earnings we SET status = 'paid', updated_at = now()
         FROM payout_lines l WHERE l.payout_id = $1 AND l.kind = 'earning' AND we.maturity_transaction_id = l.transaction_id
        AND we.status IN ('matured', 'in_payout')`,
      [payout.id],
    );
    const repaid = await sql<{ id: number }>(
      `UPDATE payout_requests r SET repaid_at = $2, updated_at = now()
         FROM payout_lines l WHERE l.payout_id = $1 AND l.kind = 'advance_repayment' AND r.repayment_transaction_id = l.transaction_id
          AND r.repaid_at IS NULL RETURNING r.id`,
      [payout.id, now],
    );
    const advances = await startAdvanceRepayments(actor, payout);
    await recordAudit(actor, {
      action: 'payout.mark_paid',
      targetType: 'payout',
      targetId: payout.id,
      websiteId: payout.websiteId,
      before: { status: 'pending' },
      after: {
        status: 'paid',
        totalCents: payout.totalCents,
        paymentReference: input.reference,
        paymentMethod: input.method,
        ledgerTransactionId: posted.id,
        advancesRepaid: repaid.map((r) => r.id),
        advancesOwed: advances,
      },
    });
    await recordPayoutPaid(actor, payout);
    return payout;
  });
}

/**
 * An advance in a batch just paid is owed back from now: writer_payable -> payouts_clearing for its
 * amount (ledger kind 'advance', which may take the payable below zero; keyed by the request). The
 * entry is in no batch yet, so the next batch carries it as an advance_repayment line.
 */
async function startAdvanceRepayments(actor: Actor, payout: Payout): Promise<number[]> {
  const requests = await sql<{ id: number; amountCents: number }>(
    `SELECT r.id, r.amount_cents AS "amountCents" FROM payout_requests r
       JOIN payout_lines l ON l.transaction_id = r.advance_transaction_id AND l.payout_id = $1
      WHERE r.kind = 'advance' AND r.repayment_transaction_id IS NULL ORDER BY r.id`,
    [payout.id],
  );
  for (const request of requests) {
    const posted = await postTransaction(actor, {
      websiteId: payout.websiteId,
      currency: payout.currency,
      kind: 'advance',
      reference: { type: 'advance_repayment', id: request.id },
      memo: `Repayment of advance ${request.id}, deducted from the next payout`,
      idempotencyKey: advanceRepaymentKey(request.id),
      postings: [
        { from: { kind: 'writer_payable', ownerId: payout.writerId }, to: { kind: 'payouts_clearing' }, amountCents: request.amountCents },
      ],
    });
    await PayoutRequest.update({ repaymentTransactionId: posted.id }, { where: { id: request.id } });
  }
  return requests.map((r) => r.id);
}

/**
 * A paid batch is never edited: an admin reverses it with a reason (the payment bounced, it went to
 * the wrong account). The payout posting is reversed (payouts_clearing -> writer_payable), so the
 * writer is owed the total again: the reversal entry is a line of their next batch.
 */
export async function reversePayout(actor: Actor, payoutId: number, reason: unknown): Promise<Payout> {
  const why = typeof reason === 'string' ? reason.trim() : '';
  if (!why) throw ValidationFailed({ reason: 'is required' }, 'Say why the payout is reversed');
  if (why.length > 1000) throw ValidationFailed({ reason: 'must be at most 1000 characters' });
  return inTransaction(async () => {
    const payout = await lockedForPayout(actor, payoutId);
    if (!canMovePayout(payout.status, 'reversed')) throw illegal(payout, 'reversed');
    if (isSystem(actor)) throw Forbidden('A person reverses a payout');
    const reversal = await reverseTransaction(
      actor,
      payout.paidTransactionId!,
      `payout ${payout.id}: ${why}`,
      payoutReversalKey(payout.id),
    );
    await payout.update({
      status: 'reversed',
      reversedAt: clock.now(),
      reversedBy: actor.userId,
      reversalReason: why,
      reversalTransactionId: reversal.id,
    });
    await recordAudit(actor, {
      action: 'payout.reverse',
      targetType: 'payout',
      targetId: payout.id,
      websiteId: payout.websiteId,
      before: { status: 'paid' },
      after: { status: 'reversed', ledgerTransactionId: reversal.id },
      reason: why,
    });
    return payout;
  });
}

export type BulkPaidResult =
  { id: number; ok: true; status: 'paid'; totalCents: number } | { id: number; ok: false; error: { code: string; message: string } };

export interface BulkPaidPreview {
  /** The pending batches the admin may pay: what "Confirm" will mark. */
  payable: Array<{ id: number; writerId: number; totalCents: number; currency: string }>;
  /** The total marked, per currency. */
  totals: Record<string, number>;
  /** Chosen batches that will be refused (paid, cancelled, reversed, or not the admin's to pay). */
  refused: Array<{ id: number; reason: string }>;
}

/** What a bulk mark-paid of these batches would pay, before the admin confirms it. Changes nothing. */
export async function previewBulkMarkPaid(actor: Actor, payoutIds: readonly number[]): Promise<BulkPaidPreview> {
  const ids = [...new Set(payoutIds)].sort((a, b) => a - b);
  const rows = await Payout.findAll({ where: { id: ids } });
  const byId = new Map(rows.map((p) => [p.id, p]));
  const preview: BulkPaidPreview = { payable: [], totals: {}, refused: [] };
  for (const id of ids) {
    const payout = byId.get(id);
    if (!payout || !canSeeWebsitePayouts(actor, payout.websiteId)) preview.refused.push({ id, reason: 'not found' });
    else if (!canPayOut(actor, payout.websiteId)) preview.refused.push({ id, reason: 'only admins mark payouts paid' });
    else if (payout.status !== 'pending') preview.refused.push({ id, reason: `the batch is ${payout.status}` });
    else {
      preview.payable.push({ id, writerId: payout.writerId, totalCents: payout.totalCents, currency: payout.currency });
      preview.totals[payout.currency] = (preview.totals[payout.currency] ?? 0) + payout.totalCents;
    }
  }
  return preview;
}

/**
 * Many batches marked paid with one reference and method (a bank's bulk transfer): the input is
 * checked once, then each batch in its own transaction, in id order; a refused one (not found,
 * paid already with another reference, reversed) does not stop the others.
 */
export async function bulkMarkPayoutsPaid(
  actor: Actor,
  payoutIds: readonly number[],
  raw: { reference?: unknown; method?: unknown },
): Promise<BulkPaidResult[]> {
  const input = markPaidInput(raw);
  const results: BulkPaidResult[] = [];
  for (const id of [...new Set(payoutIds)].sort((a, b) => a - b)) {
    try {
      const payout = await markPayoutPaid(actor, id, input);
      results.push({ id, ok: true, status: 'paid', totalCents: payout.totalCents });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({ id, ok: false, error: { code: err.code, message: err.message } });
    }
  }
  return results;
}

/**
 * An admin gives a pending batch back with a reason (a fine was issued after it was built, so
 * paying it would overpay): its lines are released and the next batch — the job's next run, this
 * period again — nets everything owed.
 */
export async function cancelPayout(actor: Actor, payoutId: number, reason: unknown): Promise<Payout> {
  const why = typeof reason === 'string' ? reason.trim() : '';
  if (!why) throw ValidationFailed({ reason: 'is required' }, 'Say why the payout is cancelled');
  if (why.length > 1000) throw ValidationFailed({ reason: 'must be at most 1000 characters' });
  return inTransaction(async () => {
    const payout = await lockedForPayout(actor, payoutId);
    if (!canMovePayout(payout.status, 'cancelled')) throw illegal(payout, 'cancelled');
    await cancelPendingPayouts(actor, [payout.id], why);
    return payout.reload();
  });
}
