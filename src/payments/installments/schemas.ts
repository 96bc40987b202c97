import { errorResponses, json, jsonResponse, registerOperation, signedIn } from '../../platform/http/openapi.js';
import { z } from '../../platform/http/zod.js';
import { PAYMENT_METHODS } from '../rules.js';
import { idempotencyHeader, payResponse } from '../schemas.js';
import { INSTALLMENT_STATUSES, MAX_INSTALLMENTS, MAX_INTERVAL_DAYS, MIN_INSTALLMENTS, PLAN_STATUSES } from './rules.js';

/** Input and output of the installment plans API, registered for /api/openapi.json below. */

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
const dateTime = z.coerce.date({ message: 'must be an ISO date-time' }).openapi({ type: 'string', format: 'date-time' });
const intervalDays = z
  .number()
  .int('must be a whole number of days')
  .min(1, 'must be at least 1')
  .max(MAX_INTERVAL_DAYS, `must be at most ${MAX_INTERVAL_DAYS}`)
  .optional()
  .openapi({ description: 'Days between due dates (default 7)' });
const firstDueAt = dateTime.optional().openapi({ description: 'When the first installment is due (default: a day from now)' });

export const planOrderParams = z.object({ id }).strict();

const proposal = z
  .discriminatedUnion(
    'split',
    [
      z
        .object({
          split: z.literal('equal'),
          count: z.number().int().min(MIN_INSTALLMENTS).max(MAX_INSTALLMENTS),
          intervalDays,
          firstDueAt,
        })
        .strict(),
      z
        .object({
          split: z.literal('percent'),
          percents: z
            .array(z.number().int())
            .min(MIN_INSTALLMENTS)
            .max(MAX_INSTALLMENTS)
            .optional()
            .openapi({ description: 'Whole percentages adding up to 100; default [50, 50] (a 50 % deposit, then the rest)' }),
          intervalDays,
          firstDueAt,
        })
        .strict(),
    ],
    { message: 'split must be equal or percent' },
  )
  .openapi('InstallmentProposal', { description: 'A schedule proposed by rule; the rounding remainder goes on the last installment' });

export const createPlanBody = z
  .object({
    installments: z
      .array(z.object({ amountCents: cents, dueAt: dateTime }).strict())
      .min(MIN_INSTALLMENTS)
      .max(MAX_INSTALLMENTS)
      .optional()
      .openapi({ description: 'An explicit schedule in order of payment; the amounts add up to what the order owes' }),
    proposal: proposal.optional(),
  })
  .strict()
  .openapi('CreateInstallmentPlan', {
    description: 'Give installments or a proposal; neither proposes the default (50 % deposit, then the rest a week later)',
  });

export const cancelPlanBody = z
  .object({ reason: z.string().trim().min(1, 'is required').max(500, 'must be at most 500 characters') })
  .strict();

export const payInstallmentBody = z
  .object({
    method: z.enum(PAYMENT_METHODS, { message: `must be one of ${PAYMENT_METHODS.join(', ')}` }).default('wallet'),
    installmentId: bodyId.optional().openapi({ description: 'The installment meant: must be the next one (guards against paying two)' }),
  })
  .strict()
  .openapi('PayInstallment');

const installmentView = z.object({
  id: z.number().int(),
  sequence: z.number().int(),
  amountCents: z.number().int(),
  dueAt: z.string().openapi({ format: 'date-time' }),
  status: z.enum(INSTALLMENT_STATUSES),
  paidAt: z.string().nullable().openapi({ format: 'date-time' }),
  paymentId: z.number().int().nullable(),
  receiptNumber: z.string().nullable(),
});

export const planView = z
  .object({
    id: z.number().int(),
    orderId: z.number().int(),
    orderNumber: z.string(),
    status: z.enum(PLAN_STATUSES),
    totalCents: z.number().int(),
    paidCents: z.number().int(),
    remainingCents: z.number().int(),
    currency: z.string(),
    nextInstallmentId: z.number().int().nullable(),
    installments: z.array(installmentView),
    createdAt: z.string().openapi({ format: 'date-time' }),
    completedAt: z.string().nullable(),
    canceledAt: z.string().nullable(),
    cancelReason: z.string().nullable(),
    clientId: z.number().int().optional().openapi({ description: 'Staff only' }),
    createdBy: z.number().int().nullable().optional().openapi({ description: 'Staff only' }),
    canceledBy: z.number().int().nullable().optional().openapi({ description: 'Staff only' }),
  })
  .openapi('InstallmentPlan');

const path = '/api/v1/orders/{id}/installment-plan';
const tags = ['payments'];

registerOperation({
  method: 'get',
  path,
  operationId: 'getInstallmentPlan',
  tags,
  security: signedIn,
  summary: "An order's installment plan (the active one, else the latest): my order as a client, any order of the website as staff",
  request: { params: planOrderParams },
  responses: { 200: jsonResponse('The plan', planView), ...errorResponses(400, 401, 403, 404) },
});
registerOperation({
  method: 'post',
  path,
  operationId: 'createInstallmentPlan',
  tags,
  security: signedIn,
  summary: 'Staff: give an order awaiting payment an installment plan (explicit schedule or proposed by rule)',
  request: { params: planOrderParams, body: json(createPlanBody) },
  responses: { 201: jsonResponse('The plan', planView), ...errorResponses(400, 401, 403, 404, 409) },
});
registerOperation({
  method: 'post',
  path: `${path}/cancel`,
  operationId: 'cancelInstallmentPlan',
  tags,
  security: signedIn,
  summary: "Staff: cancel the order's active plan (what it left unpaid stays owed on the order)",
  request: { params: planOrderParams, body: json(cancelPlanBody) },
  responses: { 200: jsonResponse('The canceled plan', planView), ...errorResponses(400, 401, 403, 404, 409) },
});
registerOperation({
  method: 'post',
  path: `${path}/pay`,
  operationId: 'payNextInstallment',
  tags,
  security: signedIn,
  summary:
    'Pay the next installment of my order from my wallet (by card: POST /api/v1/payments/card-intents with purpose installment); the last one releases the order for staffing',
  request: { params: planOrderParams, headers: idempotencyHeader, body: json(payInstallmentBody) },
  responses: {
    201: jsonResponse(
      'Paid: the payment (purpose installment), the order and the plan',
      payResponse.extend({ plan: planView }).openapi('InstallmentPaid'),
    ),
    ...errorResponses(400, 401, 402, 403, 404, 409),
  },
});
