import { bearerAuth, errorResponses, openApiRegistry } from '../platform/http/openapi.js';
import { MAX_PAGE_SIZE } from '../platform/http/pagination.js';
import { z } from '../platform/http/zod.js';
import { SPACINGS } from '../pricing/rules.js';
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
    cursor: z.string().max(500).optional(),
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
