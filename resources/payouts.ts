import { NotFoundError, type Action, type ActionResponse, type ResourceWithOptions } from 'adminjs';
import type { RequestHandler } from 'express';
import { staffActor } from '../src/admin-auth/index.js';
import { AppError, ValidationFailed } from '../src/platform/errors.js';
import {
  approvePayoutRequest,
  bulkMarkPayoutsPaid,
  cancelPayout,
  markPayoutPaid,
  previewBulkMarkPaid,
  Payout,
  PAYOUT_METHODS,
  PAYOUT_REQUEST_KINDS,
  PAYOUT_REQUEST_STATUSES,
  PAYOUT_SCHEDULES,
  PAYOUT_STATUSES,
  PAYOUT_TRIGGERS,
  payoutLines,
  payoutLinesCsv,
  PayoutRequest,
  payoutsCsv,
  refusePayoutRequest,
  reversePayout,
  setWriterPayoutSchedule,
  WriterPayoutSetting,
  type PayoutExportFilters,
  type PayoutStatus,
} from '../src/writers/payouts/index.js';
import {
  actorOf,
  adminOf,
  admins,
  csvExportAction,
  formHandler,
  hiddenAction,
  moneyStaff as staff,
  noticeFor,
  readAction,
  readOnlyActions,
  recordAction,
  serviceRecordAction,
} from './actions.js';
import { OrderComponents } from './components/orders.js';
import { PayoutComponents } from './components/payouts.js';
import { navigation } from './navigation.js';
import { payloadOf, requestedIds } from './order-forms.js';
import { ScopedResource, websiteScope } from './scoped-resource.js';

/**
 * Writers' payouts in the back office. Batches are built by the writers.build-payouts job (and by
 * approving an early payout or an advance); staff list them (status, period, writer, website) and
 * see each one's lines; admins mark one or many paid with the payment's reference and method, or
 * reverse a paid one with a reason. Support sees, never pays: the payouts services check again.
 * CSV: GET /admin/payouts.csv with the list's filters, or ?payoutId= for one batch's lines.
 */

type Ctx = { record?: { params?: Record<string, unknown> } };
const inStatus = (status: string) => (context: Ctx) => admins(context as never) && context.record?.params?.status === status;
const values = (list: readonly string[]) => list.map((v) => ({ value: v, label: v.replace(/_/g, ' ') }));
const money = { components: { list: OrderComponents.Money, show: OrderComponents.Money } };

const markPaid: Partial<Action<ActionResponse>> = recordAction({
  icon: 'CheckCircle',
  component: PayoutComponents.PayoutMarkPaid,
  custom: {},
  isAccessible: admins,
  isVisible: inStatus('pending'),
  success: 'The payout is marked paid',
  run: (actor, request, context) => markPayoutPaid(actor, Number(context.record!.id()), payloadOf(request.payload)),
});

/**
 * Bulk mark paid: a GET shows the selected batches and their total; a POST marks each (its own
 * transaction, in id order) and answers one result per batch.
 */
const bulkMarkPaid: Partial<Action<ActionResponse>> = {
  actionType: 'bulk',
  icon: 'CheckCircle',
  component: PayoutComponents.PayoutMarkPaid,
  isAccessible: admins,
  isVisible: admins,
  showInDrawer: false,
  handler: async (request, _response, context) => {
    const { records = [], resource } = context;
    const admin = adminOf(context);
    if (!admin) throw new NotFoundError('Not signed in', 'Action#handler');
    const json = (list: typeof records) => list.map((r) => r.toJSON(admin));
    if (request.method !== 'post')
      return { records: json(records), preview: await previewBulkMarkPaid(actorOf(request, context), requestedIds(request.query)) };
    const ids = requestedIds(request.query);
    let results;
    try {
      results = await bulkMarkPayoutsPaid(actorOf(request, context), ids, payloadOf(request.payload));
    } catch (err) {
      return { records: json(records), notice: noticeFor(err) };
    }
    const fresh = await resource.findMany(ids.map(String), context);
    const failed = results.filter((r) => !r.ok).length;
    const paidCents = results.reduce((sum, r) => sum + (r.ok ? r.totalCents : 0), 0);
    const message = failed
      ? `${results.length - failed} of ${results.length} marked paid; ${failed} refused`
      : `All ${results.length} marked paid (${paidCents} cents)`;
    return { records: json(fresh), results, notice: { message, type: failed ? 'error' : 'success' } };
  },
};

export function payoutsResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(Payout, { scope: websiteScope, defaultSort: { sortBy: 'id', direction: 'desc' } }),
    options: {
      navigation: navigation.writers,
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: ['id', 'writerId', 'status', 'trigger', 'periodStart', 'periodEnd', 'lineCount', 'totalCents', 'paidAt'],
      filterProperties: ['status', 'trigger', 'writerId', 'websiteId', 'periodEnd', 'paidAt', 'paymentReference'],
      showProperties: [
        'id',
        'status',
        'writerId',
        'websiteId',
        'trigger',
        'schedule',
        'periodStart',
        'periodEnd',
        'totalCents',
        'currency',
        'lineCount',
        'lines',
        'requestId',
        'paidAt',
        'paidBy',
        'paymentMethod',
        'paymentReference',
        'paidTransactionId',
        'reversedAt',
        'reversedBy',
        'reversalReason',
        'reversalTransactionId',
        'cancelledAt',
        'cancelledBy',
        'cancellationReason',
        'createdAt',
      ],
      properties: {
        writerId: { reference: 'users' },
        websiteId: { reference: 'websites' },
        paidBy: { reference: 'users' },
        reversedBy: { reference: 'users' },
        cancelledBy: { reference: 'users' },
        requestId: { reference: 'payout_requests' },
        paidTransactionId: { reference: 'ledger_transactions' },
        reversalTransactionId: { reference: 'ledger_transactions' },
        totalCents: money,
        status: { availableValues: values(PAYOUT_STATUSES) },
        trigger: { availableValues: values(PAYOUT_TRIGGERS) },
        schedule: { availableValues: values(PAYOUT_SCHEDULES) },
        paymentMethod: { availableValues: values(PAYOUT_METHODS) },
        lines: {
          type: 'string',
          isVisible: { list: false, filter: false, show: true, edit: false },
          components: { show: PayoutComponents.PayoutLines },
        },
      },
      actions: {
        ...readOnlyActions(staff),
        // GET only: the batch's lines for the PayoutLines component.
        lines: readAction(staff, async (actor, _request, context) => ({ lines: await payoutLines(actor, Number(context.record!.id())) })),
        markPaid,
        bulkMarkPaid,
        exportCsv: csvExportAction('/admin/payouts.csv', staff),
        cancel: serviceRecordAction({
          name: 'cancel',
          icon: 'XCircle',
          question: 'Cancel this pending payout? Its lines are given back and go into the next batch (the job rebuilds this period).',
          confirmLabel: 'Cancel the batch',
          success: 'The payout is cancelled',
          reason: 'required',
          isAccessible: admins,
          isVisible: inStatus('pending'),
          run: (actor, id, payload) => cancelPayout(actor, id, payload.reason),
        }),
        reverse: serviceRecordAction({
          name: 'reverse',
          icon: 'RotateCcw',
          question: 'Reverse this paid payout? Its total is owed to the writer again and goes into their next payout.',
          confirmLabel: 'Reverse',
          success: 'The payout is reversed',
          reason: 'required',
          isAccessible: admins,
          isVisible: inStatus('paid'),
          run: (actor, id, payload) => reversePayout(actor, id, payload.reason),
        }),
      },
    },
  };
}

export function payoutRequestsResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(PayoutRequest, { scope: websiteScope, defaultSort: { sortBy: 'id', direction: 'desc' } }),
    options: {
      navigation: navigation.writers,
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: ['id', 'writerId', 'kind', 'status', 'amountCents', 'createdAt', 'decidedAt'],
      filterProperties: ['status', 'kind', 'writerId', 'websiteId', 'createdAt'],
      showProperties: [
        'id',
        'kind',
        'status',
        'writerId',
        'amountCents',
        'currency',
        'note',
        'decidedBy',
        'decidedAt',
        'refusalReason',
        'payoutId',
        'advanceTransactionId',
        'repaymentTransactionId',
        'repaidAt',
        'createdAt',
      ],
      properties: {
        writerId: { reference: 'users' },
        websiteId: { reference: 'websites' },
        decidedBy: { reference: 'users' },
        payoutId: { reference: 'payouts' },
        advanceTransactionId: { reference: 'ledger_transactions' },
        repaymentTransactionId: { reference: 'ledger_transactions' },
        amountCents: money,
        kind: { availableValues: values(PAYOUT_REQUEST_KINDS) },
        status: { availableValues: values(PAYOUT_REQUEST_STATUSES) },
      },
      actions: {
        ...readOnlyActions(staff),
        approve: serviceRecordAction({
          name: 'approve',
          icon: 'CheckCircle',
          question: 'Approve? An early payout builds the writer’s batch now; an advance is posted and paid in a batch built now.',
          confirmLabel: 'Approve',
          success: 'The request is approved: its payout batch is built',
          isAccessible: admins,
          isVisible: inStatus('pending'),
          run: (actor, id) => approvePayoutRequest(actor, id),
        }),
        refuse: serviceRecordAction({
          name: 'refuse',
          icon: 'XCircle',
          question: 'Refuse this request? The writer sees the reason.',
          confirmLabel: 'Refuse',
          success: 'The request is refused',
          reason: 'required',
          isAccessible: admins,
          isVisible: inStatus('pending'),
          run: (actor, id, payload) => refusePayoutRequest(actor, id, payload.reason),
        }),
      },
    },
  };
}

/** Writers' own payout schedules (over the website's `payoutSchedule`): admins add or change one; empty = the website's. */
export function writerPayoutSettingsResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(WriterPayoutSetting, { scope: websiteScope, defaultSort: { sortBy: 'updatedAt', direction: 'desc' } }),
    options: {
      navigation: navigation.writers,
      listProperties: ['writerId', 'schedule', 'updatedAt'],
      filterProperties: ['writerId', 'schedule', 'websiteId'],
      showProperties: ['writerId', 'websiteId', 'schedule', 'createdAt', 'updatedAt'],
      editProperties: ['writerId', 'schedule'],
      properties: {
        writerId: { reference: 'users' },
        websiteId: { reference: 'websites' },
        schedule: { availableValues: values(PAYOUT_SCHEDULES), description: "Empty: the website's schedule" },
      },
      actions: {
        ...readOnlyActions(staff),
        new: {
          isAccessible: admins,
          handler: formHandler(async (actor, request) => {
            const p = payloadOf(request.payload);
            const writerId = typeof p.writerId === 'string' && ID.test(p.writerId) ? Number(p.writerId) : Number.NaN;
            return (await setWriterPayoutSchedule(actor, writerId, p.schedule)).id;
          }, "The writer's payout schedule is set"),
        },
        edit: {
          isAccessible: admins,
          handler: formHandler(
            async (actor, request, context) =>
              (await setWriterPayoutSchedule(actor, Number(context.record!.params.writerId), payloadOf(request.payload).schedule)).id,
            "The writer's payout schedule is set",
          ),
        },
        delete: hiddenAction,
      },
    },
  };
}

const ID = /^\d{1,15}$/;
const STATUS = new Set<string>(PAYOUT_STATUSES);

/** The export's filters from the query: plain names, or the back-office list's own (`filters.status`, `filters.periodEnd~~from`…). */
function exportFilters(query: Record<string, unknown>): PayoutExportFilters {
  const pick = (...names: string[]) => {
    for (const n of names) if (typeof query[n] === 'string' && query[n] !== '') return query[n];
    return undefined;
  };
  const id = (field: string, ...names: string[]) => {
    const v = pick(...names);
    if (v === undefined) return undefined;
    if (!ID.test(v)) throw ValidationFailed({ [field]: 'must be an id' });
    return Number(v);
  };
  const date = (field: string, ...names: string[]) => {
    const v = pick(...names);
    if (v === undefined) return undefined;
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) throw ValidationFailed({ [field]: 'must be a date' });
    return d;
  };
  const status = pick('status', 'filters.status');
  if (status !== undefined && !STATUS.has(status)) throw ValidationFailed({ status: `must be one of ${PAYOUT_STATUSES.join(', ')}` });
  return {
    status: status as PayoutStatus | undefined,
    writerId: id('writerId', 'writerId', 'filters.writerId'),
    websiteId: id('websiteId', 'websiteId', 'filters.websiteId'),
    periodFrom: date('periodFrom', 'periodFrom', 'filters.periodEnd~~from'),
    periodTo: date('periodTo', 'periodTo', 'filters.periodEnd~~to'),
  };
}

/**
 * GET /admin/payouts.csv — the filtered list of batches (status, writerId, websiteId, periodFrom,
 * periodTo, or the list's filters.* names), or ?payoutId= for one batch's lines. Behind the admin
 * session; the payouts service checks the staff member and the website before any byte is sent.
 */
export const payoutsCsvRoute: RequestHandler = async (req, res) => {
  const admin = req.session?.adminUser;
  if (!admin) {
    res.redirect('/admin/login');
    return;
  }
  try {
    const meta = req as unknown as { id?: string };
    const actor = staffActor(admin, { ip: req.ip ?? null, requestId: meta.id ?? null });
    const query = req.query as Record<string, unknown>;
    const one = typeof query.payoutId === 'string' ? query.payoutId : undefined;
    if (one !== undefined && !ID.test(one)) throw ValidationFailed({ payoutId: 'must be an id' });
    const pieces = one !== undefined ? payoutLinesCsv(actor, Number(one)) : payoutsCsv(actor, exportFilters(query));
    const first = await pieces.next();
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${one !== undefined ? `payout-${one}` : 'payouts'}.csv"`);
    if (!first.done) res.write(first.value);
    for await (const piece of pieces) res.write(piece);
    res.end();
  } catch (err) {
    if (!(err instanceof AppError) || res.headersSent) throw err;
    res.status(err.status).json({ error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } });
  }
};
