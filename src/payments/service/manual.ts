import type { Actor } from '../../platform/actor.js';
import { postTransaction } from '../../ledger/index.js';
import { lockVisibleOrder, type Order, outstandingCents, recordOrderPayment } from '../../orders/index.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { AppError, Conflict, Forbidden, ValidationFailed } from '../../platform/errors.js';
import { completePaidOffPlan, installmentIdBySequence, installmentToPay, planPaidOffBy, settleInstallment } from '../installments/index.js';
import { Payment } from '../models.js';
import { canRecordManualPayment, paymentRoleOf } from '../policy.js';
import { decidePaymentTransition, payableAmount, type PaymentTransitionName } from '../rules.js';
import { auditFieldsOf, auditPayment, lockVisiblePayment, nextReceiptNumber } from './common.js';
import { recordPaymentsConfirmed } from './events.js';

/**
 * Offline payments (a bank transfer, cash): support or an admin records what came in — nothing is
 * posted yet — and an admin approves it (manual_clearing -> order_escrow:order, then the order is
 * paid through recordOrderPayment) or rejects it with a reason. An order under an active
 * installment plan is paid offline as by wallet or card: one installment at a time, named by the
 * payment (installments/service/payable.ts has the rule and why).
 */

export interface ManualPaymentInput {
  orderId: number;
  /** Optional for an installment: its amount, which is the only one accepted. */
  amountCents?: number;
  /** The installment of the order's active plan this money pays (required while the order has one)… */
  installmentId?: number;
  /** …or its number in the plan (1, 2, …), as staff read it on the order's schedule. */
  installmentSequence?: number;
  /** What identifies the money outside: the bank transfer reference, the cash receipt. */
  reference: string;
}

const MAX_REFERENCE = 200;

type ManualTarget = { purpose: 'order'; amountCents: number } | { purpose: 'installment'; installmentId: number; amountCents: number };

/**
 * What an offline payment pays: the named installment (its amount); else the order — under an
 * active plan only as a payoff of everything still owed (a client settling the rest by bank
 * transfer), which completes the plan when approved.
 */
async function manualTarget(order: Order, input: ManualPaymentInput): Promise<ManualTarget> {
  const installmentId =
    input.installmentId ??
    (input.installmentSequence !== undefined ? await installmentIdBySequence(order, input.installmentSequence) : undefined);
  if (installmentId !== undefined) {
    const { installment } = await installmentToPay(order, installmentId);
    if (input.amountCents !== undefined && input.amountCents !== installment.amountCents) {
      throw ValidationFailed({ amountCents: `must be the installment's amount, ${installment.amountCents}` });
    }
    return { purpose: 'installment', installmentId: installment.id, amountCents: installment.amountCents };
  }
  const outstanding = outstandingCents(order);
  await planPaidOffBy(order, input.amountCents ?? outstanding);
  const amount = payableAmount(outstanding, input.amountCents);
  if (!amount.ok) throw ValidationFailed({ amountCents: amount.message }, `The amount ${amount.message}`);
  return { purpose: 'order', amountCents: amount.amountCents };
}

export async function recordManualPayment(actor: Actor, input: ManualPaymentInput): Promise<Payment> {
  const reference = typeof input.reference === 'string' ? input.reference.trim() : '';
  if (!reference || reference.length > MAX_REFERENCE) throw ValidationFailed({ reference: `must be 1 to ${MAX_REFERENCE} characters` });
  return inTransaction(async () => {
    const order = await lockVisibleOrder(actor, input.orderId);
    if (!canRecordManualPayment(actor, order.websiteId)) throw Forbidden('Only support and admins record offline payments');
    if (order.status !== 'pending_payment') throw Conflict('Only an order awaiting payment can be paid', { currentStatus: order.status });
    if (order.clientId === null) throw Conflict('The order has no client to pay for it', { currentStatus: order.status });
    const target = await manualTarget(order, input);
    const payment = await Payment.create({
      websiteId: order.websiteId,
      clientId: order.clientId,
      orderId: order.id,
      ...target,
      method: 'manual',
      status: 'pending_approval',
      currency: order.currency,
      reference,
      createdBy: actor.userId,
    });
    await auditPayment(actor, payment, 'manual_recorded');
    return payment;
  });
}

async function lockForDecision(actor: Actor, paymentId: number, transition: PaymentTransitionName): Promise<Payment> {
  const payment = await lockVisiblePayment(actor, paymentId);
  const role = paymentRoleOf(actor);
  if (!role) throw Forbidden('Only admins approve or reject offline payments');
  const decision = decidePaymentTransition({ transition, from: payment.status, method: payment.method, role });
  if (decision.ok) return payment;
  if (decision.reason === 'not_allowed_for_role') throw Forbidden('Only admins approve or reject offline payments');
  if (decision.reason === 'wrong_method') throw new AppError('bad_request', decision.message);
  throw Conflict(decision.message, { currentStatus: payment.status });
}

/** An admin confirms the offline money arrived: it is posted and the order is paid. */
export async function approveManualPayment(actor: Actor, paymentId: number): Promise<Payment> {
  return inTransaction(async () => {
    const payment = await lockForDecision(actor, paymentId, 'approve');
    // Payment, then order, then (in the ledger) accounts: the order every payment use case locks in.
    const order = await lockVisibleOrder(actor, payment.orderId!);
    // The installment must still be the one to pay; a plan made since the payment was recorded
    // takes only installments: the admin rejects it (or cancels the plan) instead.
    const payable = payment.installmentId !== null ? await installmentToPay(order, payment.installmentId) : null;
    const plan = payable ? undefined : await planPaidOffBy(order, payment.amountCents);
    const posted = await postTransaction(actor, {
      websiteId: payment.websiteId,
      currency: payment.currency,
      kind: 'order_payment_manual',
      reference: { type: 'order', id: order.id },
      memo: `Offline payment ${payment.id} (${payment.reference ?? 'no reference'})`,
      idempotencyKey: `payment:${payment.id}:approved`,
      postings: [{ from: { kind: 'manual_clearing' }, to: { kind: 'order_escrow', ownerId: order.id }, amountCents: payment.amountCents }],
    });
    // recordOrderPayment refuses (409/400) when the order is no longer awaiting this much: the
    // whole approval rolls back and the admin rejects the payment instead.
    const paid = await recordOrderPayment(actor, order.id, {
      amountCents: payment.amountCents,
      method: 'manual',
      reference: payment.reference,
    });
    const before = auditFieldsOf(payment);
    await payment.update({
      status: 'succeeded',
      approvedBy: actor.userId,
      ledgerTransactionId: posted.id,
      succeededAt: clock.now(),
      receiptNumber: await nextReceiptNumber(payment.websiteId),
    });
    await auditPayment(actor, payment, 'manual_approved', { before });
    await recordPaymentsConfirmed([{ actor, payment }]);
    if (payable) await settleInstallment(actor, payable, payment, paid);
    if (plan) await completePaidOffPlan(actor, plan.planId, paid);
    return payment;
  });
}

/** An admin turns down a recorded offline payment (the money never arrived, a wrong order…). */
export async function rejectManualPayment(actor: Actor, paymentId: number, reason: string): Promise<Payment> {
  const why = typeof reason === 'string' ? reason.trim() : '';
  if (why.length < 3 || why.length > 500) throw ValidationFailed({ reason: 'must be 3 to 500 characters' });
  return inTransaction(async () => {
    const payment = await lockForDecision(actor, paymentId, 'reject');
    const before = auditFieldsOf(payment);
    await payment.update({ status: 'rejected', approvedBy: actor.userId, failureReason: why });
    await auditPayment(actor, payment, 'manual_rejected', { before, reason: why });
    return payment;
  });
}
