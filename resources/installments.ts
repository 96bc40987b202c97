import type { ResourceWithOptions } from 'adminjs';
import {
  cancelInstallmentPlan,
  createInstallmentPlan,
  Installment,
  INSTALLMENT_STATUSES,
  InstallmentPlan,
  PLAN_STATUSES,
  type CreatePlanInput,
  type ScheduleLine,
} from '../src/payments/installments/index.js';
import { ValidationFailed, type FieldErrors } from '../src/platform/errors.js';
import { formHandler, serviceRecordAction, hiddenAction as hidden, moneyStaff as staff, readOnlyActions } from './actions.js';
import { OrderComponents } from './components/orders.js';
import { navigation } from './navigation.js';
import { cents, id, payloadOf, text, type Payload } from './order-forms.js';
import { ScopedResource, websiteScope } from './scoped-resource.js';

/**
 * Installment plans in the back office: support and admins of a website list and inspect its plans
 * and installments (read-only), make a plan for an order awaiting payment ("new": an explicit
 * schedule, or one proposed by rule) and cancel an active one (POST-only behind the confirmation
 * screen, a reason required). Both go through the installments services, which check again.
 */
const values = (list: readonly string[]) => list.map((v) => ({ value: v, label: v.replace(/_/g, ' ') }));
const money = { components: { list: OrderComponents.Money, show: OrderComponents.Money } };
const formOnly = { list: false, filter: false, show: false, edit: true };

type Ctx = { record?: { params?: Record<string, unknown> } };
const isActive = (context: Ctx) => staff(context as never) && context.record?.params?.status === 'active';

/** One line of the schedule field: "<amount> <date>", e.g. "150.00 2026-03-05" (a date alone means its start, UTC). */
function scheduleLines(raw: string): ScheduleLine[] {
  return raw
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line, i) => {
      const [amount, ...rest] = line.split(/\s+/);
      const bad = () => ValidationFailed({ schedule: `line ${i + 1} must read "<amount> <date>", e.g. "150.00 2026-03-05"` });
      let amountCents: number | undefined;
      try {
        amountCents = cents({ amount }, 'amount');
      } catch {
        throw bad();
      }
      const dueAt = new Date(rest.join(' '));
      if (amountCents === undefined || Number.isNaN(dueAt.getTime())) throw bad();
      return { amountCents, dueAt };
    });
}

function wholeNumber(p: Payload, name: string, errors: FieldErrors): number | undefined {
  const value = text(p, name, false);
  if (value === null) return undefined;
  if (/^\d{1,4}$/.test(value)) return Number(value);
  errors[name] = 'must be a whole number';
  return undefined;
}

/** The "new plan" form: a schedule typed line by line, else a proposal (split, count or percents, interval, first due date). */
export function planInput(p: Payload): CreatePlanInput {
  const schedule = text(p, 'schedule', false);
  if (schedule) return { installments: scheduleLines(schedule) };
  const errors: FieldErrors = {};
  const intervalDays = wholeNumber(p, 'intervalDays', errors);
  const firstDue = text(p, 'firstDueAt', false);
  const firstDueAt = firstDue ? new Date(firstDue) : undefined;
  if (firstDueAt && Number.isNaN(firstDueAt.getTime())) errors.firstDueAt = 'must be a date';
  const split = text(p, 'split', false) ?? 'percent';
  if (split !== 'equal' && split !== 'percent') errors.split = 'must be equal or percent';
  const count = wholeNumber(p, 'count', errors);
  if (split === 'equal' && count === undefined) errors.count = errors.count ?? 'is required for equal parts';
  const percentsText = text(p, 'percents', false);
  const percents = percentsText
    ? percentsText
        .split(/[\s,]+/)
        .filter(Boolean)
        .map(Number)
    : undefined;
  if (percents?.some((n) => !Number.isInteger(n))) errors.percents = 'must be whole percentages separated by commas, e.g. 50, 50';
  if (Object.keys(errors).length) throw ValidationFailed(errors);
  const common = { intervalDays, firstDueAt };
  return { proposal: split === 'equal' ? { split, count: count!, ...common } : { split: 'percent', percents, ...common } };
}

export function installmentPlansResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(InstallmentPlan, { scope: websiteScope, defaultSort: { sortBy: 'id', direction: 'desc' } }),
    options: {
      navigation: navigation.money,
      listProperties: ['id', 'orderId', 'clientId', 'status', 'totalCents', 'installmentsCount', 'createdBy', 'createdAt'],
      filterProperties: ['status', 'orderId', 'clientId', 'websiteId', 'createdAt'],
      showProperties: [
        'id',
        'status',
        'orderId',
        'clientId',
        'totalCents',
        'currency',
        'installmentsCount',
        'createdBy',
        'createdAt',
        'completedAt',
        'canceledAt',
        'canceledBy',
        'cancelReason',
      ],
      editProperties: ['orderId', 'schedule', 'split', 'count', 'percents', 'intervalDays', 'firstDueAt'],
      properties: {
        orderId: { reference: 'orders', isRequired: true },
        clientId: { reference: 'users' },
        createdBy: { reference: 'users' },
        canceledBy: { reference: 'users' },
        websiteId: { reference: 'websites' },
        totalCents: money,
        status: { availableValues: values(PLAN_STATUSES) },
        cancelReason: { type: 'textarea' },
        schedule: {
          type: 'textarea',
          isVisible: formOnly,
          description: 'One installment a line: "<amount> <due date>", e.g. "150.00 2026-03-05". Leave empty to use the proposal below.',
        },
        split: {
          availableValues: values(['percent', 'equal']),
          isVisible: formOnly,
          description:
            'percent: by the percentages below (default 50, 50: a deposit and the rest); equal: in equal parts, the remainder on the last',
        },
        count: { type: 'number', isVisible: formOnly, description: 'Number of equal parts (2–12)' },
        percents: { type: 'string', isVisible: formOnly, description: 'e.g. 50, 50 or 30, 40, 30' },
        intervalDays: { type: 'number', isVisible: formOnly, description: 'Days between due dates (default 7)' },
        firstDueAt: { type: 'datetime', isVisible: formOnly, description: 'First due date (default: a day from now)' },
      },
      actions: {
        list: { isAccessible: staff },
        show: { isAccessible: staff },
        search: { isAccessible: staff },
        new: {
          isAccessible: staff,
          handler: formHandler(async (actor, request) => {
            const p = payloadOf(request.payload);
            return (await createInstallmentPlan(actor, id(p, 'orderId'), planInput(p))).plan.id;
          }, 'The installment plan is made'),
        },
        edit: hidden,
        delete: hidden,
        bulkDelete: hidden,
        cancel: serviceRecordAction({
          name: 'cancel',
          icon: 'XCircle',
          question: 'Cancel this installment plan? What it left unpaid stays owed on the order.',
          confirmLabel: 'Cancel the plan',
          success: 'The installment plan is canceled',
          reason: 'required',
          isAccessible: staff,
          isVisible: isActive,
          run: (actor, planId, payload) =>
            cancelInstallmentPlan(actor, { planId }, typeof payload.reason === 'string' ? payload.reason : ''),
        }),
      },
    },
  };
}

/** The installments of every plan, read-only (filter by plan or order). */
export function installmentsResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(Installment, { scope: websiteScope, defaultSort: { sortBy: 'id', direction: 'desc' } }),
    options: {
      navigation: navigation.money,
      listProperties: ['id', 'planId', 'orderId', 'sequence', 'amountCents', 'dueAt', 'status', 'paymentId', 'paidAt'],
      filterProperties: ['status', 'planId', 'orderId', 'dueAt', 'websiteId'],
      properties: {
        planId: { reference: 'installment_plans' },
        orderId: { reference: 'orders' },
        paymentId: { reference: 'payments' },
        websiteId: { reference: 'websites' },
        amountCents: money,
        status: { availableValues: values(INSTALLMENT_STATUSES) },
      },
      actions: {
        ...readOnlyActions(staff),
      },
    },
  };
}

export const installmentResources = (): ResourceWithOptions[] => [installmentPlansResource(), installmentsResource()];
