import { errorResponses, json, jsonResponse, registerOperation, signedIn } from '../../platform/http/openapi.js';
import { paginationQuery } from '../../platform/http/pagination.js';
import { z } from '../../platform/http/zod.js';
import { FINE_STATUSES, FINE_TYPE_CODES } from './rules.js';

/** The writer's fines API: its shapes, registered for /api/openapi.json. */

export const myFinesQuery = paginationQuery
  .extend({
    status: z.enum(FINE_STATUSES).optional(),
    type: z.enum(FINE_TYPE_CODES).optional(),
    orderId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .strict();
export type MyFinesQuery = z.infer<typeof myFinesQuery>;

export const fineIdParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict();

export const appealFineBody = z
  .object({ reason: z.string().trim().min(1, 'is required').max(2000, 'must be at most 2000 characters') })
  .strict()
  .openapi('FineAppeal', { example: { reason: 'The client extended the deadline in the messages' } });

const dateTime = z.string().openapi({ format: 'date-time' });

const writerFine = z
  .object({
    id: z.number().int(),
    orderId: z.number().int(),
    orderNumber: z.string().nullable(),
    type: z.enum(FINE_TYPE_CODES),
    status: z.enum(FINE_STATUSES),
    amountCents: z
      .number()
      .int()
      .openapi({ description: 'What the fine comes to (a lateness fine grows with lateness, up to the earning)' }),
    refundedCents: z.number().int().openapi({ description: 'Given back when the fine was waived, voided or its appeal accepted' }),
    currency: z.string(),
    lateMinutes: z.number().int().nullable().openapi({ description: 'For a lateness fine: how late the work was (or is)' }),
    reason: z.string(),
    appealReason: z.string().nullable(),
    appealedAt: dateTime.nullable(),
    decisionNote: z.string().nullable(),
    decidedAt: dateTime.nullable(),
    issuedAt: dateTime,
  })
  .openapi('WriterFine');

const writerFinesPage = z.object({ items: z.array(writerFine), nextCursor: z.string().nullable() }).openapi('WriterFinesPage');

const tags = ['writer fines'];
registerOperation({
  method: 'get',
  path: '/api/v1/writer/fines',
  operationId: 'listMyFines',
  tags,
  security: signedIn,
  summary: 'My fines, newest first (cursor-paginated; filter by status, type or order). Standing fines are deducted in my next payout',
  request: { query: myFinesQuery },
  responses: { 200: jsonResponse('A page of my fines', writerFinesPage), ...errorResponses(400, 401, 403) },
});
registerOperation({
  method: 'post',
  path: '/api/v1/writer/fines/{id}/appeal',
  operationId: 'appealFine',
  tags,
  security: signedIn,
  summary: 'I appeal one of my fines, once, with a reason; staff accept (the fine is waived and refunded) or reject it',
  request: { params: fineIdParams, body: json(appealFineBody) },
  responses: { 200: jsonResponse('The appealed fine', writerFine), ...errorResponses(400, 401, 403, 404, 409) },
});
