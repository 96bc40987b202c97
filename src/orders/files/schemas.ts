import { bearerAuth, errorResponses, openApiRegistry } from '../../platform/http/openapi.js';
import { z } from '../../platform/http/zod.js';
import { FILE_CATEGORIES } from './rules.js';

/** Input and output of the order files API, registered for /api/openapi.json below. */

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const orderFilesParams = z.object({ id }).strict();
export const orderFileParams = z.object({ id, fileId: id }).strict();

/** The text fields of the multipart upload (the file itself is the `file` part). */
export const uploadFields = z
  .object({ category: z.enum(FILE_CATEGORIES, { message: `must be one of ${FILE_CATEGORIES.join(', ')}` }) })
  .strict();

const uploadForm = z
  .object({
    file: z.string().openapi({ type: 'string', format: 'binary', description: 'The file; its type is decided by its content' }),
    category: z.enum(FILE_CATEGORIES),
  })
  .openapi('OrderFileUpload');

export const orderFileView = z
  .object({
    id: z.number().int(),
    orderId: z.number().int(),
    category: z.enum(FILE_CATEGORIES),
    name: z.string().openapi({ example: 'instructions.pdf' }),
    type: z.string().openapi({ example: 'pdf' }),
    contentType: z.string().openapi({ example: 'application/pdf' }),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    uploadedBy: z.object({ role: z.string(), you: z.boolean(), userId: z.number().int().nullable().optional() }),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('OrderFile');

export const signedUrlView = z
  .object({ url: z.string().openapi({ example: '/api/v1/files/download?k=…&e=…&s=…' }), expiresAt: z.string().openapi({ format: 'date-time' }) })
  .openapi('SignedUrl');

const security = [{ [bearerAuth.name]: [] }];
const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const tags = ['order files'];

openApiRegistry.registerPath({
  method: 'post', path: '/api/v1/orders/{id}/files', tags, security,
  summary: 'Add a file to an order (multipart: `file` and `category`). Clients add instructions and revision notes; ' +
    'the current writer drafts, finals and revisions while working; staff anything. Size and types per website; content sniffed.',
  request: { params: orderFilesParams, body: { content: { 'multipart/form-data': { schema: uploadForm } } } },
  responses: { 201: { description: 'The file', ...json(orderFileView) }, ...errorResponses(400, 401, 403, 404, 409, 413) },
});
openApiRegistry.registerPath({
  method: 'get', path: '/api/v1/orders/{id}/files', tags, security,
  summary: "The order's files the caller may see, newest first",
  request: { params: orderFilesParams },
  responses: { 200: { description: '{items}', ...json(z.object({ items: z.array(orderFileView) })) }, ...errorResponses(401, 404) },
});
openApiRegistry.registerPath({
  method: 'post', path: '/api/v1/orders/{id}/files/{fileId}/url', tags, security,
  summary: 'A short-lived download URL for one file (GET works too). Final work reaches the client once the order is paid in full.',
  request: { params: orderFileParams },
  responses: { 200: { description: 'The URL and when it expires', ...json(signedUrlView) }, ...errorResponses(401, 404) },
});
openApiRegistry.registerPath({
  method: 'delete', path: '/api/v1/orders/{id}/files/{fileId}', tags, security,
  summary: 'Delete a file (staff; or its uploader while they could still add it). Kept for the audit trail.',
  request: { params: orderFileParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404, 409) },
});
openApiRegistry.registerPath({
  method: 'get', path: '/api/v1/files/download', tags,
  summary: 'Downloads a file through a signed URL from the endpoint above (local storage). Expired or altered links: 403.',
  request: {
    query: z.object({ k: z.string(), n: z.string(), t: z.string(), w: z.string(), e: z.string(), s: z.string() }),
  },
  responses: { 200: { description: 'The bytes, as an attachment' }, ...errorResponses(403, 404) },
});
