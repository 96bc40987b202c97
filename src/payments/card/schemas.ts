import { errorResponses, json, jsonResponse, open, registerOperation, signedIn } from '../../platform/http/openapi.js';
import { z } from '../../platform/http/zod.js';
import { PAYMENT_PURPOSES, PAYMENT_STATUSES } from '../rules.js';

/** Input and output of the card payments API (Stripe PaymentIntents), registered for /api/openapi.json. */

const id = z.coerce.number().int('must be a whole number').positive('must be positive').max(Number.MAX_SAFE_INTEGER);
const bodyId = z
  .number({ message: 'must be a whole number' })
  .int('must be a whole number')
  .positive('must be positive')
  .max(Number.MAX_SAFE_INTEGER);
const cents = z
  .number({ message: 'must be a whole number of cents' })
  .int('must be a whole number of cents')
  .positive('must be more than 0');

export const cardIntentBody = z
  .discriminatedUnion(
    'purpose',
    [
      z
        .object({
          purpose: z.literal('order'),
          orderId: bodyId,
          amountCents: cents.optional().openapi({ description: 'Part of what is owed; absent pays all of it' }),
        })
        .strict(),
      z.object({ purpose: z.literal('deadline_change'), orderId: bodyId, deadlineChangeId: bodyId }).strict(),
      z.object({ purpose: z.literal('revision'), orderId: bodyId, revisionId: bodyId }).strict(),
      z
        .object({
          purpose: z.literal('installment'),
          orderId: bodyId,
          installmentId: bodyId.openapi({
            description: "The next installment of the order's active plan; the amount is the installment's",
          }),
        })
        .strict(),
      z.object({ purpose: z.literal('wallet_topup'), amountCents: cents }).strict(),
    ],
    { message: 'must be one of order, deadline_change, revision, installment, wallet_topup' },
  )
  .openapi('CardIntentRequest');

export const cardPaymentParams = z.object({ paymentId: id }).strict();

export const cardIntentView = z
  .object({
    paymentId: z.number().int(),
    clientSecret: z.string().nullable().openapi({ description: "The PaymentIntent's client secret, for Stripe.js" }),
    amountCents: z.number().int(),
    currency: z.string(),
    status: z.enum(PAYMENT_STATUSES),
  })
  .openapi('CardIntent');

export const cardPaymentStatusView = z
  .object({
    paymentId: z.number().int(),
    purpose: z.enum(PAYMENT_PURPOSES),
    status: z.enum(PAYMENT_STATUSES),
    amountCents: z.number().int(),
    currency: z.string(),
    orderId: z.number().int().nullable(),
    deadlineChangeId: z.number().int().nullable(),
    revisionId: z.number().int().nullable(),
    installmentId: z.number().int().nullable(),
    creditedToWallet: z.boolean().openapi({
      description: "The money went to the client's wallet: its target could no longer take it (order cancelled, installment already paid…)",
    }),
    receiptNumber: z.string().nullable(),
    failureReason: z.string().nullable(),
    intentStatus: z.string().optional().openapi({ description: "Stripe's status of the intent (sync only)" }),
  })
  .openapi('CardPaymentStatus');

export const cardAvailabilityView = z.object({ available: z.boolean(), reason: z.string().nullable() }).openapi('CardAvailability');

const idempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .max(255)
    .optional()
    .openapi({ description: 'A retry with the same key (also after a 503) continues the same payment and gets the same intent' }),
});
const tags = ['payments'];

registerOperation({
  method: 'get',
  path: '/api/v1/payments/card-availability',
  operationId: 'getCardAvailability',
  tags,
  security: open,
  summary: 'Whether card payment is offered on this server, and why not',
  responses: { 200: jsonResponse('Availability', cardAvailabilityView), ...errorResponses(404) },
});
registerOperation({
  method: 'post',
  path: '/api/v1/payments/card-intents',
  operationId: 'createCardIntent',
  tags,
  security: signedIn,
  summary:
    'Start a card payment (an order, a deadline change, a paid revision, an installment, a wallet top-up): a Stripe PaymentIntent whose client secret Stripe.js confirms',
  request: { headers: idempotencyHeader, body: json(cardIntentBody) },
  responses: {
    201: jsonResponse('Started (pending until Stripe confirms)', cardIntentView),
    ...errorResponses(400, 401, 403, 404, 409, 503),
  },
});
registerOperation({
  method: 'get',
  path: '/api/v1/payments/card-intents/{paymentId}',
  operationId: 'getCardPayment',
  tags,
  security: signedIn,
  summary: 'Where one of my card payments stands',
  request: { params: cardPaymentParams },
  responses: { 200: jsonResponse('Status', cardPaymentStatusView), ...errorResponses(400, 401, 403, 404) },
});
registerOperation({
  method: 'post',
  path: '/api/v1/payments/card-intents/{paymentId}/sync',
  operationId: 'syncCardPayment',
  tags,
  security: signedIn,
  summary:
    'After Stripe.js confirmed: ask Stripe and record the payment if it succeeded (the webhook does the same; the first one applies it)',
  request: { params: cardPaymentParams },
  responses: { 200: jsonResponse('Status', cardPaymentStatusView), ...errorResponses(400, 401, 403, 404, 503) },
});
