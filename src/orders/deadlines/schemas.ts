import { errorResponses, json, jsonResponse, registerOperation, signedIn } from '../../platform/http/openapi.js';
import { z } from '../../platform/http/zod.js';
import { orderDetailSchema, orderIdParams } from '../schemas.js';
import { DEADLINE_CHANGE_STATUSES } from './models.js';

/** Input and output of the deadline-change API, registered for /api/openapi.json below. */
const deadline = z.coerce.date({ message: 'must be an ISO date-time' });

export const deadlineQuery = z.object({ deadline }).strict();
export const deadlineBody = z.object({ deadline }).strict();
export const changeParams = orderIdParams.extend({ changeId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict();

const dateTime = z.string().openapi({ format: 'date-time' });

export const deadlineChangeView = z
  .object({
    id: z.number().int(),
    kind: z.enum(['shorten', 'extend']),
    status: z.enum(DEADLINE_CHANGE_STATUSES),
    oldDeadline: dateTime,
    newDeadline: dateTime,
    chargeCents: z.number().int(),
    requestedAt: dateTime,
    settledAt: dateTime.nullable(),
  })
  .openapi('DeadlineChange');

const deadlinePreview = z
  .object({
    kind: z.enum(['shorten', 'extend']),
    currentDeadline: dateTime,
    deadline: dateTime,
    chargeCents: z.number().int(),
    currency: z.string(),
    needsPayment: z.boolean().openapi({ description: 'The change waits for its charge to be paid (an order already paid for)' }),
  })
  .openapi('DeadlineChangePreview');

const tags = ['orders'];

registerOperation({
  method: 'get',
  path: '/api/v1/orders/{id}/deadline-change',
  operationId: 'previewDeadlineChange',
  tags,
  security: signedIn,
  summary: 'What moving the deadline would cost (shortening charges the band difference; extending is free). Changes nothing',
  request: { params: orderIdParams, query: deadlineQuery },
  responses: { 200: jsonResponse('What the change would cost', deadlinePreview), ...errorResponses(400, 401, 403, 404, 409) },
});
registerOperation({
  method: 'post',
  path: '/api/v1/orders/{id}/deadline',
  operationId: 'changeDeadline',
  tags,
  security: signedIn,
  summary: "Move the deadline: applied at once when free (or the order is unpaid); a paid order's costly shortening waits for its charge",
  request: { params: orderIdParams, body: json(deadlineBody) },
  responses: {
    201: jsonResponse(
      'The change and the order',
      z.object({ change: deadlineChangeView, order: orderDetailSchema }).openapi('DeadlineChangeRequested'),
    ),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});
registerOperation({
  method: 'get',
  path: '/api/v1/orders/{id}/deadline-changes',
  operationId: 'listDeadlineChanges',
  tags,
  security: signedIn,
  summary: 'The deadline changes of my order, newest first',
  request: { params: orderIdParams },
  responses: {
    200: jsonResponse('{items}', z.object({ items: z.array(deadlineChangeView) }).openapi('DeadlineChangeList')),
    ...errorResponses(400, 401, 403, 404),
  },
});
registerOperation({
  method: 'post',
  path: '/api/v1/orders/{id}/deadline-changes/{changeId}/cancel',
  operationId: 'cancelDeadlineChange',
  tags,
  security: signedIn,
  summary: 'Withdraw a deadline change still waiting for payment',
  request: { params: changeParams },
  responses: { 200: jsonResponse('The change', deadlineChangeView), ...errorResponses(400, 401, 403, 404, 409) },
});
