import { errorResponses, json, jsonResponse, registerOperation, signedIn } from '../../platform/http/openapi.js';
import { z } from '../../platform/http/zod.js';
import { TIP_STATUSES } from './models.js';
import { MIN_TIP_CENTS } from './rules.js';

export const tipParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict();
export const tipBody = z
  .object({ amountCents: z.number().int().min(MIN_TIP_CENTS).max(10_000_000).openapi({ description: 'At least $1' }) })
  .strict();

const idempotencyHeader = z.object({
  'idempotency-key': z.string().max(255).openapi({ description: 'Required: a retry with the same key returns the same tip, once' }),
});

export const tipView = z
  .object({
    id: z.number().int(),
    orderId: z.number().int(),
    status: z.enum(TIP_STATUSES).openapi({ description: 'posted; pending_review over $1,000 (nothing is taken until staff review it)' }),
    amountCents: z.number().int(),
    writerCents: z.number().int().openapi({ description: "The writer's share, by their level" }),
    platformCents: z.number().int(),
    currency: z.string(),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Tip');

registerOperation({
  method: 'post',
  path: '/api/v1/orders/{id}/tips',
  operationId: 'tipWriter',
  tags: ['tips'],
  security: signedIn,
  summary: "Tip my order's writer from my wallet (at least $1, at most 25 tips a day; over $1,000 waits for staff review)",
  request: { params: tipParams, headers: idempotencyHeader, body: json(tipBody) },
  responses: { 201: jsonResponse('The tip', tipView), ...errorResponses(400, 401, 402, 403, 404, 409, 429) },
});
