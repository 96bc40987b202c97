import { errorResponses, jsonResponse, open, registerOperation, signedIn } from '../../platform/http/openapi.js';
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
  .object({
    url: z.string().openapi({ example: '/api/v1/files/download?k=…&e=…&s=…' }),
    expiresAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('SignedUrl');

const tags = ['order files'];

registerOperation({
  method: 'post',
  path: '/api/v1/orders/{id}/files',
  operationId: 'uploadOrderFile',
  tags,
  security: signedIn,
  summary:
    'Add a file to an order (multipart: `file` and `category`). Clients add instructions and revision notes; ' +
    'the current writer drafts, finals and revisions while working; staff anything. Size and types per website; content sniffed.',
  request: { params: orderFilesParams, body: { content: { 'multipart/form-data': { schema: uploadForm } } } },
  responses: { 201: jsonResponse('The file', orderFileView), ...errorResponses(400, 401, 403, 404, 409, 413) },
});
registerOperation({
  method: 'get',
  path: '/api/v1/orders/{id}/files',
  operationId: 'listOrderFiles',
  tags,
  security: signedIn,
  summary: "The order's files the caller may see, newest first",
  request: { params: orderFilesParams },
  responses: {
    200: jsonResponse('{items}', z.object({ items: z.array(orderFileView) }).openapi('OrderFileList')),
    ...errorResponses(400, 401, 404),
  },
});
for (const method of ['post', 'get'] as const) {
  registerOperation({
    method,
    path: '/api/v1/orders/{id}/files/{fileId}/url',
    operationId: method === 'post' ? 'createOrderFileUrl' : 'getOrderFileUrl',
    tags,
    security: signedIn,
    summary:
      'A short-lived download URL for one file (POST and GET do the same). Final work reaches the client once the order is paid in full.',
    request: { params: orderFileParams },
    responses: { 200: jsonResponse('The URL and when it expires', signedUrlView), ...errorResponses(400, 401, 404) },
  });
}
registerOperation({
  method: 'delete',
  path: '/api/v1/orders/{id}/files/{fileId}',
  operationId: 'deleteOrderFile',
  tags,
  security: signedIn,
  summary: 'Delete a file (staff; or its uploader while they could still add it). Kept for the audit trail.',
  request: { params: orderFileParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 401, 403, 404, 409) },
});
registerOperation({
  method: 'get',
  path: '/api/v1/files/download',
  operationId: 'downloadSignedFile',
  tags,
  security: open,
  summary:
    'Downloads a file through a signed URL from the endpoints above (local storage); the URL is the credential. Expired or altered links: 403.',
  request: {
    query: z.object({ k: z.string(), n: z.string(), t: z.string(), w: z.string(), e: z.string(), s: z.string() }),
  },
  responses: {
    200: {
      description: 'The bytes, as an attachment, with the type sniffed at upload',
      content: { '*/*': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...errorResponses(403, 404),
  },
});
