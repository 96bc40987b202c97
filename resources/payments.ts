import type { ResourceWithOptions } from 'adminjs';
import type { RequestHandler } from 'express';
import { staffActor } from '../src/admin-auth/index.js';
import {
  approveManualPayment,
  Payment,
  PAYMENT_METHODS,
  PAYMENT_PURPOSES,
  PAYMENT_STATUSES,
  rejectManualPayment,
  sendPaymentsCsv,
  staffPaymentsQuery,
} from '../src/payments/index.js';
import { AppError } from '../src/platform/errors.js';
import { parseInput } from '../src/platform/http/validate.js';
import { admins, moneyStaff as staff, readOnlyActions, serviceRecordAction } from './actions.js';
import { OrderComponents } from './components/orders.js';
import { listExportAction } from './exports.js';
import { navigation } from './navigation.js';
import { ScopedResource, websiteScope } from './scoped-resource.js';

/**
 * Payments in the back office: staff of a website list (filters: status, method, purpose, client,
 * order, date) and inspect its payments, read-only; admins approve or reject offline payments
 * waiting for approval (recorded from the order with "recordPayment"). Both actions are POST-only
 * behind the confirmation screen and go through the payments services, which check the actor again.
 * The CSV export with the same filters is GET /admin/payments.csv (paymentsCsvRoute below).
 */

type Ctx = { record?: { params?: Record<string, unknown> } };
const awaitingApproval = (context: Ctx) => admins(context as never) && context.record?.params?.status === 'pending_approval';

const values = (list: readonly string[]) => list.map((v) => ({ value: v, label: v.replace(/_/g, ' ') }));
const money = { components: { list: OrderComponents.Money, show: OrderComponents.Money } };

export function paymentsResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(Payment, { scope: websiteScope, defaultSort: { sortBy: 'id', direction: 'desc' } }),
    options: {
      navigation: navigation.money,
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: [
        'id',
        'receiptNumber',
        'status',
        'method',
        'purpose',
        'installmentId',
        'amountCents',
        'orderId',
        'clientId',
        'createdAt',
      ],
      filterProperties: [
        'status',
        'method',
        'purpose',
        'clientId',
        'orderId',
        'installmentId',
        'revisionId',
        'deadlineChangeId',
        'creditedToWallet',
        'receiptNumber',
        'websiteId',
        'createdAt',
        'succeededAt',
      ],
      // What a payment was for stands beside its purpose: the deadline change, paid revision or installment it pays.
      showProperties: [
        'id',
        'status',
        'method',
        'purpose',
        'deadlineChangeId',
        'revisionId',
        'installmentId',
        'creditedToWallet',
        'amountCents',
        'refundedCents',
        'currency',
        'orderId',
        'clientId',
        'reference',
        'receiptNumber',
        'ledgerTransactionId',
        'stripePaymentIntentId',
        'createdBy',
        'approvedBy',
        'failureReason',
        'websiteId',
        'createdAt',
        'updatedAt',
        'succeededAt',
      ],
      properties: {
        receiptNumber: { isTitle: true },
        orderId: { reference: 'orders' },
        clientId: { reference: 'users' },
        createdBy: { reference: 'users' },
        approvedBy: { reference: 'users' },
        websiteId: { reference: 'websites' },
        ledgerTransactionId: { reference: 'ledger_transactions' },
        deadlineChangeId: { type: 'number' },
        revisionId: { type: 'number' },
        installmentId: { reference: 'installments' },
        creditedToWallet: { type: 'boolean', description: "Card money its target could no longer take: it went to the client's wallet" },
        amountCents: money,
        refundedCents: money,
        status: { availableValues: values(PAYMENT_STATUSES) },
        method: { availableValues: values(PAYMENT_METHODS) },
        purpose: { availableValues: values(PAYMENT_PURPOSES) },
      },
      actions: {
        ...readOnlyActions(staff),
        exportCsv: listExportAction('payments', staff),
        approve: serviceRecordAction({
          name: 'approve',
          icon: 'CheckCircle',
          question: 'Approve this offline payment? The money is posted and the order is paid.',
          confirmLabel: 'Approve',
          success: 'The payment is approved and posted',
          isAccessible: admins,
          isVisible: awaitingApproval,
          run: (actor, paymentId) => approveManualPayment(actor, paymentId),
        }),
        reject: serviceRecordAction({
          name: 'reject',
          icon: 'XCircle',
          question: 'Reject this offline payment? Nothing is posted.',
          confirmLabel: 'Reject',
          success: 'The payment is rejected',
          reason: 'required',
          isAccessible: admins,
          isVisible: awaitingApproval,
          run: (actor, paymentId, payload) =>
            rejectManualPayment(actor, paymentId, typeof payload.reason === 'string' ? payload.reason : ''),
        }),
      },
    },
  };
}

/**
 * GET /admin/payments.csv?status=&method=&purpose=&clientId=&orderId=&from=&to= — the signed-in
 * staff member's website's payments with a totals line (mounted on the admin router, behind its
 * session; the service checks the staff member's rights and website).
 */
export const paymentsCsvRoute: RequestHandler = async (req, res) => {
  const admin = req.session?.adminUser;
  if (!admin) {
    res.redirect('/admin/login');
    return;
  }
  try {
    const meta = req as unknown as { id?: string };
    await sendPaymentsCsv(
      res,
      staffActor(admin, { ip: req.ip ?? null, requestId: meta.id ?? null }),
      parseInput(staffPaymentsQuery, req.query, 'query'),
    );
  } catch (err) {
    if (!(err instanceof AppError) || res.headersSent) throw err;
    res.status(err.status).json({ error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } });
  }
};
