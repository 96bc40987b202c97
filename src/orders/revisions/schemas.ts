import { bearerAuth, errorResponses, openApiRegistry } from '../../platform/http/openapi.js';
import { z } from '../../platform/http/zod.js';
import { orderIdParams } from '../schemas.js';
import { REVISION_STATUSES } from './models.js';

/** Input and output of the revisions API, registered for /api/openapi.json below. */

const deadline = z.coerce.date({ message: 'must be an ISO date-time' }).openapi({ description: "The writer's deadline for the revision (at least 24 h away)" });
const instructionsChanged = z.boolean({ message: 'must be true or false' }).default(false).openapi({ description: 'New instructions make a revision paid' });

export const revisionBody = z
  .object({
    instructions: z.string().trim().min(10, 'must be at least 10 characters').max(20_000),
    deadline,
    instructionsChanged,
  })
  .strict()
  .openapi('RevisionRequest');

export const revisionTermsQuery = z
  .object({ deadline, instructionsChanged: z.stringbool({ error: 'must be true or false' }).default(false) })
  .strict();

export const revisionParams = orderIdParams.extend({ revisionId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict();

export const revisionView = z
  .object({
    id: z.number().int(),
    status: z.enum(REVISION_STATUSES).openapi({ description: 'awaiting_payment (paid revision not paid yet), started, withdrawn, lapsed (the order moved on unpaid)' }),
    paid: z.boolean(),
    chargeCents: z.number().int(),
    currency: z.string(),
    reason: z.string(),
    instructions: z.string(),
    instructionsChanged: z.boolean(),
    deadline: z.string().openapi({ format: 'date-time' }),
    requestedAt: z.string().openapi({ format: 'date-time' }),
    settledAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('Revision');

const revisionTermsView = z
  .object({ paid: z.boolean(), chargeCents: z.number().int(), currency: z.string(), reason: z.string(), paidSharePercent: z.number() })
  .openapi('RevisionTerms');

const security = [{ [bearerAuth.name]: [] }];
const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });

openApiRegistry.registerPath({
  method: 'get', path: '/api/v1/orders/{id}/revision-terms', tags: ['orders'], security,
  summary: 'Whether a revision with this deadline would be free or paid, and its price. Changes nothing',
  request: { params: orderIdParams, query: revisionTermsQuery },
  responses: { 200: { description: 'The terms', ...json(revisionTermsView) }, ...errorResponses(400, 401, 404, 409) },
});
openApiRegistry.registerPath({
  method: 'post', path: '/api/v1/orders/{id}/revision', tags: ['orders'], security,
  summary:
    'Ask for a revision of delivered work. Free (within 14 days, same instructions): it starts at once. Paid: recorded as awaiting_payment ' +
    'with its charge (pay it with POST …/revisions/{revisionId}/pay or a card intent); the writer sees it once paid. One waits at a time',
  request: { params: orderIdParams, body: json(revisionBody) },
  responses: { 201: { description: '{revision, order}' }, ...errorResponses(400, 401, 403, 404, 409) },
});
openApiRegistry.registerPath({
  method: 'get', path: '/api/v1/orders/{id}/revisions', tags: ['orders'], security,
  summary: 'The revisions of my order, newest first',
  request: { params: orderIdParams },
  responses: { 200: { description: '{items}', ...json(z.object({ items: z.array(revisionView) })) }, ...errorResponses(401, 404) },
});
openApiRegistry.registerPath({
  method: 'post', path: '/api/v1/orders/{id}/revisions/{revisionId}/withdraw', tags: ['orders'], security,
  summary: 'Withdraw a paid revision still waiting for payment',
  request: { params: revisionParams },
  responses: { 200: { description: 'The revision', ...json(revisionView) }, ...errorResponses(401, 403, 404, 409) },
});
