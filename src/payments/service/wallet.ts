import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/actor.js';
import { LedgerTransaction, type PostedTransaction, type PostInput, postTransaction, postTransactions } from '../../ledger/index.js';
import { OrderDeadlineChange, settleDeadlineChange } from '../../orders/deadlines/index.js';
import {
  canSeeOrder,
  lockOrders,
  lockVisibleOrder,
  type Order,
  outstandingCents,
  recordPaymentsOnLockedOrders,
} from '../../orders/index.js';
import type { Outcome } from '../../platform/batcher.js';
import { inTransaction } from '../../platform/database.js';
import { Conflict, NotFound, ValidationFailed } from '../../platform/errors.js';
import { activePlansOf, paymentOutsidePlan } from '../installments/index.js';
import { Payment } from '../models.js';
import { canPayFromWallet } from '../policy.js';
import { ledgerKeyFor, payableAmount } from '../rules.js';
import { insertSucceededPayment, insertSucceededPayments } from './common.js';

/**
 * Paying from the wallet (RULES.md "Ledger postings": client_wallet:client -> order_escrow:order).
 * One database transaction holds the order lock, the posting, the order's paid amount (through
 * recordPaymentsOnLockedOrders, the orders area's one door) and the payment row: all or nothing.
 * The wallet floor is the ledger's: an empty wallet is a 402 and nothing is written. Under load,
 * payments are grouped into one transaction per batch (wallet-batching.ts), each still decided on
 * its own.
 */

export interface WalletPayInput {
  /** Cents to pay now; absent = everything outstanding. Less pays in parts. */
  amountCents?: number;
  /** The request's scoped Idempotency-Key (req.idempotencyKey): a retry can never post twice. */
  requestKey?: string;
  /** The installment this payment pays (the installments service): recorded as purpose installment. */
  installmentId?: number;
}

export interface WalletPayment {
  payment: Payment;
  order: Order;
  outstandingCents: number;
  /** True when this exact payment was made before (a retried request): nothing moved this time. */
  replayed: boolean;
}

export async function lockPayableOrder(actor: Actor, orderId: number): Promise<Order> {
  const order = await lockVisibleOrder(actor, orderId);
  if (!canPayFromWallet(actor, order)) throw NotFound('Order');
  return order;
}

/** The payment recorded the first time this posting was made (a replay finds it). */
export async function earlierPayment(posted: PostedTransaction, order: Order): Promise<WalletPayment | null> {
  if (!posted.replayed) return null;
  const payment = await Payment.findOne({ where: { ledgerTransactionId: posted.id } });
  if (!payment) throw new Error(`ledger transaction ${posted.id} was replayed but has no payment`);
  return { payment, order, outstandingCents: outstandingCents(order), replayed: true };
}

export function walletPosting(actor: Actor, order: Order, amountCents: number, key: string, memo: string) {
  return postTransaction(actor, walletPostingInput(order, amountCents, key, memo));
}

function walletPostingInput(order: Order, amountCents: number, key: string, memo: string): PostInput {
  return {
    websiteId: order.websiteId,
    currency: order.currency,
    kind: 'order_payment_wallet',
    reference: { type: 'order', id: order.id },
    memo,
    idempotencyKey: key,
    postings: [{ from: { kind: 'client_wallet', ownerId: order.clientId! }, to: { kind: 'order_escrow', ownerId: order.id }, amountCents }],
  };
}

export interface PayRequest {
  actor: Actor;
  orderId: number;
  input: WalletPayInput;
}

interface Planned {
  index: number;
  actor: Actor;
  order: Order;
  amountCents: number;
  key: string;
  installmentId: number | null;
  /** What the order still owes once this payment (and the batch's earlier ones) is in. */
  outstandingAfter: number;
}

/** An order paid more than once in a batch, where one of them did not go through: its others were checked against the wrong amount. */
class PayEachAlone extends Error {
  constructor() {
    super('an order paid more than once in the batch: pay each alone');
  }
}

/**
 * Pays orders from their clients' wallets in the current transaction, in order: the orders locked
 * at once, each request checked (visible and the client's own, awaiting payment, not a plain
 * payment of an order under an installment plan, the amount owed after the batch's earlier payments), the postings made together (each against the balance the
 * earlier ones leave; a refused one moves nothing), then the orders' paid amounts, the payment
 * rows and the audit rows, a statement each. One outcome per request; one alone behaves exactly
 * as paying it by itself. payOrderFromWallet (wallet-batching.ts) groups concurrent requests into
 * such batches.
 */
export async function payOrdersFromWallet(requests: readonly PayRequest[]): Promise<Array<Outcome<WalletPayment>>> {
  const outcomes: Array<Outcome<WalletPayment>> = [];
  const orders = await lockOrders(requests.map((r) => r.orderId));
  // An order with an active installment plan is paid through it only: one indexed read per batch, for the payments that name no installment.
  const plans = await activePlansOf(requests.filter((r) => r.input.installmentId === undefined).map((r) => r.orderId));
  const owed = new Map<Order, number>();
  const checkedAgainst = new Map<Order, number[]>();
  const planned: Planned[] = [];
  for (const [index, { actor, orderId, input }] of requests.entries()) {
    try {
      const order = orders.get(orderId);
      if (!order || !canSeeOrder(actor, order) || !canPayFromWallet(actor, order)) throw NotFound('Order');
      const key = ledgerKeyFor('order', input.requestKey, randomUUID());
      if (order.status !== 'pending_payment') {
        // A retry of a payment that completed the order lands here: answer it with that payment.
        const replay = input.requestKey ? await paymentPostedWith(order.websiteId, key) : null;
        if (!replay) throw Conflict('Only an order awaiting payment can be paid', { currentStatus: order.status });
        outcomes[index] = { ok: true, value: { payment: replay, order, outstandingCents: outstandingCents(order), replayed: true } };
        continue;
      }
      const plan = input.installmentId === undefined ? plans.get(order.id) : undefined;
      if (plan) throw paymentOutsidePlan(plan);
      checkedAgainst.set(order, [...(checkedAgainst.get(order) ?? []), index]);
      const outstanding = owed.get(order) ?? outstandingCents(order);
      const amount = payableAmount(outstanding, input.amountCents);
      if (!amount.ok) throw ValidationFailed({ amountCents: amount.message }, `The amount ${amount.message}`);
      owed.set(order, outstanding - amount.amountCents);
      planned.push({
        index,
        actor,
        order,
        amountCents: amount.amountCents,
        key,
        installmentId: input.installmentId ?? null,
        outstandingAfter: outstanding - amount.amountCents,
      });
    } catch (err) {
      outcomes[index] = { ok: false, error: err };
    }
  }
  const posted = await postTransactions(
    planned.map((p) => ({
      actor: p.actor,
      input: walletPostingInput(p.order, p.amountCents, p.key, `Order ${p.order.number} paid from the wallet`),
    })),
  );
  const fresh: Array<{ planned: Planned; transactionId: number }> = [];
  const replayed: Array<{ planned: Planned; transaction: PostedTransaction }> = [];
  for (const [i, p] of planned.entries()) {
    const result = posted[i]!;
    if (!result.ok) outcomes[p.index] = { ok: false, error: result.error };
    else if (result.posted.replayed) replayed.push({ planned: p, transaction: result.posted });
    else fresh.push({ planned: p, transactionId: result.posted.id });
  }
  // Payments of one order after the first were checked against what the earlier ones would leave: unless all went through, redo them alone.
  const wentThrough = new Set(fresh.map((f) => f.planned.index));
  if ([...checkedAgainst.values()].some((indexes) => indexes.length > 1 && indexes.some((i) => !wentThrough.has(i))))
    throw new PayEachAlone();

  await recordPaymentsOnLockedOrders(
    fresh.map(({ planned: p, transactionId }) => ({
      actor: p.actor,
      order: p.order,
      payment: { amountCents: p.amountCents, method: 'wallet', reference: `ledger:${transactionId}` },
    })),
  );
  const payments = await insertSucceededPayments(
    fresh.map(({ planned: p, transactionId }) => ({
      actor: p.actor,
      auditAction: 'succeeded',
      fields: {
        websiteId: p.order.websiteId,
        clientId: p.order.clientId!,
        orderId: p.order.id,
        method: 'wallet',
        ...(p.installmentId ? { purpose: 'installment' as const, installmentId: p.installmentId } : { purpose: 'order' as const }),
        amountCents: p.amountCents,
        currency: p.order.currency,
        ledgerTransactionId: transactionId,
        createdBy: p.actor.userId,
      },
    })),
  );
  fresh.forEach(({ planned: p }, i) => {
    outcomes[p.index] = {
      ok: true,
      value: { payment: payments[i]!, order: p.order, outstandingCents: p.outstandingAfter, replayed: false },
    };
  });
  for (const { planned: p, transaction } of replayed) {
    // The same key twice in one batch: the second is the first's replay.
    const same = payments.find((payment) => payment.ledgerTransactionId === transaction.id);
    outcomes[p.index] = same
      ? { ok: true, value: { payment: same, order: p.order, outstandingCents: outstandingCents(p.order), replayed: true } }
      : { ok: true, value: (await earlierPayment(transaction, p.order))! };
  }
  return outcomes;
}

/** The payment an earlier run of the same request made (found by its ledger key), if any. */
export async function paymentPostedWith(websiteId: number, key: string): Promise<Payment | null> {
  const posted = await LedgerTransaction.findOne({ where: { websiteId, idempotencyKey: key }, attributes: ['id'] });
  return posted ? Payment.findOne({ where: { ledgerTransactionId: posted.id } }) : null;
}

/**
 * Pays the charge of a deadline shortening that waits for payment, from the wallet; the change
 * takes effect in the same transaction (settleDeadlineChange).
 */
export async function payDeadlineChangeFromWallet(
  actor: Actor,
  orderId: number,
  changeId: number,
  input: { requestKey?: string } = {},
): Promise<WalletPayment & { change: OrderDeadlineChange }> {
  return inTransaction(async () => {
    const order = await lockPayableOrder(actor, orderId);
    const change = await OrderDeadlineChange.findOne({ where: { id: changeId, orderId: order.id } });
    if (!change) throw NotFound('Deadline change');
    const key = ledgerKeyFor('deadline_change', input.requestKey, `${change.id}:${randomUUID()}`);
    if (change.status !== 'awaiting_payment') {
      const replay = input.requestKey ? await paymentPostedWith(order.websiteId, key) : null;
      if (replay) return { payment: replay, order, change, outstandingCents: outstandingCents(order), replayed: true };
      throw Conflict('This deadline change is not waiting for payment', { currentStatus: change.status });
    }
    const posted = await walletPosting(
      actor,
      order,
      change.chargeCents,
      key,
      `Deadline change of order ${order.number} paid from the wallet`,
    );
    const earlier = await earlierPayment(posted, order);
    if (earlier) return { ...earlier, change };
    const settled = await settleDeadlineChange(actor, change.id, {
      amountCents: change.chargeCents,
      method: 'wallet',
      reference: `ledger:${posted.id}`,
    });
    const payment = await insertSucceededPayment(
      actor,
      {
        websiteId: order.websiteId,
        clientId: order.clientId!,
        orderId: order.id,
        purpose: 'deadline_change',
        deadlineChangeId: change.id,
        method: 'wallet',
        amountCents: change.chargeCents,
        currency: order.currency,
        ledgerTransactionId: posted.id,
        createdBy: actor.userId,
      },
      'succeeded',
    );
    await order.reload();
    return { payment, order, change: settled, outstandingCents: outstandingCents(order), replayed: false };
  });
}
