import {
  NotFoundError,
  type Action,
  type ActionContext,
  type ActionHandler,
  type ActionRequest,
  type ActionResponse,
  type IsFunction,
  type RecordActionResponse,
} from 'adminjs';
import { staffActor, type StaffAdmin } from '../src/admin-auth/index.js';
import type { Actor } from '../src/platform/actor.js';
import { AppError, translateDatabaseError } from '../src/platform/errors.js';
import { Components } from './components/index.js';

/**
 * Helpers shared by the resource files. `isAccessible` functions here are synchronous on purpose:
 * AdminJS treats a returned Promise as truthy, i.e. an async check always allows.
 */
export const adminOf = (context: Pick<ActionContext, 'currentAdmin'>): StaffAdmin | undefined =>
  context.currentAdmin as StaffAdmin | undefined;

export const allowRoles =
  (...roles: StaffAdmin['role'][]): IsFunction =>
  (context) => {
    const admin = adminOf(context);
    return Boolean(admin && roles.includes(admin.role));
  };

export const deny: IsFunction = () => false;

/** Admins and the superadmin: who may change prices, money and orders' hard decisions. */
export const admins = allowRoles('admin', 'superadmin');

/** Support, admins and the superadmin: the staff of the Money resources. */
export const moneyStaff = allowRoles('support', 'admin', 'superadmin');

/** An AdminJS built-in action switched off: neither shown nor callable. */
export const hiddenAction = { isAccessible: deny, isVisible: false };

/**
 * The built-in actions of a resource whose records change only through services: staff list,
 * show and search; new, edit and delete are off (custom actions go beside these).
 */
export const readOnlyActions = (staff: IsFunction) => ({
  list: { isAccessible: staff },
  show: { isAccessible: staff },
  search: { isAccessible: staff },
  new: hiddenAction,
  edit: hiddenAction,
  delete: hiddenAction,
  bulkDelete: hiddenAction,
});

/** The actor for a service call, with the request's ip and id for the audit row. */
export function actorOf(request: ActionRequest, context: ActionContext): Actor {
  const admin = adminOf(context);
  if (!admin) throw new NotFoundError('No signed-in staff member', 'Action#handler');
  const meta = request as unknown as { id?: string; clientIp?: string };
  return staffActor(admin, { ip: meta.clientIp ?? null, requestId: meta.id ?? null });
}

/** An AppError (or a translated database error) becomes an error notice; anything else propagates to the error handler. */
export function noticeFor(err: unknown): { message: string; type: 'error' } {
  const appError = err instanceof AppError ? err : translateDatabaseError(err);
  if (!appError) throw err;
  const status = appError.details?.currentStatus;
  const fields = appError.fields
    ? ` (${Object.entries(appError.fields)
        .map(([k, v]) => `${k} ${v}`)
        .join('; ')})`
    : '';
  return {
    message: `${appError.message}${fields}${status && !appError.message.includes(String(status)) ? ` — current status: ${status}` : ''}`,
    type: 'error',
  };
}

/** A service's field errors in the shape AdminJS's forms show under each field. */
export const formErrors = (err: unknown) =>
  err instanceof AppError && err.fields ? Object.fromEntries(Object.entries(err.fields).map(([path, message]) => [path, { message }])) : {};

/** What a back-office action asks of a service. */
export interface ServiceCall {
  /** Read-only data for the screen (a preview, a summary, a history…), merged into the GET answer. */
  show?: (actor: Actor, request: ActionRequest, context: ActionContext) => Promise<Record<string, unknown>>;
  /** The change, made only on POST by a service that checks the actor again. */
  run?: (actor: Actor, request: ActionRequest, context: ActionContext) => Promise<unknown>;
  /** The success notice (a function of what run returned, for forms that name what they made). */
  success?: string | ((result: unknown) => string);
  /**
   * new / edit / delete forms: the action may have no record (new); run returns the record to
   * show next (its id, or an object with an id; null: none); success redirects (to the list, or
   * to the record shown);
   * refusals also mark the form's fields.
   */
  form?: { redirect: 'list' | 'record' };
}

/**
 * The one handler of every service-backed back-office action. A GET shows the record (and what
 * `show` reads) and changes nothing, so a link or an image tag can never act; a POST calls `run`
 * — the admin router's sameOriginOnly guard has already refused a POST from another origin. Typed
 * service errors become error notices; records always go out as record.toJSON(currentAdmin).
 */
export function serviceHandler(call: ServiceCall): ActionHandler<RecordActionResponse> {
  return async (request, _response, context) => {
    const { record, resource, h } = context;
    const admin = adminOf(context);
    if (!admin || (!record && !call.form)) throw new NotFoundError('Record not found', 'Action#handler');
    const shown = () => record?.toJSON(admin);
    if (request.method !== 'post' || !call.run) {
      if (!call.show) return (record ? { record: shown() } : {}) as RecordActionResponse;
      try {
        return { record: shown(), ...(await call.show(actorOf(request, context), request, context)) } as RecordActionResponse;
      } catch (err) {
        return { record: shown(), notice: noticeFor(err) } as RecordActionResponse;
      }
    }
    let result: unknown;
    try {
      result = await call.run(actorOf(request, context), request, context);
    } catch (err) {
      const notice = noticeFor(err);
      if (!call.form) return { record: shown(), notice } as RecordActionResponse;
      const base = shown() ?? { params: request.payload ?? {}, populated: {} };
      return { record: { ...base, errors: formErrors(err) }, notice } as unknown as RecordActionResponse;
    }
    const nextId = !call.form
      ? Number(record!.id())
      : typeof result === 'number'
        ? result
        : ((result as { id?: number } | null)?.id ?? null);
    const fresh = nextId !== null ? await resource.findOne(String(nextId), context) : null;
    const message = typeof call.success === 'function' ? call.success(result) : (call.success ?? 'Done');
    const redirectUrl = !call.form
      ? undefined
      : call.form.redirect === 'record' && nextId !== null
        ? h.recordActionUrl({ resourceId: resource.id(), recordId: String(nextId), actionName: 'show' })
        : h.resourceUrl({ resourceId: resource.id() });
    return {
      record: (fresh ?? record)?.toJSON(admin),
      notice: { message, type: 'success' },
      ...(redirectUrl ? { redirectUrl } : {}),
    } as RecordActionResponse;
  };
}

/** A form handler (new, edit, delete): `run` returns the id of the record to show next, or null. */
export const formHandler = (
  run: (actor: Actor, request: ActionRequest, context: ActionContext) => Promise<number | null>,
  success: string,
  redirect: 'list' | 'record' = 'list',
) => serviceHandler({ run, success, form: { redirect } });

/** A GET-only record action feeding a component of the record's page (history, lines, analytics…). */
export const readAction = (isAccessible: IsFunction, show: NonNullable<ServiceCall['show']>): Partial<Action<ActionResponse>> => ({
  actionType: 'record',
  component: false,
  isVisible: false,
  isAccessible,
  handler: serviceHandler({ show }),
});

export interface RecordActionSpec extends ServiceCall {
  icon: string;
  /** The screen: ConfirmAction (a question, an optional reason) or a form component with its `custom` fields. */
  component: string;
  custom: Record<string, unknown>;
  isAccessible: IsFunction;
  isVisible: IsFunction;
}

/** A record action with its own screen, acting through serviceHandler. */
export const recordAction = ({
  icon,
  component,
  custom,
  isAccessible,
  isVisible,
  ...call
}: RecordActionSpec): Partial<Action<ActionResponse>> => ({
  actionType: 'record',
  icon,
  component,
  custom,
  isAccessible,
  isVisible,
  showInDrawer: false,
  handler: serviceHandler(call),
});

export interface ConfirmActionSpec {
  name: string;
  icon: string;
  question: string;
  confirmLabel: string;
  success: string;
  reason?: 'required' | 'optional';
  isAccessible: IsFunction;
  isVisible: IsFunction;
  /** Calls the service (which checks the actor again); returns nothing, the record is re-read. */
  run: (actor: Actor, recordId: number, payload: Record<string, unknown>) => Promise<unknown>;
}

/** A record action behind the confirmation screen (ConfirmAction: a question, an optional reason). */
export const serviceRecordAction = (spec: ConfirmActionSpec): Partial<Action<ActionResponse>> =>
  recordAction({
    icon: spec.icon,
    component: Components.ConfirmAction,
    custom: { question: spec.question, confirmLabel: spec.confirmLabel, reason: spec.reason },
    isAccessible: spec.isAccessible,
    isVisible: spec.isVisible,
    success: spec.success,
    run: (actor, request, context) => spec.run(actor, Number(context.record!.id()), (request.payload ?? {}) as Record<string, unknown>),
  });

/**
 * "Export CSV" on a list: a resource action in the drawer (AdminJS carries the list's filters
 * over) whose page links to `csvPath` with those filters (and `linesPath`, a second file of the
 * same filters, e.g. the ledger lines of the listed transactions). The export route checks the staff member.
 */
export const csvExportAction = (
  csvPath: string,
  isAccessible: IsFunction,
  more: { linesPath?: string } = {},
): Partial<Action<ActionResponse>> => ({
  actionType: 'resource',
  icon: 'Download',
  component: Components.CsvExport,
  showInDrawer: true,
  custom: { csvPath, ...more },
  isAccessible,
  isVisible: isAccessible,
  handler: async () => ({}),
});
