import { orderIdParams } from '../../orders/index.js';
import { idempotencyHeader } from '../schemas.js';
import { errorResponses, json, jsonResponse, openApiRegistry, registerOperation, signedIn } from '../../platform/http/openapi.js';
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
    requestedAt: z.string().openapi({ format: 'date-time' }),
    processedAt: z.string().nullable().openapi({ format: 'date-time' }),
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

export const rejectRefundBody = z
  .object({ reason: z.string().trim().min(1, 'is required').max(2000, 'must be at most 2000 characters') })
  .strict();

/** A refund as staff see it: the client's view plus who asked and decided, and what went wrong. */
export const staffRefundSchema = openApiRegistry.register(
  'StaffRefund',
  refundSchema.extend({
    websiteId: z.number().int(),
    clientId: z.number().int(),
    paymentId: z.number().int().nullable(),
    reason: z.string(),
    requestedBy: z.number().int().nullable(),
    approvedBy: z.number().int().nullable(),
    rejectedBy: z.number().int().nullable(),
    rejectedReason: z.string().nullable(),
    stripeRefundId: z.string().nullable(),
    walletTransactionId: z.number().int().nullable(),
    cardTransactionId: z.number().int().nullable(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
  }),
);

const orderRefundsSchema = z
  .object({
    orderId: z.number().int(),
    currency: z.string(),
    refundableCents: z.number().int(),
    items: z
      .array(z.union([staffRefundSchema, refundSchema]))
      .openapi({ description: 'Clients get Refund items, staff StaffRefund items' }),
  })
  .openapi('OrderRefunds');

registerOperation({
  method: 'get',
  path: '/api/v1/orders/{id}/refunds',
  operationId: 'listOrderRefunds',
  tags: ['orders'],
  security: signedIn,
  summary:
    'The refunds of my order and their statuses (pending, approved, processing, processed, failed, rejected), with what remains refundable',
  request: { params: orderIdParams },
  responses: { 200: jsonResponse('The refunds, oldest first', orderRefundsSchema), ...errorResponses(400, 401, 403, 404) },
});
const tags = ['refunds'];
registerOperation({
  method: 'post',
  path: '/api/v1/orders/{id}/refunds',
  operationId: 'requestRefund',
  tags,
  security: signedIn,
  summary: 'Support or an admin asks for a refund (never more than remains refundable; Idempotency-Key honoured). It waits for an admin',
  request: { params: orderIdParams, headers: idempotencyHeader, body: json(requestRefundBody) },
  responses: { 201: jsonResponse('The pending refund', staffRefundSchema), ...errorResponses(400, 401, 403, 404, 409) },
});
registerOperation({
  method: 'post',
  path: '/api/v1/refunds/{id}/approve',
  operationId: 'approveRefund',
  tags,
  security: signedIn,
  summary:
    'An admin approves a pending refund: the wallet part is posted at once, the card part refunded through Stripe (processing until Stripe confirms)',
  request: { params: refundIdParams, headers: idempotencyHeader },
  responses: {
    200: jsonResponse('The refund: processed, or processing with the last error', staffRefundSchema),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});
registerOperation({
  method: 'post',
  path: '/api/v1/refunds/{id}/reject',
  operationId: 'rejectRefund',
  tags,
  security: signedIn,
  summary: 'An admin rejects a pending refund with a reason',
  request: { params: refundIdParams, body: json(rejectRefundBody) },
  responses: { 200: jsonResponse('The rejected refund', staffRefundSchema), ...errorResponses(400, 401, 403, 404, 409) },
});
