import { bearerAuth, errorResponses, openApiRegistry } from '../platform/http/openapi.js';
import { MAX_PAGE_SIZE, timestampCursor } from '../platform/http/pagination.js';
import { z } from '../platform/http/zod.js';
import { SPACINGS } from '../pricing/index.js';
import { ORDER_STATUSES } from './rules.js';

/** Input of the client order API, registered for /api/openapi.json below. */

const code = z.string().trim().min(1).max(60).regex(/^[a-z0-9_]+$/, 'must be a code like research_paper');
const whole = (min: number, max: number) => z.number().int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

/** Every wizard step sends some of these; each is checked as it arrives. */
export const orderDetailsBody = z
  .object({
    topic: z.string().trim().min(3, 'must be at least 3 characters').max(300),
    instructions: z.string().max(20_000, 'must be at most 20000 characters').nullable(),
    paperType: code,
    workType: code,
    academicLevel: code,
    subject: code,
    pages: whole(1, 10_000),
    spacing: z.enum(SPACINGS),
    slides: whole(0, 10_000),
    charts: whole(0, 10_000),
    sourcesCount: whole(0, 500),
    citationStyle: z.string().trim().min(1).max(30).nullable(),
    writerLevel: code,
    extraServices: z.array(code).max(20),
    deadline: z.coerce.date({ message: 'must be an ISO date-time' }),
    preferredWriterId: z.number().int().positive().nullable(),
    /** Checked (and its use reserved) at submit; null removes it. */
    discountCode: z.string().trim().min(1).max(40, 'must be at most 40 characters').nullable(),
  })
  .partial()
  .strict();

export const createOrderBody = orderDetailsBody.openapi('OrderDraft', {
  example: { topic: 'The causes of the First World War', paperType: 'essay', pages: 3 },
});

export const orderIdParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict();

const statusList = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.enum(ORDER_STATUSES, { message: `must be among ${ORDER_STATUSES.join(', ')}` })).max(ORDER_STATUSES.length));

export const listOrdersQuery = z
  .object({
    status: statusList.optional(),
    createdFrom: z.coerce.date({ message: 'must be an ISO date' }).optional(),
    createdTo: z.coerce.date({ message: 'must be an ISO date' }).optional(),
    q: z.string().trim().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
    cursor: timestampCursor.optional(),
  })
  .strict();

const security = [{ [bearerAuth.name]: [] }];
const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });

openApiRegistry.registerPath({
  method: 'post', path: '/api/v1/orders', tags: ['orders'], security,
  summary: 'Start an order as a draft (any wizard fields may be sent now or later)',
  request: { body: json(createOrderBody) },
  responses: { 201: { description: 'The draft' }, ...errorResponses(400, 401, 403) },
});
openApiRegistry.registerPath({
  method: 'patch', path: '/api/v1/orders/{id}', tags: ['orders'], security,
  summary: 'Update a draft, one wizard step at a time',
  request: { params: orderIdParams, body: json(createOrderBody) },
  responses: { 200: { description: 'The draft' }, ...errorResponses(400, 401, 404, 409) },
});
openApiRegistry.registerPath({
  method: 'post', path: '/api/v1/orders/{id}/submit', tags: ['orders'], security,
  summary: 'Price the draft with the active price list, freeze the breakdown and place it (pending payment)',
  request: { params: orderIdParams },
  responses: { 200: { description: 'The placed order' }, ...errorResponses(400, 401, 404, 409) },
});
openApiRegistry.registerPath({
  method: 'get', path: '/api/v1/orders', tags: ['orders'], security,
  summary: 'My orders, newest first (cursor-paginated; filter by status list, creation dates, text on topic or number)',
  request: { query: listOrdersQuery },
  responses: { 200: { description: '{items, nextCursor}' }, ...errorResponses(400, 401, 403) },
});
openApiRegistry.registerPath({
  method: 'get', path: '/api/v1/orders/{id}', tags: ['orders'], security,
  summary: 'One of my orders with its timeline',
  request: { params: orderIdParams },
  responses: { 200: { description: 'The order' }, ...errorResponses(401, 404) },
});

export const noteBody = z.object({ note: z.string().trim().max(1000).nullable().optional() }).strict();
export const reasonBody = z.object({ reason: z.string().trim().min(3, 'must be at least 3 characters').max(1000) }).strict();
export const optionalReasonBody = z.object({ reason: z.string().trim().max(1000).nullable().optional() }).strict();
export const writerListQuery = z.object({ status: statusList.optional() }).strict();
export const availableQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20), cursor: timestampCursor.optional() })
  .strict();

const writerPaths: Array<['get' | 'post', string, string]> = [
  ['get', '/api/v1/writer/orders/available', 'Orders open to me in the pool (client identity hidden; takeable after the preview)'],
  ['get', '/api/v1/writer/orders', 'My current orders, nearest writer deadline first'],
  ['get', '/api/v1/writer/orders/{id}', 'One of my orders with its timeline'],
  ['post', '/api/v1/writer/orders/{id}/request', 'Request an order (allowed during the preview)'],
  ['post', '/api/v1/writer/orders/{id}/take', 'Take an order now (eligibility: active, under capacity, not blocked, preview over)'],
  ['post', '/api/v1/writer/orders/{id}/accept', 'Accept an assignment or invitation'],
  ['post', '/api/v1/writer/orders/{id}/decline', 'Decline an assignment or invitation'],
  ['post', '/api/v1/writer/orders/{id}/submit', 'Deliver the work: needs a final file uploaded in this round; goes to editing when required'],
  ['post', '/api/v1/writer/orders/{id}/drop', 'Give an order back (may be fined)'],
  ['get', '/api/v1/writer/subjects', 'The subjects the website offers, each marked qualified or not for me (subject gating)'],
];
for (const [method, path, summary] of writerPaths) {
  openApiRegistry.registerPath({
    method, path, tags: ['writer orders'], security, summary,
    responses: { 200: { description: 'OK' }, ...errorResponses(400, 401, 403, 404, 409) },
  });
}

export const writerIdParams = z.object({ writerId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict();
export const preferenceBody = z.object({ kind: z.enum(['favourite', 'blocked']).nullable() }).strict();

const clientActionPaths: Array<['get' | 'post' | 'put', string, string]> = [
  ['post', '/api/v1/orders/{id}/approve', 'Approve the delivered work (the order is completed)'],
  ['post', '/api/v1/orders/{id}/dispute', 'Open a dispute on an order in progress or delivered'],
  ['get', '/api/v1/orders/{id}/cancellation', 'What cancelling now would forfeit (shown before confirming)'],
  ['post', '/api/v1/orders/{id}/cancel', 'Cancel an unpaid order, or ask staff to cancel a paid one'],
  ['get', '/api/v1/orders/writers/preferences', 'My favourite and blocked writers'],
  ['put', '/api/v1/orders/writers/{writerId}/preference', 'Favourite, block, or clear (null) a writer'],
];
for (const [method, path, summary] of clientActionPaths) {
  openApiRegistry.registerPath({
    method, path, tags: ['orders'], security, summary,
    responses: { 200: { description: 'OK' }, ...errorResponses(400, 401, 402, 403, 404, 409) },
  });
}
