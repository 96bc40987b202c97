import { bearerAuth, errorResponses, openApiRegistry } from '../../platform/http/openapi.js';
import { z } from '../../platform/http/zod.js';
import { orderIdParams } from '../schemas.js';

/** Input of the deadline-change API, registered for /api/openapi.json below. */
const deadline = z.coerce.date({ message: 'must be an ISO date-time' });

export const deadlineQuery = z.object({ deadline }).strict();
export const deadlineBody = z.object({ deadline }).strict();
export const changeParams = orderIdParams.extend({ changeId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict();

const security = [{ [bearerAuth.name]: [] }];

openApiRegistry.registerPath({
  method: 'get', path: '/api/v1/orders/{id}/deadline-change', tags: ['orders'], security,
  summary: 'What moving the deadline would cost (shortening charges the band difference; extending is free). Changes nothing',
  request: { params: orderIdParams, query: deadlineQuery },
  responses: { 200: { description: '{kind, currentDeadline, deadline, chargeCents, currency, needsPayment}' }, ...errorResponses(400, 401, 404, 409) },
});
openApiRegistry.registerPath({
  method: 'post', path: '/api/v1/orders/{id}/deadline', tags: ['orders'], security,
  summary: 'Move the deadline: applied at once when free (or the order is unpaid); a paid order\'s costly shortening waits for its charge',
  request: { params: orderIdParams, body: { content: { 'application/json': { schema: deadlineBody } } } },
  responses: { 201: { description: '{change, order}' }, ...errorResponses(400, 401, 404, 409) },
});
openApiRegistry.registerPath({
  method: 'get', path: '/api/v1/orders/{id}/deadline-changes', tags: ['orders'], security,
  summary: 'The deadline changes of my order, newest first',
  request: { params: orderIdParams },
  responses: { 200: { description: '{items}' }, ...errorResponses(401, 404) },
});
openApiRegistry.registerPath({
  method: 'post', path: '/api/v1/orders/{id}/deadline-changes/{changeId}/cancel', tags: ['orders'], security,
  summary: 'Withdraw a deadline change still waiting for payment',
  request: { params: changeParams },
  responses: { 200: { description: 'The change' }, ...errorResponses(401, 404, 409) },
});
