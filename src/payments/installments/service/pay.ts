import type { Actor } from '../../../platform/actor.js';
import { lockVisibleOrder, type Order } from '../../../orders/index.js';
import { inTransaction } from '../../../platform/database.js';
import { Conflict, NotFound } from '../../../platform/errors.js';
import { Payment } from '../../models.js';
import { ledgerKeyFor } from '../../rules.js';
import { Installment, InstallmentPlan } from '../models.js';
import { canPayInstallment } from '../policy.js';
import { installmentsOf } from './common.js';
import { installmentWallet } from '../wallet.js';
import { installmentToPay, settleInstallment } from './payable.js';

/**
 * The client pays the next installment of their order's plan from the wallet. It is a partial
 * payment of the order made by the wallet payment itself (payOrderFromWallet, ../../service/wallet-batching.ts) (the same order lock, ledger posting
 * client_wallet -> order_escrow keyed by the Idempotency-Key, recordOrderPayment, payment row),
 * its payment row written as purpose 'installment' with the installment's id, all in one transaction. The last
 * installment is the payment in full: recordOrderPayment releases the order for staffing and the
 * plan is completed. Which installment may be paid and what paying it records (payable.ts) are
 * shared with a card payment of the installment (payments/service/card.ts).
 */

export interface PayInstallmentInput {
  /** The installment the client means to pay: must be the next one (a double click never pays two). */
  installmentId?: number;
  /** The request's scoped Idempotency-Key (req.idempotencyKey). */
  requestKey?: string;
}

export interface PaidInstallment {
  plan: InstallmentPlan;
  installment: Installment;
  installments: Installment[];
  payment: Payment;
  order: Order;
  replayed: boolean;
}

/** The installment an earlier run of the same request paid (found through its ledger key), if any. */
async function earlierRun(order: Order, requestKey: string | undefined): Promise<PaidInstallment | null> {
  if (!requestKey) return null;
  const payment = await installmentWallet().paymentPostedWith(order.websiteId, ledgerKeyFor('order', requestKey, ''));
  const installment = payment ? await Installment.findOne({ where: { paymentId: payment.id, orderId: order.id } }) : null;
  if (!payment || !installment) return null;
  const plan = (await InstallmentPlan.findByPk(installment.planId))!;
  return { plan, installment, installments: await installmentsOf(plan.id), payment, order, replayed: true };
}

export async function payNextInstallment(actor: Actor, orderId: number, input: PayInstallmentInput = {}): Promise<PaidInstallment> {
  return inTransaction(async () => {
    const order = await lockVisibleOrder(actor, orderId);
    if (!canPayInstallment(actor, order)) throw NotFound('Order');
    const replay = await earlierRun(order, input.requestKey);
    if (replay) return replay;
    const payable = await installmentToPay(order, input.installmentId);
    const { plan, installments, installment } = payable;
    const paid = await installmentWallet().payOrder(actor, order.id, {
      amountCents: installment.amountCents,
      requestKey: input.requestKey,
      installmentId: installment.id,
    });
    if (paid.replayed) throw Conflict('This Idempotency-Key already paid something else on this order');
    const { payment } = paid;
    await settleInstallment(actor, payable, payment, paid.order);
    return { plan, installment, installments, payment, order: paid.order, replayed: false };
  });
}
