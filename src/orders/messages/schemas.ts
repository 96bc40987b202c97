import { bearerAuth, errorResponses, openApiRegistry } from '../../platform/http/openapi.js';
import { MAX_PAGE_SIZE } from '../../platform/http/pagination.js';
import { z } from '../../platform/http/zod.js';
import { MAX_BODY_LENGTH, MESSAGE_RULE_ACTIONS, THREAD_KINDS } from './rules.js';

/** Input of the order messages API, registered for /api/openapi.json below. */

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
    body: z.string({ message: 'is required' }).max(MAX_BODY_LENGTH, `must be at most ${MAX_BODY_LENGTH} characters`)
      .refine((s) => s.trim().length > 0, 'must not be empty'),
  })
  .strict()
  .openapi('NewOrderMessage', { example: { body: 'Could you add two more sources on the economy?' } });

const ruleFields = {
  pattern: z.string().trim().min(2, 'must be at least 2 characters').max(200),
  action: z.enum(MESSAGE_RULE_ACTIONS, { message: `must be one of ${MESSAGE_RULE_ACTIONS.join(', ')}` }),
  note: z.string().max(500).nullable().optional(),
};
export const createRuleBody = z.object(ruleFields).strict().openapi('MessageRule', { example: { pattern: 'paypal', action: 'block' } });
export const updateRuleBody = z.object(ruleFields).partial().strict();

const security = [{ [bearerAuth.name]: [] }];
const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const tags = ['messages'];

openApiRegistry.registerPath({
  method: 'get', path: '/api/v1/orders/{id}/threads', tags, security,
  summary: 'Who can I write to: the order\'s threads this user takes part in (client, writer or staff), with unread counts and whether new messages are accepted',
  request: { params: threadsParams },
  responses: { 200: { description: '{ items: [{ kind, canWrite, reason, unread, lastMessageAt }] }' }, ...errorResponses(401, 404) },
});
openApiRegistry.registerPath({
  method: 'get', path: '/api/v1/orders/{id}/threads/{kind}/messages', tags, security,
  summary: 'A thread\'s messages, newest first; nextCursor pages back to older ones. Reading marks them read. ' +
    'Clients and writers see the other party in client_writer threads by pen name / registration ID, with contact details masked; staff see originals and screening flags.',
  request: { params: threadParams, query: pageQuery },
  responses: { 200: { description: '{ items, nextCursor }' }, ...errorResponses(400, 401, 403, 404) },
});
openApiRegistry.registerPath({
  method: 'post', path: '/api/v1/orders/{id}/threads/{kind}/messages', tags, security,
  summary: 'Send a message (JSON, or multipart with a body field and up to 5 "files"). In client_writer threads contact details are masked for the other party, ' +
    'messages with links or files are held for staff review, and staff rules may hold or refuse (400 naming body) a message',
  request: {
    params: threadParams,
    body: {
      content: {
        'application/json': { schema: postMessageBody },
        'multipart/form-data': { schema: z.object({ body: z.string(), files: z.array(z.string().openapi({ format: 'binary' })).max(5).optional() }) },
      },
    },
  },
  responses: { 201: { description: 'The message as its author sees it (status held when waiting for review)' }, ...errorResponses(400, 401, 403, 404, 409, 413) },
});
openApiRegistry.registerPath({
  method: 'get', path: '/api/v1/orders/{id}/threads/{kind}/messages/{mid}/attachments/{aid}/url', tags, security,
  summary: 'A short-lived download URL for a file sent with a message the user can see (POST works too)',
  request: { params: attachmentParams },
  responses: { 200: { description: '{ url, expiresAt }' }, ...errorResponses(401, 403, 404) },
});
for (const action of ['release', 'reject'] as const) {
  openApiRegistry.registerPath({
    method: 'post', path: `/api/v1/orders/{id}/threads/{kind}/messages/{mid}/${action}`, tags, security,
    summary: action === 'release' ? 'Staff: release a held message to the other party' : 'Staff: reject a held message (only its author and staff keep seeing it)',
    request: { params: messageParams },
    responses: { 200: { description: 'The message as staff see it' }, ...errorResponses(401, 403, 404, 409) },
  });
}
openApiRegistry.registerPath({
  method: 'get', path: '/api/v1/messages/unread', tags, security,
  summary: 'Unread messages across my orders: a total and the orders that have some',
  responses: { 200: { description: '{ total, orders: [{ orderId, orderNumber, unread }] }' }, ...errorResponses(401) },
});
openApiRegistry.registerPath({
  method: 'get', path: '/api/v1/messages/held', tags, security,
  summary: 'Staff: the review queue of held client<->writer messages, oldest first',
  request: { query: pageQuery },
  responses: { 200: { description: '{ items: [{ orderId, message }], nextCursor }' }, ...errorResponses(401, 403) },
});
openApiRegistry.registerPath({
  method: 'get', path: '/api/v1/messages/rules', tags, security,
  summary: 'Staff: the website\'s hold/block rules for client<->writer messages',
  responses: { 200: { description: '{ items }' }, ...errorResponses(401, 403) },
});
openApiRegistry.registerPath({
  method: 'post', path: '/api/v1/messages/rules', tags, security,
  summary: 'Staff: add a rule (plain text, case-insensitive; hold sends matching messages to review, block refuses them)',
  request: { body: json(createRuleBody) },
  responses: { 201: { description: 'The rule' }, ...errorResponses(400, 401, 403, 409) },
});
openApiRegistry.registerPath({
  method: 'patch', path: '/api/v1/messages/rules/{ruleId}', tags, security,
  summary: 'Staff: change a rule', request: { params: ruleParams, body: json(updateRuleBody) },
  responses: { 200: { description: 'The rule' }, ...errorResponses(400, 401, 403, 404, 409) },
});
openApiRegistry.registerPath({
  method: 'delete', path: '/api/v1/messages/rules/{ruleId}', tags, security,
  summary: 'Staff: remove a rule', request: { params: ruleParams },
  responses: { 204: { description: 'Removed' }, ...errorResponses(401, 403, 404) },
});
