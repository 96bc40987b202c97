import { systemActor, type Actor } from '../../platform/actor.js';
import { postTransaction, type Posting, type TransactionKind } from '../../ledger/index.js';
import { DEADLINE_CHANGEABLE, OrderDeadlineChange, settleDeadlineChange } from '../../orders/deadlines/index.js';
import { settleRevision } from '../../orders/revisions/index.js';
import { lockVisibleOrder, type Order, outstandingCents, recordOrderPayment } from '../../orders/index.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { AppError, Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.js';
import { Website } from '../../tenancy/index.js';
import { activePlanOf, installmentToPay, type PayableInstallment, paymentOutsidePlan, settleInstallment } from '../installments/index.js';
import { Payment } from '../models.js';
import { canPayAsClient, canPayFromWallet, paymentRoleOf } from '../policy.js';
import { decidePaymentTransition, MAX_PAYMENT_CENTS, payableAmount, type PaymentTransitionName } from '../rules.js';
import { auditFieldsOf, auditPayment, lockVisiblePayment, nextReceiptNumber } from './common.js';
import { recordPaymentsConfirmed } from './events.js';
import { revisionCardTarget, revisionOfOrder } from './revision.js';

/**
 * Card payments, in three steps so that Stripe is never called inside a database transaction
 * (STYLE.md "Money"): startCardPayment records the intent-to-be (pending), the caller creates the
 * PaymentIntent at Stripe and attachPaymentIntent stores its id (or cancelCardPayment undoes the
 * row when Stripe failed); Stripe's confirmation (webhook) ends in markPaymentSucceeded or
 * markPaymentFailed. Only markPaymentSucceeded moves money: stripe_clearing -> order_escrow (an
 * order, a deadline change, a paid revision) or -> client_wallet (a top-up).
 */

/** Smallest wallet top-up: below this the card fee eats the money. */
export const MIN_TOPUP_CENTS = 500;

export type CardPaymentInput =
  | { purpose: 'order'; orderId: number; amountCents?: number }
  | { purpose: 'deadline_change'; orderId: number; deadlineChangeId: number }
  | { purpose: 'revision'; orderId: number; revisionId: number }
  | { purpose: 'installment'; orderId: number; installmentId: number }
  | { purpose: 'wallet_topup'; amountCents: number };

type OrderCardInput = Exclude<CardPaymentInput, { purpose: 'wallet_topup' }>;
/** What a card payment for an order pays, and how much: decided under the order's lock. */
type CardTarget = Pick<Payment['_creationAttributes'], 'purpose' | 'amountCents'> &
  Partial<Pick<Payment['_creationAttributes'], 'deadlineChangeId' | 'revisionId' | 'installmentId'>>;

async function cardTargetOf(order: Order, input: OrderCardInput): Promise<CardTarget> {
  if (input.purpose === 'deadline_change') {
    const change = await OrderDeadlineChange.findOne({ where: { id: input.deadlineChangeId, orderId: order.id } });
    if (!change) throw NotFound('Deadline change');
    if (change.status !== 'awaiting_payment')
      throw Conflict('This deadline change is not waiting for payment', { currentStatus: change.status });
    return { purpose: 'deadline_change', deadlineChangeId: change.id, amountCents: change.chargeCents };
  }
  if (input.purpose === 'revision') {
    const revision = await revisionOfOrder(order, input.revisionId);
    if (revision.status !== 'awaiting_payment')
      throw Conflict('This revision is not waiting for payment', { currentStatus: revision.status });
    return { purpose: 'revision', revisionId: revision.id, amountCents: revision.chargeCents };
  }
  if (input.purpose === 'installment') {
    // The amount is the installment's, never the client's; the same checks as paying it from the wallet.
    const { installment } = await installmentToPay(order, input.installmentId);
    return { purpose: 'installment', installmentId: installment.id, amountCents: installment.amountCents };
  }
  if (order.status !== 'pending_payment') throw Conflict('Only an order awaiting payment can be paid', { currentStatus: order.status });
  const plan = await activePlanOf(order.id);
  if (plan) throw paymentOutsidePlan(plan);
  const amount = payableAmount(outstandingCents(order), input.amountCents);
  if (!amount.ok) throw ValidationFailed({ amountCents: amount.message }, `The amount ${amount.message}`);
  return { purpose: 'order', amountCents: amount.amountCents };
}

/** Records a pending card payment of the client (no money moves until Stripe confirms). */
export async function startCardPayment(actor: Actor, input: CardPaymentInput): Promise<Payment> {
  if (!canPayAsClient(actor)) throw Forbidden('Only clients pay by card');
  return inTransaction(async () => {
    const base = {
      websiteId: actor.websiteId!,
      clientId: actor.userId!,
      method: 'card' as const,
      status: 'pending' as const,
      createdBy: actor.userId,
    };
    let payment: Payment;
    if (input.purpose === 'wallet_topup') {
      const amount = input.amountCents;
      if (!Number.isSafeInteger(amount) || amount < MIN_TOPUP_CENTS || amount > MAX_PAYMENT_CENTS) {
        throw ValidationFailed({ amountCents: `must be between ${MIN_TOPUP_CENTS} and ${MAX_PAYMENT_CENTS} cents` });
      }
      const website = await Website.findByPk(actor.websiteId!);
      payment = await Payment.create({ ...base, orderId: null, purpose: 'wallet_topup', amountCents: amount, currency: website!.currency });
    } else {
      const order = await lockVisibleOrder(actor, input.orderId);
      if (!canPayFromWallet(actor, order)) throw NotFound('Order');
      payment = await Payment.create({ ...base, orderId: order.id, currency: order.currency, ...(await cardTargetOf(order, input)) });
    }
    await auditPayment(actor, payment, 'started');
    return payment;
  });
}

/** Stores the Stripe PaymentIntent created for a pending card payment (once; the same id again is fine). */
export async function attachPaymentIntent(paymentId: number, stripePaymentIntentId: string, actor?: Actor): Promise<Payment> {
  if (!/^pi_[A-Za-z0-9_]{1,250}$/.test(stripePaymentIntentId))
    throw ValidationFailed({ stripePaymentIntentId: 'must be a Stripe PaymentIntent id (pi_…)' });
  return inTransaction(async () => {
    const payment = await lockVisiblePayment(actor ?? systemActor(), paymentId);
    if (payment.method !== 'card' || payment.status !== 'pending')
      throw Conflict('Only a pending card payment takes an intent', { currentStatus: payment.status });
    if (payment.stripePaymentIntentId && payment.stripePaymentIntentId !== stripePaymentIntentId) {
      throw Conflict('This payment already has another PaymentIntent', { currentStatus: payment.status });
    }
    return payment.update({ stripePaymentIntentId });
  });
}

function assertTransition(actor: Actor, payment: Payment, transition: PaymentTransitionName): void {
  const role = paymentRoleOf(actor);
  if (!role) throw Forbidden('Your role may not change payments');
  const decision = decidePaymentTransition({ transition, from: payment.status, method: payment.method, role });
  if (decision.ok) return;
  if (decision.reason === 'not_allowed_for_role') throw Forbidden(decision.message);
  if (decision.reason === 'wrong_method') throw new AppError('bad_request', decision.message);
  throw Conflict(decision.message, { currentStatus: payment.status });
}

export interface CardConfirmation {
  /** The intent Stripe confirmed: must be the payment's own when given. */
  stripePaymentIntentId?: string;
  /** What Stripe received (amount_received): must be the payment's amount when given. */
  amountCents?: number;
  /** Kept as the payment's reference (e.g. the charge id ch_…). */
  reference?: string | null;
}

type Destination =
  | { credit: 'order' | 'deadline_change' | 'revision'; order: Order }
  | { credit: 'installment'; order: Order; installment: PayableInstallment }
  | { credit: 'wallet'; order: Order | null; why?: string };

/** The installment a confirmed card payment pays, or why it cannot (paid meanwhile by another payment, plan canceled…). */
async function installmentTarget(order: Order, payment: Payment): Promise<Destination> {
  try {
    const payable = await installmentToPay(order, payment.installmentId!);
    if (payable.installment.amountCents === payment.amountCents) return { credit: 'installment', order, installment: payable };
    return { credit: 'wallet', order, why: `installment ${payable.installment.sequence} is for ${payable.installment.amountCents} cents` };
  } catch (err) {
    if (err instanceof AppError) return { credit: 'wallet', order, why: err.message };
    throw err;
  }
}

/** Where confirmed card money goes, decided under the order's lock: into its escrow, or back to the client's wallet. */
async function destinationOf(actor: Actor, payment: Payment): Promise<Destination> {
  if (payment.purpose === 'wallet_topup' || payment.orderId === null) return { credit: 'wallet', order: null };
  const order = await lockVisibleOrder(actor, payment.orderId);
  if (payment.purpose === 'deadline_change') {
    const change = await OrderDeadlineChange.findByPk(payment.deadlineChangeId!);
    const changeable = (DEADLINE_CHANGEABLE as readonly string[]).includes(order.status);
    if (change?.status === 'awaiting_payment' && change.chargeCents === payment.amountCents && changeable)
      return { credit: 'deadline_change', order };
    return { credit: 'wallet', order, why: `the deadline change is ${change?.status ?? 'gone'}` };
  }
  if (payment.purpose === 'revision') {
    const why = await revisionCardTarget(order, payment);
    return why ? { credit: 'wallet', order, why } : { credit: 'revision', order };
  }
  if (payment.purpose === 'installment') return installmentTarget(order, payment);
  const outstanding = outstandingCents(order);
  if (order.status !== 'pending_payment') return { credit: 'wallet', order, why: `the order is ${order.status}` };
  if (payment.amountCents > outstanding) return { credit: 'wallet', order, why: 'more than what is still owed' };
  // A plan made while this payment was on its way: the order is paid through the plan only.
  const plan = await activePlanOf(order.id);
  if (plan) return { credit: 'wallet', order, why: 'the order is paid through its installment plan' };
  return { credit: 'order', order };
}

/**
 * Records that Stripe confirmed a card payment: posts the money, marks the payment succeeded with
 * its receipt, and pays the order (recordOrderPayment) or settles the deadline change. When the
 * order can no longer take the money (cancelled meanwhile, already paid by other means), the
 * money is credited to the client's wallet instead — it arrived and must not be lost.
 * Idempotent: a payment already succeeded is returned as it is, nothing moves twice.
 */
export async function markPaymentSucceeded(paymentId: number, confirmation: CardConfirmation = {}, actor?: Actor): Promise<Payment> {
  return inTransaction(async () => {
    const found = await lockVisiblePayment(actor ?? systemActor(), paymentId);
    const by = actor ?? systemActor(found.websiteId);
    if (
      confirmation.stripePaymentIntentId &&
      found.stripePaymentIntentId &&
      confirmation.stripePaymentIntentId !== found.stripePaymentIntentId
    ) {
      throw Conflict('The confirmation is for another PaymentIntent', { currentStatus: found.status });
    }
    if (found.status === 'succeeded') return found;
    assertTransition(by, found, 'succeed');
    if (confirmation.amountCents !== undefined && confirmation.amountCents !== found.amountCents) {
      throw Conflict(`Stripe received ${confirmation.amountCents} cents, the payment is for ${found.amountCents}`, {
        currentStatus: found.status,
      });
    }
    const target = await destinationOf(by, found);
    const why = target.credit === 'wallet' ? target.why : undefined;
    const to: Posting['to'] =
      target.credit === 'wallet' ? { kind: 'client_wallet', ownerId: found.clientId } : { kind: 'order_escrow', ownerId: found.orderId! };
    // Money that ends in the wallet posts as a top-up, whatever it was meant for.
    const kind: TransactionKind = target.credit === 'wallet' ? 'wallet_topup_card' : 'order_payment_card';
    const posted = await postTransaction(by, {
      websiteId: found.websiteId,
      currency: found.currency,
      kind,
      reference: { type: 'payment', id: found.id },
      memo: why ? `Card payment credited to the wallet: ${why}` : `Card payment ${found.id}`,
      idempotencyKey: `payment:${found.id}:succeeded`,
      postings: [{ from: { kind: 'stripe_clearing' }, to, amountCents: found.amountCents }],
    });
    const reference = confirmation.reference ?? (why ? `credited to the wallet: ${why}` : `ledger:${posted.id}`);
    if (target.credit === 'order' || target.credit === 'installment') {
      // The order's paid amount moves through the orders area's one door, as a wallet payment's (installment or not) does.
      const order = await recordOrderPayment(by, found.orderId!, { amountCents: found.amountCents, method: 'card', reference });
      if (target.credit === 'installment') await settleInstallment(by, target.installment, found, order);
    }
    if (target.credit === 'deadline_change')
      await settleDeadlineChange(by, found.deadlineChangeId!, { amountCents: found.amountCents, method: 'card', reference });
    if (target.credit === 'revision')
      await settleRevision(by, found.revisionId!, { amountCents: found.amountCents, method: 'card', reference });
    const before = auditFieldsOf(found);
    await found.update({
      status: 'succeeded',
      ledgerTransactionId: posted.id,
      reference: (why ? `Credited to the wallet (${why}); ${confirmation.reference ?? ''}` : reference).slice(0, 200),
      creditedToWallet: target.credit === 'wallet' && found.purpose !== 'wallet_topup',
      failureReason: null,
      succeededAt: clock.now(),
      receiptNumber: await nextReceiptNumber(found.websiteId),
    });
    await auditPayment(by, found, 'succeeded', { before });
    await recordPaymentsConfirmed([{ actor: by, payment: found }]);
    return found;
  });
}

/** Records that Stripe refused a card payment (the intent may still succeed later with another card). */
export async function markPaymentFailed(paymentId: number, failure: { reason: string }, actor?: Actor): Promise<Payment> {
  return inTransaction(async () => {
    const payment = await lockVisiblePayment(actor ?? systemActor(), paymentId);
    if (payment.status === 'failed' || payment.status === 'succeeded') return payment; // late or repeated news changes nothing
    assertTransition(actor ?? systemActor(payment.websiteId), payment, 'fail');
    const before = auditFieldsOf(payment);
    await payment.update({ status: 'failed', failureReason: failure.reason.slice(0, 500) || 'Declined' });
    await auditPayment(actor ?? systemActor(payment.websiteId), payment, 'failed', { before, reason: payment.failureReason ?? undefined });
    return payment;
  });
}

/** Abandons a card payment that has not succeeded (the client, an admin, or the system when Stripe failed or the intent was cancelled). */
export async function cancelCardPayment(actor: Actor, paymentId: number, reason: string): Promise<Payment> {
  return inTransaction(async () => {
    const payment = await lockVisiblePayment(actor, paymentId);
    if (payment.status === 'cancelled') return payment;
    assertTransition(actor, payment, 'cancel');
    const before = auditFieldsOf(payment);
    await payment.update({ status: 'cancelled', failureReason: reason.slice(0, 500) || 'Cancelled' });
    await auditPayment(actor, payment, 'cancelled', { before, reason });
    return payment;
  });
}

/** The payment of a Stripe PaymentIntent (for the webhook handlers), or null when it is not ours. */
export async function findPaymentByIntent(stripePaymentIntentId: string): Promise<Payment | null> {
  return Payment.findOne({ where: { stripePaymentIntentId } });
}
