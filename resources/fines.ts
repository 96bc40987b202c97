import type { ActionContext, IsFunction, ResourceWithOptions } from 'adminjs';
import { ValidationFailed, type FieldErrors } from '../src/platform/errors.js';
import {
  decideAppeal,
  escalateFine,
  Fine,
  FINE_STATUSES,
  FINE_TYPE_CODES,
  fineStatusesFor,
  FineType,
  issueFine,
  previewFines,
  updateFineType,
  voidFine,
  waiveFine,
  type FineTypeCode,
} from '../src/writers/fines/index.js';
import { adminOf, admins, allowRoles, formHandler, hiddenAction, moneyStaff as staff, readOnlyActions, recordAction } from './actions.js';
import { FineComponents } from './components/fines.js';
import { OrderComponents } from './components/orders.js';
import { listExportAction } from './exports.js';
import { navigation } from './navigation.js';
import { payloadOf, type Payload } from './order-forms.js';
import { ScopedResource, websiteScope } from './scoped-resource.js';

/**
 * Writers' fines in the back office. `fines`: staff of a website list and inspect its fines (the
 * appeal queue is the `appealOpen` filter); support or an admin escalates or decides an appeal
 * (an escalated one: an admin); admins waive or void a fine that stands — each behind a screen
 * with a required reason, POST only, through the fines services (which check again, audit and
 * refund by posting). `fine_types`: the website's rules, edited by admins. Fines are issued from
 * the order page (`issueFine` on the orders resource).
 */

const values = (list: readonly string[]) => list.map((v) => ({ value: v, label: v.replace(/_/g, ' ') }));
const money = { components: { list: OrderComponents.Money, show: OrderComponents.Money } };
const text = (p: Payload, ...names: string[]): string => {
  for (const name of names) if (typeof p[name] === 'string' && (p[name] as string).trim()) return p[name] as string;
  return '';
};

/** Shown when the staff member's role may take the transition from the fine's status (the service decides again). */
const when =
  (transition: Parameters<typeof fineStatusesFor>[0]): IsFunction =>
  (context: ActionContext) => {
    const admin = adminOf(context);
    if (!admin) return false;
    const role = admin.role === 'support' ? 'support' : 'admin';
    const status = context.record?.params?.status as never;
    return !context.record || fineStatusesFor(transition, role).includes(status);
  };

const fineAction = (spec: {
  question: string;
  confirmLabel: string;
  success: string;
  mode: 'decide' | 'reason';
  icon: string;
  isAccessible: IsFunction;
  isVisible: IsFunction;
  run: (actor: Parameters<typeof waiveFine>[0], id: number, p: Payload) => Promise<unknown>;
}) =>
  recordAction({
    icon: spec.icon,
    component: FineComponents.FineAction,
    custom: { question: spec.question, confirmLabel: spec.confirmLabel, mode: spec.mode },
    isAccessible: spec.isAccessible,
    isVisible: spec.isVisible,
    success: spec.success,
    run: (actor, request, context) => spec.run(actor, Number(context.record!.id()), payloadOf(request.payload)),
  });

export function finesResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(Fine, { scope: websiteScope, defaultSort: { sortBy: 'id', direction: 'desc' } }),
    options: {
      navigation: navigation.writers,
      listProperties: ['id', 'writerId', 'orderId', 'typeCode', 'status', 'amountCents', 'refundedCents', 'createdAt'],
      filterProperties: ['status', 'appealOpen', 'typeCode', 'writerId', 'orderId', 'websiteId', 'createdAt'],
      showProperties: [
        'id',
        'status',
        'typeCode',
        'writerId',
        'orderId',
        'amountCents',
        'earningCents',
        'postedCents',
        'refundedCents',
        'lateMinutes',
        'reason',
        'issuedBy',
        'appealReason',
        'appealedAt',
        'escalatedBy',
        'escalatedAt',
        'escalationNote',
        'decidedBy',
        'decidedAt',
        'decisionNote',
        'lastTransactionId',
        'refundTransactionId',
        'createdAt',
      ],
      properties: {
        writerId: { reference: 'users' },
        orderId: { reference: 'orders' },
        websiteId: { reference: 'websites' },
        fineTypeId: { reference: 'fine_types' },
        issuedBy: { reference: 'users' },
        escalatedBy: { reference: 'users' },
        decidedBy: { reference: 'users' },
        lastTransactionId: { reference: 'ledger_transactions' },
        refundTransactionId: { reference: 'ledger_transactions' },
        amountCents: money,
        earningCents: money,
        postedCents: money,
        refundedCents: money,
        reason: { type: 'textarea' },
        appealReason: { type: 'textarea' },
        status: { availableValues: values(FINE_STATUSES) },
        typeCode: { availableValues: values(FINE_TYPE_CODES) },
        appealOpen: { description: 'The appeal queue: appeals waiting for a decision' },
      },
      actions: {
        ...readOnlyActions(staff),
        exportCsv: listExportAction('fines', staff),
        escalate: fineAction({
          icon: 'ArrowUpCircle',
          question: 'Escalate this appeal to an admin?',
          confirmLabel: 'Escalate',
          success: 'The appeal is escalated',
          mode: 'reason',
          isAccessible: staff,
          isVisible: when('escalate'),
          run: (actor, id, p) => escalateFine(actor, id, text(p, 'note', 'reason')),
        }),
        decideAppeal: fineAction({
          icon: 'CheckSquare',
          question: 'Decide this appeal? Accepting it waives the fine and refunds it to the writer.',
          confirmLabel: 'Decide',
          success: 'The appeal is decided',
          mode: 'decide',
          isAccessible: staff,
          isVisible: when('accept'),
          run: (actor, id, p) => decideAppeal(actor, id, p.decision, text(p, 'note', 'reason')),
        }),
        waive: fineAction({
          icon: 'Gift',
          question: 'Waive this fine? It is refunded to the writer (before the next payout the two cancel out).',
          confirmLabel: 'Waive',
          success: 'The fine is waived',
          mode: 'reason',
          isAccessible: admins,
          isVisible: when('waive'),
          run: (actor, id, p) => waiveFine(actor, id, text(p, 'reason')),
        }),
        void: fineAction({
          icon: 'XCircle',
          question: 'Void this fine as issued in error? It is refunded to the writer.',
          confirmLabel: 'Void',
          success: 'The fine is voided',
          mode: 'reason',
          isAccessible: admins,
          isVisible: when('void'),
          run: (actor, id, p) => voidFine(actor, id, text(p, 'reason')),
        }),
      },
    },
  };
}

/** A number field of the fine type form: undefined when absent, null when emptied (for the nullable ones). */
function cents(p: Payload, name: string, errors: FieldErrors, nullable: boolean): number | null | undefined {
  const raw = p[name];
  if (raw === undefined) return undefined;
  if (raw === '' || raw === null) {
    if (nullable) return null;
    errors[name] = 'is required';
    return undefined;
  }
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) errors[name] = 'must be a whole number';
  return value;
}

function fineTypeChange(p: Payload) {
  const errors: FieldErrors = {};
  const change = {
    name: typeof p.name === 'string' ? p.name : undefined,
    amountCents: cents(p, 'amountCents', errors, true),
    percentBp: cents(p, 'percentBp', errors, true),
    minCents: cents(p, 'minCents', errors, false) ?? undefined,
    maxCents: cents(p, 'maxCents', errors, true),
    active: p.active === undefined ? undefined : p.active === true || p.active === 'true',
  };
  if (Object.keys(errors).length) throw ValidationFailed(errors);
  return change;
}

export function fineTypesResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(FineType, { scope: websiteScope, defaultSort: { sortBy: 'id', direction: 'asc' } }),
    options: {
      navigation: navigation.settings,
      listProperties: ['id', 'websiteId', 'code', 'name', 'amountCents', 'percentBp', 'minCents', 'maxCents', 'active'],
      filterProperties: ['websiteId', 'code', 'active'],
      editProperties: ['name', 'amountCents', 'percentBp', 'minCents', 'maxCents', 'active'],
      properties: {
        name: { isTitle: true },
        websiteId: { reference: 'websites' },
        code: { availableValues: values(FINE_TYPE_CODES) },
        amountCents: { description: 'A fixed amount in cents; leave empty for a percentage' },
        percentBp: { description: 'A share of the writer’s earning on the order, in basis points (10 % = 1000)' },
      },
      actions: {
        ...readOnlyActions(staff),
        edit: {
          isAccessible: admins,
          isVisible: admins,
          handler: formHandler(
            async (actor, request, context) =>
              (await updateFineType(actor, Number(context.record!.id()), fineTypeChange(payloadOf(request.payload)))).id,
            'The fine type is saved',
          ),
        },
        delete: hiddenAction,
      },
    },
  };
}

const issuers = allowRoles('support', 'admin', 'superadmin');

/** On the orders resource: staff fine the order's writer (type and reason; the amount from the type's rule, shown first). */
export const issueFineAction = recordAction({
  icon: 'AlertTriangle',
  component: FineComponents.FineAction,
  custom: { question: 'Fine the writer of this order?', confirmLabel: 'Issue the fine', mode: 'issue' },
  isAccessible: issuers,
  isVisible: (context) => issuers(context) && (!context.record || context.record.params.writerId != null),
  success: 'The fine is issued; it is deducted from the writer’s next payout',
  show: async (actor, _request, context) => ({ preview: { fines: await previewFines(actor, Number(context.record!.id())) } }),
  run: (actor, request, context) => {
    const p = payloadOf(request.payload);
    const writer = typeof p.writerId === 'string' && /^\d{1,15}$/.test(p.writerId) ? Number(p.writerId) : undefined;
    return issueFine(actor, {
      orderId: Number(context.record!.id()),
      typeCode: text(p, 'typeCode') as FineTypeCode,
      reason: text(p, 'reason'),
      writerId: writer,
    });
  },
});
