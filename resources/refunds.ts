import type { ResourceWithOptions } from 'adminjs';
import {
  approveRefund,
  Refund,
  REFUND_DESTINATIONS,
  REFUND_SOURCES,
  REFUND_STATUSES,
  refundSummary,
  rejectRefund,
  retryRefund,
} from '../src/payments/refunds/index.js';
import { admins, moneyStaff as staff, readAction, readOnlyActions, serviceRecordAction } from './actions.js';
import { OrderComponents } from './components/orders.js';
import { RefundComponents } from './components/refunds.js';
import { listExportAction } from './exports.js';
import { navigation } from './navigation.js';
import { ScopedResource, websiteScope } from './scoped-resource.js';

/**
 * The refunds queue: staff of a website list (filter by status) and inspect its refunds; admins
 * approve (wallet part posted at once, card part through Stripe), reject with a reason, or retry a
 * card refund left processing. Every action is POST-only behind the confirmation screen and calls
 * the refunds services, which check the actor again. Refunds are asked for from the order
 * ("refund" on the Orders resource).
 */

type Ctx = { record?: { params?: Record<string, unknown> } };
const inStatus = (status: string) => (context: Ctx) => admins(context as never) && context.record?.params?.status === status;

const values = (list: readonly string[]) => list.map((v) => ({ value: v, label: v.replace(/_/g, ' ') }));
const money = { components: { list: OrderComponents.Money, show: OrderComponents.Money } };

export function refundsResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(Refund, {
      scope: websiteScope,
      hidden: ['stripeIdempotencyKey'],
      defaultSort: { sortBy: 'id', direction: 'desc' },
    }),
    options: {
      navigation: navigation.money,
      listProperties: ['id', 'orderId', 'clientId', 'amountCents', 'destination', 'source', 'status', 'requestedBy', 'createdAt'],
      filterProperties: ['status', 'orderId', 'clientId', 'destination', 'source', 'websiteId', 'createdAt'],
      showProperties: [
        'id',
        'status',
        'orderId',
        'clientId',
        'summary',
        'amountCents',
        'destination',
        'walletCents',
        'cardCents',
        'paymentId',
        'source',
        'reason',
        'requestedBy',
        'approvedBy',
        'approvedAt',
        'rejectedBy',
        'rejectedReason',
        'rejectedAt',
        'stripeRefundId',
        'walletTransactionId',
        'cardTransactionId',
        'attempts',
        'lastError',
        'lastAttemptAt',
        'processedAt',
        'failedAt',
        'createdAt',
      ],
      properties: {
        orderId: { reference: 'orders' },
        clientId: { reference: 'users' },
        requestedBy: { reference: 'users' },
        approvedBy: { reference: 'users' },
        rejectedBy: { reference: 'users' },
        websiteId: { reference: 'websites' },
        walletTransactionId: { reference: 'ledger_transactions' },
        cardTransactionId: { reference: 'ledger_transactions' },
        paymentId: { type: 'number' },
        amountCents: money,
        walletCents: money,
        cardCents: money,
        reason: { type: 'textarea' },
        status: { availableValues: values(REFUND_STATUSES) },
        destination: { availableValues: values(REFUND_DESTINATIONS) },
        source: { availableValues: values(REFUND_SOURCES) },
        summary: {
          type: 'string',
          isVisible: { list: false, filter: false, show: true, edit: false },
          components: { show: RefundComponents.RefundSummary },
        },
      },
      actions: {
        ...readOnlyActions(staff),
        exportCsv: listExportAction('refunds', staff),
        // GET only: the order's figures and the client's wallet balance for the RefundSummary component.
        summary: readAction(staff, async (actor, _request, context) => ({
          summary: await refundSummary(actor, Number(context.record!.id())),
        })),
        approve: serviceRecordAction({
          name: 'approve',
          icon: 'CheckCircle',
          question: 'Approve this refund? The money goes back to the client now.',
          confirmLabel: 'Approve and refund',
          // A card part Stripe has not confirmed shows as processing, with the error, on the page.
          success: 'The refund is approved',
          isAccessible: admins,
          isVisible: inStatus('pending'),
          run: (actor, id) => approveRefund(actor, id),
        }),
        reject: serviceRecordAction({
          name: 'reject',
          icon: 'XCircle',
          question: 'Reject this refund?',
          confirmLabel: 'Reject',
          success: 'The refund is rejected',
          reason: 'required',
          isAccessible: admins,
          isVisible: inStatus('pending'),
          run: (actor, id, payload) => rejectRefund(actor, id, typeof payload.reason === 'string' ? payload.reason : ''),
        }),
        retry: serviceRecordAction({
          name: 'retry',
          icon: 'RefreshCw',
          question: 'Try the card refund at Stripe again (the same Stripe refund, never a second one)?',
          confirmLabel: 'Retry',
          success: 'The refund was tried again',
          isAccessible: admins,
          isVisible: inStatus('processing'),
          run: (actor, id) => retryRefund(actor, id),
        }),
      },
    },
  };
}
