import { errorResponses, json, jsonResponse, registerOperation, signedIn } from '../../platform/http/openapi.js';
import { z } from '../../platform/http/zod.js';
import { orderDetailSchema, orderIdParams } from '../schemas.js';
import { REVISION_STATUSES } from './models.js';

/** Input and output of the revisions API, registered for /api/openapi.json below. */

const deadline = z.coerce
  .date({ message: 'must be an ISO date-time' })
  .openapi({ description: "The writer's deadline for the revision (at least 24 h away)" });
const instructionsChanged = z
  .boolean({ message: 'must be true or false' })
  .default(false)
  .openapi({ description: 'New instructions make a revision paid' });

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

export const revisionParams = orderIdParams
  .extend({ revisionId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) })
  .strict();

export const revisionView = z
  .object({
    id: z.number().int(),
    status: z
      .enum(REVISION_STATUSES)
      .openapi({ description: 'awaiting_payment (paid revision not paid yet), started, withdrawn, lapsed (the order moved on unpaid)' }),
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

const tags = ['orders'];

registerOperation({
  method: 'get',
  path: '/api/v1/orders/{id}/revision-terms',
  operationId: 'previewRevisionTerms',
  tags,
  security: signedIn,
  summary: 'Whether a revision with this deadline would be free or paid, and its price. Changes nothing',
  request: { params: orderIdParams, query: revisionTermsQuery },
  responses: { 200: jsonResponse('The terms', revisionTermsView), ...errorResponses(400, 401, 403, 404, 409) },
});
registerOperation({
  method: 'post',
  path: '/api/v1/orders/{id}/revision',
  operationId: 'requestRevision',
  tags,
  security: signedIn,
  summary:
    'Ask for a revision of delivered work. Free (within 14 days, same instructions): it starts at once. Paid: recorded as awaiting_payment ' +
    'with its charge (pay it with POST …/revisions/{revisionId}/pay or a card intent); the writer sees it once paid. One waits at a time',
  request: { params: orderIdParams, body: json(revisionBody) },
  responses: {
    201: jsonResponse(
      'The revision and the order',
      z.object({ revision: revisionView, order: orderDetailSchema }).openapi('RevisionRequested'),
    ),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});
registerOperation({
  method: 'get',
  path: '/api/v1/orders/{id}/revisions',
  operationId: 'listOrderRevisions',
  tags,
  security: signedIn,
  summary: 'The revisions of my order, newest first',
  request: { params: orderIdParams },
  responses: {
    200: jsonResponse('{items}', z.object({ items: z.array(revisionView) }).openapi('RevisionList')),
    ...errorResponses(400, 401, 403, 404),
  },
});
registerOperation({
  method: 'post',
  path: '/api/v1/orders/{id}/revisions/{revisionId}/withdraw',
  operationId: 'withdrawRevision',
  tags,
  security: signedIn,
  summary: 'Withdraw a paid revision still waiting for payment',
  request: { params: revisionParams },
  responses: { 200: jsonResponse('The revision', revisionView), ...errorResponses(400, 401, 403, 404, 409) },
});
