import { errorResponses, jsonResponse, open, registerOperation } from '../../platform/http/openapi.js';
import { z } from '../../platform/http/zod.js';

/** The webhook's answer; its body is a Stripe event, verified by signature rather than a schema. */
export const webhookReceiptSchema = z
  .object({
    received: z.literal(true),
    eventId: z.string().openapi({ example: 'evt_1PqX…' }),
    type: z.string().openapi({ example: 'payment_intent.succeeded' }),
    status: z.enum(['received', 'processed', 'failed', 'ignored']),
    duplicate: z.boolean(),
  })
  .openapi('StripeWebhookReceipt');

registerOperation({
  method: 'post',
  path: '/api/v1/payments/stripe/webhook',
  operationId: 'receiveStripeWebhook',
  tags: ['payments'],
  security: open,
  summary: "Stripe's event deliveries (signed with the endpoint's secret; any Host). Stored once per event id, applied exactly once",
  request: {
    headers: z.object({ 'stripe-signature': z.string() }),
    body: {
      content: {
        'application/json': {
          schema: z
            .object({ id: z.string(), type: z.string(), data: z.object({ object: z.record(z.string(), z.unknown()) }) })
            .passthrough(),
        },
      },
    },
  },
  responses: {
    200: jsonResponse('Stored (a failed handler is retried by a job; a redelivery is a duplicate)', webhookReceiptSchema),
    ...errorResponses(400),
  },
});
