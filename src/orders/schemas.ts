import { discountSummarySchema } from '../discounts/index.js';
import { errorResponses, json, jsonResponse, registerOperation, signedIn } from '../platform/http/openapi.js';
import { MAX_PAGE_SIZE, timestampCursor } from '../platform/http/pagination.js';
import { z } from '../platform/http/zod.js';
import { deadlineBandSchema, quoteLineSchema, SPACINGS, tightDeadlineWarningSchema } from '../pricing/index.js';
import { ORDER_VISIBILITIES, WRITER_PREFERENCE_KINDS, WRITER_REQUEST_STATUSES } from './models.js';
import { ORDER_STATUSES } from './rules.js';

/** Input and output of the client's and the writer's order APIs, registered for /api/openapi.json below. */

const code = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9_]+$/, 'must be a code like research_paper');
const whole = (min: number, max: number) =>
  z.number().int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

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
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
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

export const noteBody = z.object({ note: z.string().trim().max(1000).nullable().optional() }).strict();
export const reasonBody = z.object({ reason: z.string().trim().min(3, 'must be at least 3 characters').max(1000) }).strict();
export const optionalReasonBody = z.object({ reason: z.string().trim().max(1000).nullable().optional() }).strict();
export const writerListQuery = z.object({ status: statusList.optional() }).strict();
export const availableQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20), cursor: timestampCursor.optional() })
  .strict();

export const writerIdParams = z.object({ writerId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict();
export const preferenceBody = z.object({ kind: z.enum(WRITER_PREFERENCE_KINDS).nullable() }).strict();

// ---- responses ----

const dateTime = z.string().openapi({ format: 'date-time' });
const status = z.enum(ORDER_STATUSES);

export const orderSummarySchema = z
  .object({
    id: z.number().int(),
    number: z.string().openapi({ example: 'A-000123' }),
    status,
    topic: z.string().nullable(),
    paperType: z.string().nullable(),
    academicLevel: z.string().nullable(),
    pages: z.number().int().nullable(),
    deadline: dateTime.nullable(),
    currency: z.string(),
    totalCents: z.number().int().nullable().openapi({ description: 'Null until the order is submitted (priced)' }),
    paidCents: z.number().int(),
    createdAt: dateTime,
    placedAt: dateTime.nullable(),
  })
  .openapi('OrderSummary');

const timelineEntry = z
  .object({
    action: z.string().openapi({ example: 'submit' }),
    fromStatus: status.nullable(),
    toStatus: status.nullable(),
    byRole: z.string(),
    note: z.string().nullable(),
    at: dateTime,
  })
  .openapi('TimelineEntry');

const writerPublic = z.object({ penName: z.string().nullable(), registrationId: z.string() }).openapi('WriterPublic');

const priceBreakdown = z
  .object({
    currency: z.string(),
    totalCents: z.number().int(),
    lines: z.array(quoteLineSchema),
    deadlineBand: deadlineBandSchema,
    warning: tightDeadlineWarningSchema.nullable(),
    discounts: discountSummarySchema.optional(),
  })
  .openapi('PriceBreakdown', { description: 'The price frozen when the order was submitted' });

export const orderDetailSchema = orderSummarySchema
  .extend({
    instructions: z.string().nullable(),
    workType: z.string(),
    subject: z.string().nullable(),
    spacing: z.string(),
    slides: z.number().int(),
    charts: z.number().int(),
    sourcesCount: z.number().int(),
    citationStyle: z.string().nullable(),
    writerLevel: z.string(),
    extraServices: z.array(z.string()),
    visibility: z.enum(ORDER_VISIBILITIES),
    preferredWriter: writerPublic.nullable(),
    writer: writerPublic.nullable(),
    priceBreakdown: priceBreakdown.nullable(),
    deliveredAt: dateTime.nullable(),
    completedAt: dateTime.nullable(),
    timeline: z.array(timelineEntry),
  })
  .openapi('Order');

const ordersPage = z.object({ items: z.array(orderSummarySchema), nextCursor: z.string().nullable() }).openapi('OrderPage');

const cancellationPreview = z
  .object({
    immediate: z.boolean().openapi({ description: 'Cancelling now is immediate (an unpaid order); otherwise it asks staff' }),
    shareBp: z.number().int().openapi({ description: 'The share of the price forfeited, in basis points' }),
    forfeitCents: z.number().int(),
    refundCents: z.number().int(),
  })
  .openapi('CancellationPreview');

const writerPreference = z
  .object({ writerId: z.number().int(), registrationId: z.string(), penName: z.string().nullable(), kind: z.enum(WRITER_PREFERENCE_KINDS) })
  .openapi('WriterPreference');

const pay = z
  .object({ amountCents: z.number().int(), urgent: z.boolean(), level: z.string() })
  .openapi('WriterPay', { description: "What the order pays the writer, by the rate card frozen at assignment (today's before)" });

const writerOrderFields = {
  id: z.number().int(),
  number: z.string(),
  topic: z.string().nullable(),
  paperType: z.string().nullable(),
  workType: z.string(),
  academicLevel: z.string().nullable(),
  subject: z.string().nullable(),
  pages: z.number().int().nullable(),
  spacing: z.string(),
  slides: z.number().int(),
  charts: z.number().int(),
  writerDeadline: dateTime.nullable(),
  pay,
};

export const writerOrderSchema = z
  .object({
    ...writerOrderFields,
    status,
    instructions: z.string().nullable(),
    sourcesCount: z.number().int(),
    citationStyle: z.string().nullable(),
    extraServices: z.array(z.string()),
    client: z.object({ registrationId: z.string() }).nullable().openapi({ description: 'The client by registration ID only' }),
    assignedAt: dateTime.nullable(),
    deliveredAt: dateTime.nullable(),
    timeline: z.array(timelineEntry).optional().openapi({ description: 'On the single order only' }),
  })
  .openapi('WriterOrder');

const availableOrder = z
  .object({
    ...writerOrderFields,
    publishedAt: dateTime.nullable(),
    takeableFrom: dateTime
      .nullable()
      .openapi({ description: 'When the preview ends and the order can be taken (requests are allowed before)' }),
    preferredForMe: z
      .boolean()
      .nullable()
      .openapi({ description: 'Whether the client prefers me for it; null (not false) when the order names no preferred writer' }),
    requestedByMe: z.boolean(),
  })
  .openapi('AvailableOrder');

const availablePage = z
  .object({
    items: z.array(availableOrder),
    nextCursor: z.string().nullable(),
    canTake: z.boolean().openapi({ description: 'Whether I may take orders at all now (status, capacity)' }),
    reason: z.string().nullable().openapi({ description: 'Why not, when canTake is false' }),
  })
  .openapi('AvailableOrderPage');

const writerRequest = z
  .object({ id: z.number().int(), orderId: z.number().int(), status: z.enum(WRITER_REQUEST_STATUSES), createdAt: dateTime })
  .openapi('WriterRequest');

const subjectQualification = z.object({ code: z.string(), name: z.string(), qualified: z.boolean() }).openapi('SubjectQualification');

// ---- the client's operations ----

const tags = ['orders'];
const order = (description: string) => ({ 200: jsonResponse(description, orderDetailSchema) });
const noContent = (description: string) => ({ 204: { description } });

registerOperation({
  method: 'post',
  path: '/api/v1/orders',
  operationId: 'createOrder',
  tags,
  security: signedIn,
  summary: 'Start an order as a draft (any wizard fields may be sent now or later)',
  request: { body: json(createOrderBody) },
  responses: { 201: jsonResponse('The draft', orderDetailSchema), ...errorResponses(400, 401, 403) },
});
registerOperation({
  method: 'patch',
  path: '/api/v1/orders/{id}',
  operationId: 'updateOrderDraft',
  tags,
  security: signedIn,
  summary: 'Update a draft, one wizard step at a time',
  request: { params: orderIdParams, body: json(createOrderBody) },
  responses: { ...order('The draft'), ...errorResponses(400, 401, 403, 404, 409) },
});
registerOperation({
  method: 'post',
  path: '/api/v1/orders/{id}/submit',
  operationId: 'submitOrder',
  tags,
  security: signedIn,
  summary: 'Price the draft with the active price list, freeze the breakdown and place it (pending payment)',
  request: { params: orderIdParams },
  responses: { ...order('The placed order'), ...errorResponses(400, 401, 403, 404, 409) },
});
registerOperation({
  method: 'get',
  path: '/api/v1/orders',
  operationId: 'listMyOrders',
  tags,
  security: signedIn,
  summary: 'My orders, newest first (cursor-paginated; filter by status list, creation dates, text on topic or number)',
  request: { query: listOrdersQuery },
  responses: { 200: jsonResponse('A page of my orders', ordersPage), ...errorResponses(400, 401, 403) },
});
registerOperation({
  method: 'get',
  path: '/api/v1/orders/{id}',
  operationId: 'getMyOrder',
  tags,
  security: signedIn,
  summary: 'One of my orders with its timeline',
  request: { params: orderIdParams },
  responses: { ...order('The order'), ...errorResponses(400, 401, 403, 404) },
});
registerOperation({
  method: 'post',
  path: '/api/v1/orders/{id}/approve',
  operationId: 'approveOrder',
  tags,
  security: signedIn,
  summary: 'Approve the delivered work (the order is completed)',
  request: { params: orderIdParams },
  responses: { ...order('The completed order'), ...errorResponses(400, 401, 403, 404, 409) },
});
registerOperation({
  method: 'post',
  path: '/api/v1/orders/{id}/dispute',
  operationId: 'openOrderDispute',
  tags,
  security: signedIn,
  summary: 'Open a dispute on an order in progress or delivered',
  request: { params: orderIdParams, body: json(reasonBody) },
  responses: { ...order('The disputed order'), ...errorResponses(400, 401, 403, 404, 409) },
});
registerOperation({
  method: 'get',
  path: '/api/v1/orders/{id}/cancellation',
  operationId: 'previewOrderCancellation',
  tags,
  security: signedIn,
  summary: 'What cancelling now would forfeit (shown before confirming)',
  request: { params: orderIdParams },
  responses: { 200: jsonResponse('What cancelling would forfeit and refund', cancellationPreview), ...errorResponses(400, 401, 403, 404) },
});
registerOperation({
  method: 'post',
  path: '/api/v1/orders/{id}/cancel',
  operationId: 'cancelOrder',
  tags,
  security: signedIn,
  summary: 'Cancel an unpaid order, or ask staff to cancel a paid one',
  request: { params: orderIdParams, body: json(reasonBody) },
  responses: { ...order('The order, cancelled or with its cancellation requested'), ...errorResponses(400, 401, 403, 404, 409) },
});
registerOperation({
  method: 'get',
  path: '/api/v1/orders/writers/preferences',
  operationId: 'listMyWriterPreferences',
  tags,
  security: signedIn,
  summary: 'My favourite and blocked writers',
  responses: { 200: jsonResponse('{items}', z.object({ items: z.array(writerPreference) })), ...errorResponses(401, 403) },
});
registerOperation({
  method: 'put',
  path: '/api/v1/orders/writers/{writerId}/preference',
  operationId: 'setWriterPreference',
  tags,
  security: signedIn,
  summary: 'Favourite, block, or clear (null) a writer',
  request: { params: writerIdParams, body: json(preferenceBody) },
  responses: { ...noContent('Saved'), ...errorResponses(400, 401, 403, 404) },
});

// ---- the writer's operations ----

const writerTags = ['writer orders'];
const writerOrder = (description: string) => ({ 200: jsonResponse(description, writerOrderSchema) });

registerOperation({
  method: 'get',
  path: '/api/v1/writer/orders/available',
  operationId: 'listAvailableOrders',
  tags: writerTags,
  security: signedIn,
  summary: 'Orders open to me in the pool (client identity hidden; takeable after the preview)',
  request: { query: availableQuery },
  responses: { 200: jsonResponse('A page of the pool', availablePage), ...errorResponses(400, 401, 403) },
});
registerOperation({
  method: 'get',
  path: '/api/v1/writer/orders',
  operationId: 'listMyWriterOrders',
  tags: writerTags,
  security: signedIn,
  summary: 'My current orders (or those in the statuses asked for), nearest writer deadline first',
  request: { query: writerListQuery },
  responses: {
    200: jsonResponse('{items}', z.object({ items: z.array(writerOrderSchema) }).openapi('WriterOrderList')),
    ...errorResponses(400, 401, 403),
  },
});
registerOperation({
  method: 'get',
  path: '/api/v1/writer/orders/{id}',
  operationId: 'getMyWriterOrder',
  tags: writerTags,
  security: signedIn,
  summary: 'One of my orders with its timeline',
  request: { params: orderIdParams },
  responses: { ...writerOrder('The order'), ...errorResponses(400, 401, 403, 404) },
});
registerOperation({
  method: 'post',
  path: '/api/v1/writer/orders/{id}/request',
  operationId: 'requestOrder',
  tags: writerTags,
  security: signedIn,
  summary: 'Request an order (allowed during the preview)',
  request: { params: orderIdParams, body: { ...json(noteBody), required: false } },
  responses: { 201: jsonResponse('The request', writerRequest), ...errorResponses(400, 401, 403, 404, 409) },
});
registerOperation({
  method: 'post',
  path: '/api/v1/writer/orders/{id}/take',
  operationId: 'takeOrder',
  tags: writerTags,
  security: signedIn,
  summary: 'Take an order now (eligibility: active, under capacity, not blocked, preview over)',
  request: { params: orderIdParams },
  responses: { ...writerOrder('The order, now mine'), ...errorResponses(400, 401, 403, 404, 409) },
});
registerOperation({
  method: 'post',
  path: '/api/v1/writer/orders/{id}/accept',
  operationId: 'acceptOrderAssignment',
  tags: writerTags,
  security: signedIn,
  summary: 'Accept an assignment or invitation',
  request: { params: orderIdParams },
  responses: { ...writerOrder('The order, now mine'), ...errorResponses(400, 401, 403, 404, 409) },
});
registerOperation({
  method: 'post',
  path: '/api/v1/writer/orders/{id}/decline',
  operationId: 'declineOrderAssignment',
  tags: writerTags,
  security: signedIn,
  summary: 'Decline an assignment or invitation',
  request: { params: orderIdParams, body: { ...json(optionalReasonBody), required: false } },
  responses: { ...noContent('Declined'), ...errorResponses(400, 401, 403, 404, 409) },
});
registerOperation({
  method: 'post',
  path: '/api/v1/writer/orders/{id}/submit',
  operationId: 'deliverOrder',
  tags: writerTags,
  security: signedIn,
  summary: 'Deliver the work: needs a final file uploaded in this round; goes to editing when required',
  request: { params: orderIdParams, body: { ...json(noteBody), required: false } },
  responses: { ...writerOrder('The delivered order'), ...errorResponses(400, 401, 403, 404, 409) },
});
registerOperation({
  method: 'post',
  path: '/api/v1/writer/orders/{id}/drop',
  operationId: 'dropOrder',
  tags: writerTags,
  security: signedIn,
  summary: 'Give an order back (may be fined)',
  request: { params: orderIdParams, body: json(reasonBody) },
  responses: { ...noContent('Given back'), ...errorResponses(400, 401, 403, 404, 409) },
});
registerOperation({
  method: 'get',
  path: '/api/v1/writer/subjects',
  operationId: 'listMySubjects',
  tags: writerTags,
  security: signedIn,
  summary: 'The subjects the website offers, each marked qualified or not for me (subject gating)',
  responses: { 200: jsonResponse('{items}', z.object({ items: z.array(subjectQualification) })), ...errorResponses(401, 403) },
});
