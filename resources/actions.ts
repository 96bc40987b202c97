import { NotFoundError, type Action, type ActionContext, type ActionRequest, type ActionResponse, type IsFunction } from 'adminjs';
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

export const allowRoles = (...roles: StaffAdmin['role'][]): IsFunction => (context) => {
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
  const fields = appError.fields ? ` (${Object.entries(appError.fields).map(([k, v]) => `${k} ${v}`).join('; ')})` : '';
  return { message: `${appError.message}${fields}${status && !appError.message.includes(String(status)) ? ` — current status: ${status}` : ''}`, type: 'error' };
}

export interface ServiceActionSpec {
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

/**
 * A record action that changes state only on POST; a GET returns the record for the confirmation
 * screen (ConfirmAction), so a link or an image tag can never trigger it.
 */
export function serviceRecordAction(spec: ServiceActionSpec): Partial<Action<ActionResponse>> {
  return {
    actionType: 'record',
    icon: spec.icon,
    component: Components.ConfirmAction,
    custom: { question: spec.question, confirmLabel: spec.confirmLabel, reason: spec.reason },
    isAccessible: spec.isAccessible,
    isVisible: spec.isVisible,
    showInDrawer: false,
    handler: async (request, _response, context) => {
      const { record, resource } = context;
      const admin = adminOf(context);
      if (!record || !admin) throw new NotFoundError('Record not found', 'Action#handler');
      if (request.method !== 'post') return { record: record.toJSON(admin) };
      try {
        await spec.run(actorOf(request, context), Number(record.id()), (request.payload ?? {}) as Record<string, unknown>);
      } catch (err) {
        return { record: record.toJSON(admin), notice: noticeFor(err) };
      }
      const fresh = await resource.findOne(String(record.id()), context);
      return { record: (fresh ?? record).toJSON(admin), notice: { message: spec.success, type: 'success' } };
    },
  };
}
