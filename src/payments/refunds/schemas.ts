import { orderIdParams } from '../../orders/index.js';
import { bearerAuth, errorResponses, openApiRegistry } from '../../platform/http/openapi.js';
import { z } from '../../platform/http/zod.js';
import { REFUND_DESTINATIONS, REFUND_SOURCES, REFUND_STATUSES } from './rules.js';

/** The refunds API's shapes, registered for /api/openapi.json. */

export const refundSchema = openApiRegistry.register(
  'Refund',
  z.object({
    id: z.number().int(),
    orderId: z.number().int(),
    amountCents: z.number().int(),
    currency: z.string(),
    destination: z.enum(REFUND_DESTINATIONS),
    walletCents: z.number().int(),
    cardCents: z.number().int(),
    source: z.enum(REFUND_SOURCES),
    status: z.enum(REFUND_STATUSES),
    requestedAt: z.string(),
    processedAt: z.string().nullable(),
  }),
);

export const refundIdParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict();

const cents = z.number().int('must be a whole number of cents');
export const requestRefundBody = z
  .object({
    amountCents: cents.positive('must be a positive whole number of cents'),
    destination: z.enum(REFUND_DESTINATIONS),
    walletCents: cents.min(0, 'must be 0 or more').optional(),
    cardCents: cents.min(0, 'must be 0 or more').optional(),
    reason: z.string().trim().min(1, 'is required').max(2000, 'must be at most 2000 characters'),
  })
  .strict()
  .openapi('RefundRequest', { example: { amountCents: 1500, destination: 'wallet', reason: 'Late delivery' } });

export const rejectRefundBody = z.object({ reason: z.string().trim().min(1, 'is required').max(2000, 'must be at most 2000 characters') }).strict();

const orderRefundsSchema = z.object({
  orderId: z.number().int(),
  currency: z.string(),
  refundableCents: z.number().int(),
  items: z.array(refundSchema),
});

openApiRegistry.registerPath({
  method: 'get',
  path: '/api/v1/orders/{id}/refunds',
  tags: ['orders'],
  security: [{ [bearerAuth.name]: [] }],
  summary: 'The refunds of my order and their statuses (pending, approved, processing, processed, failed, rejected), with what remains refundable',
  request: { params: orderIdParams },
  responses: { 200: { description: 'The refunds, oldest first', content: { 'application/json': { schema: orderRefundsSchema } } }, ...errorResponses(401, 404) },
});
const security = [{ [bearerAuth.name]: [] }];
const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } });
openApiRegistry.registerPath({
  method: 'post', path: '/api/v1/orders/{id}/refunds', tags: ['refunds'], security,
  summary: 'Support or an admin asks for a refund (never more than remains refundable; Idempotency-Key honoured). It waits for an admin',
  request: { params: orderIdParams, body: json(requestRefundBody) },
  responses: { 201: { description: 'The pending refund' }, ...errorResponses(400, 401, 403, 404, 409) },
});
openApiRegistry.registerPath({
  method: 'post', path: '/api/v1/refunds/{id}/approve', tags: ['refunds'], security,
  summary: 'An admin approves a pending refund: the wallet part is posted at once, the card part refunded through Stripe (processing until Stripe confirms)',
  request: { params: refundIdParams },
  responses: { 200: { description: 'The refund: processed, or processing with the last error' }, ...errorResponses(400, 401, 403, 404, 409) },
});
openApiRegistry.registerPath({
  method: 'post', path: '/api/v1/refunds/{id}/reject', tags: ['refunds'], security,
  summary: 'An admin rejects a pending refund with a reason',
  request: { params: refundIdParams, body: json(rejectRefundBody) },
  responses: { 200: { description: 'The rejected refund' }, ...errorResponses(400, 401, 403, 404, 409) },
});
