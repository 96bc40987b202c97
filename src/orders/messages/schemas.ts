import { errorResponses, json, jsonResponse, registerOperation, signedIn } from '../../platform/http/openapi.js';
import { MAX_PAGE_SIZE } from '../../platform/http/pagination.js';
import { z } from '../../platform/http/zod.js';
import { MAX_BODY_LENGTH, MESSAGE_RULE_ACTIONS, MESSAGE_STATUSES, THREAD_KINDS } from './rules.js';

/** Input and output of the order messages API, registered for /api/openapi.json below. */

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const kind = z.enum(THREAD_KINDS, { message: `must be one of ${THREAD_KINDS.join(', ')}` });

export const threadsParams = z.object({ id }).strict();
export const threadParams = z.object({ id, kind }).strict();
export const messageParams = z.object({ id, kind, mid: id }).strict();
export const attachmentParams = z.object({ id, kind, mid: id, aid: id }).strict();
export const ruleParams = z.object({ ruleId: id }).strict();

export const pageQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(30),
    cursor: z.string().max(500).optional(),
  })
  .strict();

export const postMessageBody = z
  .object({
    body: z
      .string({ message: 'is required' })
      .max(MAX_BODY_LENGTH, `must be at most ${MAX_BODY_LENGTH} characters`)
      .refine((s) => s.trim().length > 0, 'must not be empty'),
  })
  .strict()
  .openapi('NewOrderMessage', { example: { body: 'Could you add two more sources on the economy?' } });

const ruleFields = {
  pattern: z.string().trim().min(2, 'must be at least 2 characters').max(200),
  action: z.enum(MESSAGE_RULE_ACTIONS, { message: `must be one of ${MESSAGE_RULE_ACTIONS.join(', ')}` }),
  note: z.string().max(500).nullable().optional(),
};
export const createRuleBody = z
  .object(ruleFields)
  .strict()
  .openapi('MessageRule', { example: { pattern: 'paypal', action: 'block' } });
export const updateRuleBody = z.object(ruleFields).partial().strict();

// ---- responses ----

const dateTime = z.string().openapi({ format: 'date-time' });
const party = z.enum(['client', 'writer', 'support']);

const attachmentView = z
  .object({ id: z.number().int(), name: z.string(), type: z.string(), contentType: z.string(), sizeBytes: z.number().int() })
  .openapi('MessageAttachment');

const messageBase = {
  id: z.number().int(),
  threadKind: kind,
  body: z.string(),
  status: z.enum(MESSAGE_STATUSES),
  mine: z.boolean(),
  createdAt: dateTime,
  readBy: z.array(party).openapi({ description: 'Which other parties have read it' }),
  attachments: z.array(attachmentView),
};

const publicAuthor = z
  .union([
    z.object({ party: z.literal('client'), registrationId: z.string() }),
    z.object({ party: z.literal('writer'), registrationId: z.string(), penName: z.string().nullable() }),
    z.object({ party: z.literal('support'), name: z.literal('Support') }),
  ])
  .openapi('MessageAuthor', { description: 'Clients and writers see each other by registration ID (and pen name), never names or emails' });

const partyMessage = z
  .object({
    ...messageBase,
    author: publicAuthor,
    screened: z.boolean().openapi({ description: 'Contact details were hidden from the other party' }),
  })
  .openapi('OrderMessage', { description: 'A message as a client or writer sees it' });

const staffMessage = z
  .object({
    ...messageBase,
    author: z.object({
      party,
      userId: z.number().int().nullable(),
      role: z.string(),
      registrationId: z.string().nullable(),
      displayName: z.string().nullable(),
      penName: z.string().nullable(),
    }),
    maskedBody: z.string().nullable().openapi({ description: 'What the other party sees, when contact details were masked' }),
    flags: z.array(z.string().openapi({ example: 'email' })),
    holdReasons: z.array(z.string()),
    reviewedAt: dateTime.nullable(),
  })
  .openapi('StaffOrderMessage', { description: 'A message as staff see it: the original, the masked copy and the screening' });

export const messageView = z.union([partyMessage, staffMessage]).openapi('AnyOrderMessage');

const threadSummary = z
  .object({
    kind,
    canWrite: z.boolean(),
    reason: z.string().nullable().openapi({ description: 'Why not, when canWrite is false' }),
    unread: z.number().int(),
    lastMessageAt: dateTime.nullable(),
  })
  .openapi('MessageThread');

const messageRule = z
  .object({
    id: z.number().int(),
    pattern: z.string(),
    action: z.enum(MESSAGE_RULE_ACTIONS),
    note: z.string().nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .openapi('MessageRuleView');

const signedUrl = z.object({ url: z.string(), expiresAt: dateTime }).openapi('AttachmentUrl');

const tags = ['messages'];

registerOperation({
  method: 'get',
  path: '/api/v1/orders/{id}/threads',
  operationId: 'listOrderThreads',
  tags,
  security: signedIn,
  summary:
    "Who can I write to: the order's threads this user takes part in (client, writer or staff), with unread counts and whether new messages are accepted",
  request: { params: threadsParams },
  responses: {
    200: jsonResponse('{items}', z.object({ items: z.array(threadSummary) }).openapi('MessageThreadList')),
    ...errorResponses(400, 401, 404),
  },
});
registerOperation({
  method: 'get',
  path: '/api/v1/orders/{id}/threads/{kind}/messages',
  operationId: 'listThreadMessages',
  tags,
  security: signedIn,
  summary:
    "A thread's messages, newest first; nextCursor pages back to older ones. Reading marks them read. " +
    'Clients and writers see the other party in client_writer threads by pen name / registration ID, with contact details masked; staff see originals and screening flags.',
  request: { params: threadParams, query: pageQuery },
  responses: {
    200: jsonResponse(
      'A page of messages',
      z.object({ items: z.array(messageView), nextCursor: z.string().nullable() }).openapi('OrderMessagePage'),
    ),
    ...errorResponses(400, 401, 403, 404),
  },
});
registerOperation({
  method: 'post',
  path: '/api/v1/orders/{id}/threads/{kind}/messages',
  operationId: 'postThreadMessage',
  tags,
  security: signedIn,
  summary:
    'Send a message (JSON, or multipart with a body field and up to 5 "files"). In client_writer threads contact details are masked for the other party, ' +
    'messages with links or files are held for staff review, and staff rules may hold or refuse (400 naming body) a message',
  request: {
    params: threadParams,
    body: {
      content: {
        'application/json': { schema: postMessageBody },
        'multipart/form-data': {
          schema: z.object({
            body: z.string(),
            files: z
              .array(z.string().openapi({ format: 'binary' }))
              .max(5)
              .optional(),
          }),
        },
      },
    },
  },
  responses: {
    201: jsonResponse('The message as its author sees it (status held when waiting for review)', messageView),
    ...errorResponses(400, 401, 403, 404, 409, 413),
  },
});
for (const method of ['get', 'post'] as const) {
  registerOperation({
    method,
    path: '/api/v1/orders/{id}/threads/{kind}/messages/{mid}/attachments/{aid}/url',
    operationId: method === 'get' ? 'getMessageAttachmentUrl' : 'createMessageAttachmentUrl',
    tags,
    security: signedIn,
    summary: 'A short-lived download URL for a file sent with a message the user can see (GET and POST do the same)',
    request: { params: attachmentParams },
    responses: { 200: jsonResponse('The URL and when it expires', signedUrl), ...errorResponses(400, 401, 403, 404) },
  });
}
for (const action of ['release', 'reject'] as const) {
  registerOperation({
    method: 'post',
    path: `/api/v1/orders/{id}/threads/{kind}/messages/{mid}/${action}`,
    operationId: action === 'release' ? 'releaseHeldMessage' : 'rejectHeldMessage',
    tags,
    security: signedIn,
    summary:
      action === 'release'
        ? 'Staff: release a held message to the other party'
        : 'Staff: reject a held message (only its author and staff keep seeing it)',
    request: { params: messageParams },
    responses: { 200: jsonResponse('The message as staff see it', messageView), ...errorResponses(400, 401, 403, 404, 409) },
  });
}
registerOperation({
  method: 'get',
  path: '/api/v1/messages/unread',
  operationId: 'getMyUnreadMessages',
  tags,
  security: signedIn,
  summary: 'Unread messages across my orders: a total and the orders that have some',
  responses: {
    200: jsonResponse(
      'The total and the orders with unread messages (at most 50, most recent first)',
      z
        .object({
          total: z.number().int(),
          orders: z.array(z.object({ orderId: z.number().int(), orderNumber: z.string(), unread: z.number().int() })),
        })
        .openapi('UnreadMessages'),
    ),
    ...errorResponses(401),
  },
});
registerOperation({
  method: 'get',
  path: '/api/v1/messages/held',
  operationId: 'listHeldMessages',
  tags,
  security: signedIn,
  summary: 'Staff: the review queue of held client<->writer messages, oldest first',
  request: { query: pageQuery },
  responses: {
    200: jsonResponse(
      'A page of held messages',
      z
        .object({ items: z.array(z.object({ orderId: z.number().int(), message: messageView })), nextCursor: z.string().nullable() })
        .openapi('HeldMessagePage'),
    ),
    ...errorResponses(400, 401, 403),
  },
});
registerOperation({
  method: 'get',
  path: '/api/v1/messages/rules',
  operationId: 'listMessageRules',
  tags,
  security: signedIn,
  summary: "Staff: the website's hold/block rules for client<->writer messages",
  responses: {
    200: jsonResponse('{items}', z.object({ items: z.array(messageRule) }).openapi('MessageRuleList')),
    ...errorResponses(401, 403),
  },
});
registerOperation({
  method: 'post',
  path: '/api/v1/messages/rules',
  operationId: 'createMessageRule',
  tags,
  security: signedIn,
  summary: 'Staff: add a rule (plain text, case-insensitive; hold sends matching messages to review, block refuses them)',
  request: { body: json(createRuleBody) },
  responses: { 201: jsonResponse('The rule', messageRule), ...errorResponses(400, 401, 403, 409) },
});
registerOperation({
  method: 'patch',
  path: '/api/v1/messages/rules/{ruleId}',
  operationId: 'updateMessageRule',
  tags,
  security: signedIn,
  summary: 'Staff: change a rule',
  request: { params: ruleParams, body: json(updateRuleBody) },
  responses: { 200: jsonResponse('The rule', messageRule), ...errorResponses(400, 401, 403, 404, 409) },
});
registerOperation({
  method: 'delete',
  path: '/api/v1/messages/rules/{ruleId}',
  operationId: 'deleteMessageRule',
  tags,
  security: signedIn,
  summary: 'Staff: remove a rule',
  request: { params: ruleParams },
  responses: { 204: { description: 'Removed' }, ...errorResponses(400, 401, 403, 404) },
});
