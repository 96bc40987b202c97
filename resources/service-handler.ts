import { NotFoundError, type ActionContext, type ActionHandler, type ActionRequest, type RecordActionResponse } from 'adminjs';
import type { Actor } from '../src/platform/actor.js';
import { AppError } from '../src/platform/errors.js';
import { actorOf, adminOf, noticeFor } from './actions.js';

/** A service's field errors in the shape AdminJS's forms show under each field. */
export const formErrors = (err: unknown) =>
  err instanceof AppError && err.fields ? Object.fromEntries(Object.entries(err.fields).map(([path, message]) => [path, { message }])) : {};

/**
 * An edit/new/delete handler: GET shows, POST calls the service (which checks the actor again);
 * refusals become a notice plus field errors on the form. `run` returns the id to show, or null.
 */
export function serviceHandler(run: (actor: Actor, request: ActionRequest, context: ActionContext) => Promise<number | null>, success: string): ActionHandler<RecordActionResponse> {
  return async (request, _response, context) => {
    const { record, resource, h } = context;
    const admin = adminOf(context);
    if (!admin) throw new NotFoundError('Not signed in', 'Action#handler');
    if (request.method !== 'post') return (record ? { record: record.toJSON(admin) } : {}) as RecordActionResponse;
    try {
      const id = await run(actorOf(request, context), request, context);
      const fresh = id !== null ? await resource.findOne(String(id), context) : null;
      return {
        record: (fresh ?? record)?.toJSON(admin),
        redirectUrl: h.resourceUrl({ resourceId: resource.id() }),
        notice: { message: success, type: 'success' },
      } as RecordActionResponse;
    } catch (err) {
      const notice = noticeFor(err);
      const base = record ? record.toJSON(admin) : { params: request.payload ?? {}, populated: {} };
      return { record: { ...base, errors: formErrors(err) }, notice } as unknown as RecordActionResponse;
    }
  };
}
