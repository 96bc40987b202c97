import { errorResponses, json, jsonResponse, registerOperation, signedIn } from '../platform/http/openapi.js';
import { paginationQuery } from '../platform/http/pagination.js';
import { z } from '../platform/http/zod.js';
import { MAX_ATTACHMENTS, MAX_BODY_LENGTH, MAX_SUBJECT_LENGTH, TICKET_CATEGORIES, TICKET_PRIORITIES, TICKET_STATUSES } from './rules.js';

/** The support tickets API of clients and writers: its shapes, registered for /api/openapi.json. */

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const text = (max: number) =>
  z
    .string({ message: 'is required' })
    .max(max, `must be at most ${max} characters`)
    .refine((s) => s.trim().length > 0, 'must not be empty');

export const ticketParams = z.object({ id }).strict();
export const ticketAttachmentParams = z.object({ id, mid: id, aid: id }).strict();

export const myTicketsQuery = paginationQuery.extend({ status: z.enum(TICKET_STATUSES).optional() }).strict();

export const openTicketBody = z
  .object({
    subject: text(MAX_SUBJECT_LENGTH),
    body: text(MAX_BODY_LENGTH),
    category: z.enum(TICKET_CATEGORIES, { message: `must be one of ${TICKET_CATEGORIES.join(', ')}` }),
    priority: z.enum(TICKET_PRIORITIES, { message: `must be one of ${TICKET_PRIORITIES.join(', ')}` }),
    orderId: id.optional().openapi({ description: 'One of my own orders (as its client or its writer)' }),
  })
  .strict()
  .openapi('NewSupportTicket', {
    example: { subject: 'My payment shows twice', body: 'I was charged twice for order A-1042.', category: 'payment', priority: 'high' },
  });

export const ticketMessageBody = z
  .object({ body: text(MAX_BODY_LENGTH) })
  .strict()
  .openapi('NewSupportTicketMessage', { example: { body: 'Here is the receipt you asked for.' } });

// ---- responses ----

const dateTime = z.string().openapi({ format: 'date-time' });

const attachmentView = z
  .object({ id: z.number().int(), name: z.string(), type: z.string(), contentType: z.string(), sizeBytes: z.number().int() })
  .openapi('SupportTicketAttachment');

const summaryShape = {
  id: z.number().int(),
  subject: z.string(),
  category: z.enum(TICKET_CATEGORIES),
  priority: z.enum(TICKET_PRIORITIES),
  status: z.enum(TICKET_STATUSES),
  orderId: z.number().int().nullable(),
  orderNumber: z.string().nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
  firstRespondedAt: dateTime.nullable().openapi({ description: 'When support first answered' }),
  resolvedAt: dateTime.nullable(),
  closedAt: dateTime.nullable(),
};

const ticketSummary = z.object(summaryShape).openapi('SupportTicketSummary');

const ticketView = z
  .object({
    ...summaryShape,
    messages: z.array(
      z
        .object({
          id: z.number().int(),
          body: z.string(),
          author: z.enum(['you', 'support']),
          createdAt: dateTime,
          attachments: z.array(attachmentView),
        })
        .openapi('SupportTicketMessage'),
    ),
  })
  .openapi('SupportTicket', { description: 'A ticket with its public messages (staff notes are never shown)' });

const ticketsPage = z.object({ items: z.array(ticketSummary), nextCursor: z.string().nullable() }).openapi('SupportTicketsPage');
const signedUrl = z.object({ url: z.string(), expiresAt: dateTime }).openapi('SupportTicketAttachmentUrl');

const multipart = (fields: Record<string, z.ZodType>) => ({
  'multipart/form-data': {
    schema: z.object({
      ...fields,
      files: z
        .array(z.string().openapi({ format: 'binary' }))
        .max(MAX_ATTACHMENTS)
        .optional(),
    }),
  },
});

const tags = ['support tickets'];
registerOperation({
  method: 'post',
  path: '/api/v1/support/tickets',
  operationId: 'openSupportTicket',
  tags,
  security: signedIn,
  summary: `Open a ticket (clients and writers; JSON, or multipart with up to ${MAX_ATTACHMENTS} "files"). The first-response target follows the priority`,
  request: {
    body: {
      content: {
        ...json(openTicketBody).content,
        ...multipart({ subject: z.string(), body: z.string(), category: z.string(), priority: z.string(), orderId: z.string().optional() }),
      },
    },
  },
  responses: { 201: jsonResponse('The ticket', ticketView), ...errorResponses(400, 401, 403, 413) },
});
registerOperation({
  method: 'get',
  path: '/api/v1/support/tickets',
  operationId: 'listMySupportTickets',
  tags,
  security: signedIn,
  summary: 'My tickets, newest first (cursor-paginated; filter by status)',
  request: { query: myTicketsQuery },
  responses: { 200: jsonResponse('A page of my tickets', ticketsPage), ...errorResponses(400, 401, 403) },
});
registerOperation({
  method: 'get',
  path: '/api/v1/support/tickets/{id}',
  operationId: 'getMySupportTicket',
  tags,
  security: signedIn,
  summary: 'One of my tickets with its public messages',
  request: { params: ticketParams },
  responses: { 200: jsonResponse('The ticket', ticketView), ...errorResponses(400, 401, 403, 404) },
});
registerOperation({
  method: 'post',
  path: '/api/v1/support/tickets/{id}/messages',
  operationId: 'replyToMySupportTicket',
  tags,
  security: signedIn,
  summary: 'Reply on my ticket (JSON, or multipart with files); a ticket waiting on me or resolved is reopened; a closed one is 409',
  request: { params: ticketParams, body: { content: { ...json(ticketMessageBody).content, ...multipart({ body: z.string() }) } } },
  responses: { 201: jsonResponse('The ticket', ticketView), ...errorResponses(400, 401, 403, 404, 409, 413) },
});
for (const method of ['get', 'post'] as const) {
  registerOperation({
    method,
    path: '/api/v1/support/tickets/{id}/messages/{mid}/attachments/{aid}/url',
    operationId: method === 'get' ? 'getSupportTicketAttachmentUrl' : 'createSupportTicketAttachmentUrl',
    tags,
    security: signedIn,
    summary: 'A short-lived download URL for a file of a public message of my ticket (GET and POST do the same)',
    request: { params: ticketAttachmentParams },
    responses: { 200: jsonResponse('The URL and when it expires', signedUrl), ...errorResponses(400, 401, 403, 404) },
  });
}
