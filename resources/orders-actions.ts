import { NotFoundError, type Action, type ActionContext, type ActionRequest, type ActionResponse, type IsFunction } from 'adminjs';
import type { Actor } from '../src/platform/actor.js';
import { type BulkResult, type Order, runBulk } from '../src/orders/index.js';
import { actorOf, adminOf, admins, noticeFor, recordAction } from './actions.js';
import { OrderComponents as Components } from './components/orders.js';
import { payloadOf, requestedIds, type FormField, type Payload } from './order-forms.js';

/**
 * Record and bulk actions on orders. Each acts only on POST (a GET returns the record and what
 * the form needs to show: eligible writers, the computed refund…), calls one service function
 * with the admin as actor (the service checks again) and turns its refusals into notices.
 */

const statusOf = (context: ActionContext) => context.record?.params?.status as string | undefined;

/** Shown only for orders in these statuses (and to admins); the service is still the guard. */
export const inStatus =
  (statuses: readonly string[], extra?: (p: Record<string, unknown>) => boolean): IsFunction =>
  (context) =>
    admins(context) && (!context.record || (statuses.includes(statusOf(context) ?? '') && (!extra || extra(context.record.params))));

export interface OrderActionSpec {
  name: string;
  icon: string;
  question: string;
  confirmLabel: string;
  success: string;
  fields: FormField[];
  isVisible: IsFunction;
  /** Extra data for the form, read on GET (never changes anything). */
  preview?: (actor: Actor, orderId: number, query: Record<string, unknown>) => Promise<unknown>;
  run: (actor: Actor, orderId: number, payload: Payload) => Promise<unknown>;
}

/** A record action behind the order form (OrderAction: fields, and what `preview` reads for them on GET). */
export const orderAction = (spec: OrderActionSpec): Partial<Action<ActionResponse>> =>
  recordAction({
    icon: spec.icon,
    component: Components.OrderAction,
    custom: { question: spec.question, confirmLabel: spec.confirmLabel, fields: spec.fields },
    isAccessible: admins,
    isVisible: spec.isVisible,
    success: spec.success,
    show: spec.preview
      ? async (actor, request, context) => ({
          preview: await spec.preview!(actor, Number(context.record!.id()), (request.query ?? {}) as Record<string, unknown>),
        })
      : undefined,
    run: (actor, request, context) => spec.run(actor, Number(context.record!.id()), payloadOf(request.payload)),
  });

export interface BulkSpec {
  name: string;
  icon: string;
  question: string;
  confirmLabel: string;
  fields: FormField[];
  preview?: (actor: Actor, websiteIds: number[]) => Promise<unknown>;
  /** Checks the shared input once (a refusal fails the whole request), then returns the per-order action. */
  prepare: (actor: Actor, payload: Payload) => (orderId: number) => Promise<Order>;
}

export interface BulkRow extends BulkResult {
  number: string | null;
}

export function bulkOrderAction(spec: BulkSpec): Partial<Action<ActionResponse>> {
  return {
    actionType: 'bulk',
    icon: spec.icon,
    component: Components.OrderAction,
    custom: { question: spec.question, confirmLabel: spec.confirmLabel, fields: spec.fields },
    isAccessible: admins,
    isVisible: admins,
    showInDrawer: false,
    handler: async (request: ActionRequest, _response, context) => {
      const { records = [], resource } = context;
      const admin = adminOf(context);
      if (!admin) throw new NotFoundError('Not signed in', 'Action#handler');
      const json = () => records.map((r) => r.toJSON(admin));
      const actor = actorOf(request, context);
      if (request.method !== 'post') {
        const websiteIds = [...new Set(records.map((r) => Number(r.params.websiteId)))];
        try {
          return { records: json(), preview: spec.preview ? await spec.preview(actor, websiteIds) : undefined };
        } catch (err) {
          return { records: json(), notice: noticeFor(err) };
        }
      }
      let perOrder: (orderId: number) => Promise<Order>;
      try {
        perOrder = spec.prepare(actor, payloadOf(request.payload));
      } catch (err) {
        return { records: json(), notice: noticeFor(err) };
      }
      const ids = requestedIds(request.query);
      const results = await runBulk(ids, perOrder);
      const fresh = await resource.findMany(ids.map(String), context);
      const numbers = new Map(fresh.map((r) => [Number(r.id()), String(r.params.number)]));
      const rows: BulkRow[] = results.map((r) => ({ ...r, number: numbers.get(r.id) ?? null }));
      const failed = rows.filter((r) => !r.ok).length;
      const message = failed ? `${rows.length - failed} of ${rows.length} done; ${failed} failed` : `All ${rows.length} done`;
      return { records: fresh.map((r) => r.toJSON(admin)), results: rows, notice: { message, type: failed ? 'error' : 'success' } };
    },
  };
}
