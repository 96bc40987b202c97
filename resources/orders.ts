import type { ResourceWithOptions } from 'adminjs';
import { staffActor } from '../src/admin-auth/index.js';
import {
  archiveOrder,
  assignWriter,
  attachClient,
  cancellationPreview,
  cancelOrder,
  clientChoices,
  DISPUTE_OUTCOMES,
  type DisputeOutcome,
  holdOrder,
  keepOrder,
  orderHistory,
  reassignWriter,
  releaseOrder,
  resolveDispute,
  statusesFor,
  statusesLeadingTo,
  unassignWriter,
  writerChoices,
} from '../src/orders/index.js';
import { REFUND_DESTINATIONS, type RefundDestination, requestRefund } from '../src/payments/refunds/index.js';
import { recordManualPayment } from '../src/payments/index.js';
import { ValidationFailed } from '../src/platform/errors.js';
import { admins, allowRoles, hiddenAction, readAction } from './actions.js';
import { OrderComponents as Components } from './components/orders.js';
import { newOrderHandler } from './orders-new.js';
import { bulkOrderAction, inStatus, orderAction } from './orders-actions.js';
import { OrdersResource } from './orders-list.js';
import { bool, cents, id, text } from './order-forms.js';
import { navigation } from './navigation.js';
import { heldMessagesResource, messageRulesResource } from './messages.js';
import { priceListsResource, priceOptionsResource } from './pricing.js';
import { issueFineAction } from './fines.js';
import { requestsOfOrder } from '../src/orders/requests/index.js';
import { orderRequestsResource } from './order-requests.js';
import { orderCockpit } from '../src/analytics/cockpit/index.js';
import { createFileDownloadUrl } from '../src/orders/files/index.js';
import { listExportAction } from './exports.js';

/** Orders: staff of a website list and inspect its orders; admins steer them through the order services. */

const staff = allowRoles('support', 'admin', 'superadmin');
const reason = { name: 'reason', label: 'Reason', kind: 'reason', required: true } as const;
const writer = { name: 'writerId', label: 'Writer', kind: 'writer', required: true } as const;
const autoAccept = { name: 'autoAccept', label: 'Start at once (no acceptance by the writer)', kind: 'checkbox' } as const;
/** Which actions apply in which status comes from the lifecycle table (src/orders/rules.ts), as an admin takes them. */
const when = (action: Parameters<typeof statusesFor>[0]) => inStatus(statusesFor(action, 'admin'));

const positiveInt = (value: unknown): number | null => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : null);

const recordActions = {
  assign: orderAction({
    name: 'assign',
    icon: 'UserPlus',
    question: 'Assign this order to a writer?',
    confirmLabel: 'Assign',
    success: 'The order is assigned',
    fields: [writer, autoAccept, { name: 'note', label: 'Note to the writer', kind: 'reason' }],
    isVisible: when('assign'),
    preview: async (actor, orderId) => ({ writers: await writerChoices(actor, { orderId }) }),
    run: (actor, orderId, p) =>
      assignWriter(actor, orderId, { writerId: id(p, 'writerId'), autoAccept: bool(p, 'autoAccept'), note: text(p, 'note', false) }),
  }),
  reassign: orderAction({
    name: 'reassign',
    icon: 'Repeat',
    question: 'Give this order to another writer?',
    confirmLabel: 'Reassign',
    success: 'The order is reassigned',
    fields: [writer, autoAccept, reason],
    isVisible: when('unassign'), // a reassignment is an unassignment and an assignment
    preview: async (actor, orderId) => ({ writers: await writerChoices(actor, { orderId }) }),
    run: (actor, orderId, p) =>
      reassignWriter(actor, orderId, { writerId: id(p, 'writerId'), autoAccept: bool(p, 'autoAccept'), reason: text(p, 'reason', true)! }),
  }),
  unassign: orderAction({
    name: 'unassign',
    icon: 'UserMinus',
    question: 'Take this order back from its writer?',
    confirmLabel: 'Unassign',
    success: 'The order is back in the pool',
    fields: [reason],
    isVisible: when('unassign'),
    run: (actor, orderId, p) => unassignWriter(actor, orderId, text(p, 'reason', true)!),
  }),
  hold: orderAction({
    name: 'hold',
    icon: 'PauseCircle',
    question: 'Put this order on hold?',
    confirmLabel: 'Put on hold',
    success: 'The order is on hold',
    fields: [reason],
    isVisible: when('hold'),
    run: (actor, orderId, p) => holdOrder(actor, orderId, text(p, 'reason', true)!),
  }),
  release: orderAction({
    name: 'release',
    icon: 'PlayCircle',
    question: 'Release this order from hold?',
    confirmLabel: 'Release',
    success: 'The order is released',
    fields: [{ name: 'note', label: 'Note', kind: 'reason' }],
    isVisible: when('release'),
    run: (actor, orderId, p) => releaseOrder(actor, orderId, text(p, 'note', false)),
  }),
  cancel: orderAction({
    name: 'cancel',
    icon: 'XCircle',
    question: 'Cancel this order?',
    confirmLabel: 'Cancel the order',
    success: 'The order is cancelled',
    fields: [reason, { name: 'refund', label: 'Refund', kind: 'money', help: 'Leave as computed for the forfeiture table’s refund' }],
    isVisible: inStatus(statusesLeadingTo('cancelled', 'admin')), // cancel, or resolve a cancellation request or a dispute by cancelling
    preview: async (actor, orderId) => ({ refund: await cancellationPreview(actor, orderId) }),
    run: (actor, orderId, p) => cancelOrder(actor, orderId, { reason: text(p, 'reason', true)!, refundCents: cents(p, 'refund') }),
  }),
  keep: orderAction({
    name: 'keep',
    icon: 'Shield',
    question: 'Refuse the client’s cancellation request?',
    confirmLabel: 'Keep the order',
    success: 'The order goes on',
    fields: [reason],
    isVisible: when('resolve_cancellation'),
    run: (actor, orderId, p) => keepOrder(actor, orderId, text(p, 'reason', true)!),
  }),
  resolveDispute: orderAction({
    name: 'resolveDispute',
    icon: 'Flag',
    question: 'Resolve this dispute?',
    confirmLabel: 'Resolve',
    success: 'The dispute is resolved',
    fields: [
      { name: 'outcome', label: 'Outcome', kind: 'select', required: true, options: DISPUTE_OUTCOMES },
      { name: 'note', label: 'Note', kind: 'reason', required: true },
    ],
    isVisible: when('resolve_dispute'),
    run: (actor, orderId, p) => {
      const outcome = text(p, 'outcome', true) as DisputeOutcome;
      if (!DISPUTE_OUTCOMES.includes(outcome)) throw ValidationFailed({ outcome: `must be one of ${DISPUTE_OUTCOMES.join(', ')}` });
      return resolveDispute(actor, orderId, { outcome, note: text(p, 'note', true)! });
    },
  }),
  archive: orderAction({
    name: 'archive',
    icon: 'Archive',
    question: 'Archive this order?',
    confirmLabel: 'Archive',
    success: 'The order is archived',
    fields: [],
    isVisible: when('archive'),
    run: (actor, orderId) => archiveOrder(actor, orderId),
  }),
  attachClient: orderAction({
    name: 'attachClient',
    icon: 'Link',
    question: 'Give this order to a client?',
    confirmLabel: 'Attach',
    success: 'The order now belongs to the client',
    fields: [{ name: 'clientId', label: 'Client', kind: 'client', required: true }],
    isVisible: (context) => admins(context) && (!context.record || context.record.params.clientId == null),
    preview: async (actor, orderId, query) => ({
      clients: await clientChoices(actor, orderId, typeof query.q === 'string' ? query.q : ''),
    }),
    run: (actor, orderId, p) => attachClient(actor, orderId, id(p, 'clientId')),
  }),
  // Support may ask for a refund too (admins approve it in the Refunds queue): the service checks both.
  refund: {
    ...orderAction({
      name: 'refund',
      icon: 'RotateCcw',
      question: 'Ask for a refund on this order? An admin approves it in the Refunds queue.',
      confirmLabel: 'Request the refund',
      success: 'The refund is requested; it waits for an admin’s approval',
      fields: [
        { name: 'amount', label: 'Amount', kind: 'money', required: true },
        {
          name: 'destination',
          label: 'Destination',
          kind: 'select',
          required: true,
          options: REFUND_DESTINATIONS,
          help: 'wallet, the card that paid, or split',
        },
        { name: 'walletPart', label: 'Wallet part (split)', kind: 'money' },
        { name: 'cardPart', label: 'Card part (split)', kind: 'money' },
        reason,
      ],
      isVisible: (context) => staff(context) && (!context.record || Number(context.record.params.paidCents) > 0),
      run: (actor, orderId, p) => {
        const amountCents = cents(p, 'amount');
        if (amountCents === undefined) throw ValidationFailed({ amount: 'is required' }, 'Enter the amount to refund');
        const destination = text(p, 'destination', true) as RefundDestination;
        if (!REFUND_DESTINATIONS.includes(destination))
          throw ValidationFailed({ destination: `must be one of ${REFUND_DESTINATIONS.join(', ')}` });
        return requestRefund(actor, {
          orderId,
          amountCents,
          destination,
          walletCents: cents(p, 'walletPart'),
          cardCents: cents(p, 'cardPart'),
          reason: text(p, 'reason', true)!,
        });
      },
    }),
    isAccessible: staff,
  },
  // Support or an admin records offline money; it counts once an admin approves it in Payments.
  recordPayment: {
    ...orderAction({
      name: 'recordPayment',
      icon: 'DollarSign',
      question: 'Record an offline payment? It counts once an admin approves it in Payments.',
      confirmLabel: 'Record payment',
      success: 'The payment is recorded; it waits for an admin’s approval in Payments',
      fields: [
        { name: 'amount', label: 'Amount', kind: 'money', help: 'Leave empty for an installment: its amount is taken' },
        {
          name: 'installmentSequence',
          label: 'Installment number',
          kind: 'text',
          help: 'For an order paid by installments: which one this money pays (1, 2, …)',
        },
        { name: 'reference', label: 'Reference (bank transfer, receipt…)', kind: 'text', required: true },
      ],
      isVisible: (context) =>
        staff(context) && (!context.record || statusesFor('mark_paid', 'admin').includes(context.record.params.status)),
      run: (actor, orderId, p) => {
        const amountCents = cents(p, 'amount');
        const installment = text(p, 'installmentSequence', false);
        if (installment !== null && !/^\d{1,2}$/.test(installment))
          throw ValidationFailed({ installmentSequence: "must be the installment's number in the plan, e.g. 2" });
        if (amountCents === undefined && installment === null) throw ValidationFailed({ amount: 'is required' }, 'Enter the amount paid');
        const installmentSequence = installment === null ? undefined : Number(installment);
        return recordManualPayment(actor, { orderId, amountCents, installmentSequence, reference: text(p, 'reference', true)! });
      },
    }),
    isAccessible: staff,
  },
};

const bulkActions = {
  bulkAssign: bulkOrderAction({
    name: 'bulkAssign',
    icon: 'UserPlus',
    question: 'Assign these orders to one writer?',
    confirmLabel: 'Assign all',
    fields: [writer, autoAccept],
    preview: async (actor, websiteIds) => ({
      writers: websiteIds.length === 1 ? await writerChoices(actor, { websiteId: websiteIds[0] }) : [],
    }),
    prepare: (actor, p) => {
      const input = { writerId: id(p, 'writerId'), autoAccept: bool(p, 'autoAccept') };
      return (orderId) => assignWriter(actor, orderId, input);
    },
  }),
  bulkCancel: bulkOrderAction({
    name: 'bulkCancel',
    icon: 'XCircle',
    question: 'Cancel these orders (each with the forfeiture table’s refund)?',
    confirmLabel: 'Cancel all',
    fields: [reason],
    prepare: (actor, p) => {
      const why = text(p, 'reason', true)!;
      return (orderId) => cancelOrder(actor, orderId, { reason: why });
    },
  }),
  bulkArchive: bulkOrderAction({
    name: 'bulkArchive',
    icon: 'Archive',
    question: 'Archive these orders?',
    confirmLabel: 'Archive all',
    fields: [],
    prepare: (actor) => (orderId) => archiveOrder(actor, orderId),
  }),
  bulkHold: bulkOrderAction({
    name: 'bulkHold',
    icon: 'PauseCircle',
    question: 'Put these orders on hold?',
    confirmLabel: 'Hold all',
    fields: [reason],
    prepare: (actor, p) => {
      const why = text(p, 'reason', true)!;
      return (orderId) => holdOrder(actor, orderId, why);
    },
  }),
};

export function ordersResource(): ResourceWithOptions {
  return {
    resource: new OrdersResource((admin) => {
      if (admin.role === 'superadmin') return null;
      if (admin.websiteId === null) throw new Error('no website in scope');
      return { websiteId: staffActor(admin).websiteId! };
    }),
    options: {
      navigation: navigation.orders,
      sort: { sortBy: 'createdAt', direction: 'desc' },
      listProperties: ['number', 'status', 'clientId', 'writerId', 'topic', 'pages', 'totalCents', 'deadline', 'createdAt'],
      filterProperties: ['status', 'websiteId', 'clientId', 'writerId', 'number', 'topic', 'createdAt', 'deadline', 'overdue'],
      // The cockpit (OrderCockpit) shows status, people, money, deadlines, payments, files, messages,
      // timeline, requests, revisions, fines and audit; the fields below are what it does not.
      showProperties: [
        'cockpit',
        'visibility',
        'preferredWriterId',
        'websiteId',
        'instructions',
        'paperType',
        'workType',
        'academicLevel',
        'subject',
        'pages',
        'spacing',
        'slides',
        'charts',
        'sourcesCount',
        'citationStyle',
        'writerLevel',
        'extraServices',
        'createdAt',
      ],
      editProperties: ['websiteId', 'clientId', 'topic', 'instructions', 'paperType', 'academicLevel', 'subject', 'pages', 'deadline'],
      properties: {
        number: { isTitle: true },
        websiteId: { reference: 'websites' },
        clientId: { reference: 'users' },
        writerId: { reference: 'users' },
        preferredWriterId: { reference: 'users' },
        createdBy: { reference: 'users' },
        totalCents: { components: { list: Components.Money, show: Components.Money } },
        paidCents: { components: { list: Components.Money, show: Components.Money } },
        instructions: { type: 'textarea' },
        // A filter only (orders-list.ts): flagged overdue and still being worked on (the dashboard's queue).
        overdue: { type: 'boolean', isVisible: { list: false, filter: true, show: false, edit: false } },
        cockpit: {
          type: 'string',
          isVisible: { list: false, filter: false, show: true, edit: false },
          components: { show: Components.OrderCockpit },
        },
      },
      actions: {
        list: { isAccessible: staff },
        show: { isAccessible: staff },
        search: { isAccessible: staff },
        exportCsv: listExportAction('orders', staff),
        // Read-only: the order's price history and timeline (the cockpit shows them; kept for scripts).
        history: readAction(staff, async (actor, _request, context) => ({
          history: await orderHistory(actor, Number(context.record!.id())),
        })),
        // Read-only: the writers' requests of the order (the cockpit shows them; decided in the order_requests queue).
        requests: readAction(staff, async (actor, _request, context) => ({
          requests: await requestsOfOrder(actor, Number(context.record!.id())),
        })),
        // Read-only: the order at a glance (OrderCockpit component; src/analytics/cockpit), `auditBefore` pages its audit.
        cockpit: readAction(staff, async (actor, request, context) => ({
          cockpit: await orderCockpit(actor, Number(context.record!.id()), { before: positiveInt(request.query?.auditBefore) }),
        })),
        // Read-only: a fresh short-lived download URL for one of the order's files (the files area checks the actor).
        cockpitFile: readAction(staff, async (actor, request, context) => ({
          download: await createFileDownloadUrl(actor, Number(context.record!.id()), positiveInt(request.query?.file) ?? 0),
        })),
        // An admin creates an unattributed draft (or one for a client) through the order wizard's service.
        new: { isAccessible: admins, handler: newOrderHandler },
        // Orders change only through the actions below (lifecycle, timeline, audit).
        edit: hiddenAction,
        delete: hiddenAction,
        bulkDelete: hiddenAction,
        ...recordActions,
        // Staff fine the order's writer (writers' fines; the service checks the staff member again).
        issueFine: issueFineAction,
        ...bulkActions,
      },
    },
  };
}

/** The orders and pricing resources, in sidebar order (one entry in panel.ts). */
export function ordersAndPricingResources(): ResourceWithOptions[] {
  return [
    ordersResource(),
    orderRequestsResource(),
    heldMessagesResource(),
    messageRulesResource(),
    priceListsResource(),
    priceOptionsResource(),
  ];
}
