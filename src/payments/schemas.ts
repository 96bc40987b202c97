import { deadlineChangeView } from '../orders/deadlines/index.js';
import { revisionView } from '../orders/revisions/index.js';
import { errorResponses, json, jsonResponse, registerOperation, signedIn } from '../platform/http/openapi.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../platform/http/pagination.js';
import { z } from '../platform/http/zod.js';
import { ORDER_STATUSES } from '../orders/index.js';
import { PAYMENT_METHODS, PAYMENT_PURPOSES, PAYMENT_STATUSES } from './rules.js';

/** Input and output of the payments API, registered for /api/openapi.json below. */

const id = z.coerce.number().int('must be a whole number').positive('must be positive').max(Number.MAX_SAFE_INTEGER);
const cents = z
  .number({ message: 'must be a whole number of cents' })
  .int('must be a whole number of cents')
  .positive('must be more than 0');
const date = z.coerce.date({ message: 'must be an ISO date' });

export const orderPayParams = z.object({ id }).strict();
export const deadlineChangePayParams = z.object({ id, changeId: id }).strict();
export const revisionPayParams = z.object({ id, revisionId: id }).strict();
export const paymentIdParams = z.object({ id }).strict();

export const payOrderBody = z
  .object({
    method: z.enum(PAYMENT_METHODS, { message: `must be one of ${PAYMENT_METHODS.join(', ')}` }),
    amountCents: cents.optional().openapi({ description: 'Pay part of what is owed; absent pays everything outstanding' }),
  })
  .strict()
  .openapi('PayOrder');

export const payDeadlineChangeBody = z
  .object({ method: z.enum(PAYMENT_METHODS, { message: `must be one of ${PAYMENT_METHODS.join(', ')}` }).default('wallet') })
  .strict();

export const payRevisionBody = z
  .object({ method: z.enum(PAYMENT_METHODS, { message: `must be one of ${PAYMENT_METHODS.join(', ')}` }).default('wallet') })
  .strict();

const filters = {
  purpose: z.enum(PAYMENT_PURPOSES).optional(),
  method: z.enum(PAYMENT_METHODS).optional(),
  status: z.enum(PAYMENT_STATUSES).optional(),
  from: date.optional().openapi({ description: 'Created at or after' }),
  to: date.optional().openapi({ description: 'Created before' }),
};

export const paymentsQuery = z
  .object({
    limit: z.coerce
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
      .default(DEFAULT_PAGE_SIZE),
    cursor: z.string().max(500).optional(),
    ...filters,
  })
  .strict();

export const staffPaymentsQuery = z.object({ ...filters, clientId: id.optional(), orderId: id.optional() }).strict();

export const paymentView = z
  .object({
    id: z.number().int(),
    purpose: z.enum(PAYMENT_PURPOSES),
    method: z.enum(PAYMENT_METHODS),
    status: z.enum(PAYMENT_STATUSES),
    amountCents: z.number().int(),
    refundedCents: z.number().int(),
    currency: z.string(),
    orderId: z.number().int().nullable(),
    orderNumber: z.string().nullable(),
    deadlineChangeId: z.number().int().nullable().openapi({ description: 'The deadline change it pays (purpose deadline_change)' }),
    revisionId: z.number().int().nullable().openapi({ description: 'The paid revision it pays (purpose revision)' }),
    installmentId: z.number().int().nullable().openapi({ description: 'The installment it pays (purpose installment)' }),
    creditedToWallet: z.boolean().openapi({
      description:
        "Card money its target could no longer take (order cancelled, installment already paid…): it went to the client's wallet",
    }),
    receiptNumber: z.string().nullable(),
    receiptUrl: z.string().nullable(),
    failureReason: z.string().nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    succeededAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('Payment');

export const paymentTotals = z
  .object({ count: z.number().int(), paidCents: z.number().int(), refundedCents: z.number().int(), netCents: z.number().int() })
  .openapi('PaymentTotals');

export const paidOrderView = z
  .object({
    id: z.number().int(),
    number: z.string(),
    status: z.enum(ORDER_STATUSES),
    totalCents: z.number().int().nullable(),
    paidCents: z.number().int(),
    outstandingCents: z.number().int(),
  })
  .openapi('PaidOrder', { description: 'Where the order stands after the payment' });

export const payResponse = z
  .object({
    payment: paymentView,
    order: paidOrderView,
  })
  .openapi('OrderPaid');

/** The Idempotency-Key header of the operations that honour it. */
export const idempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .max(255)
    .optional()
    .openapi({ description: 'Retries with the same key return the first answer; another body with it is a 409' }),
});
const tags = ['payments'];

registerOperation({
  method: 'post',
  path: '/api/v1/orders/{id}/pay',
  operationId: 'payOrder',
  tags,
  security: signedIn,
  summary: 'Pay an order (all or part of what is owed) from my wallet. Card payments: POST /api/v1/payments/card-intents',
  request: { params: orderPayParams, headers: idempotencyHeader, body: json(payOrderBody) },
  responses: { 201: jsonResponse('Paid', payResponse), ...errorResponses(400, 401, 402, 403, 404, 409) },
});
registerOperation({
  method: 'post',
  path: '/api/v1/orders/{id}/deadline-changes/{changeId}/pay',
  operationId: 'payDeadlineChange',
  tags,
  security: signedIn,
  summary: 'Pay a deadline shortening that waits for payment, from my wallet (the new deadline applies at once)',
  request: { params: deadlineChangePayParams, headers: idempotencyHeader, body: json(payDeadlineChangeBody) },
  responses: {
    201: jsonResponse(
      'Paid and applied',
      z.object({ payment: paymentView, change: deadlineChangeView, order: paidOrderView }).openapi('DeadlineChangePaid'),
    ),
    ...errorResponses(400, 401, 402, 403, 404, 409),
  },
});
registerOperation({
  method: 'post',
  path: '/api/v1/orders/{id}/revisions/{revisionId}/pay',
  operationId: 'payRevision',
  tags,
  security: signedIn,
  summary:
    'Pay a paid revision waiting for payment, from my wallet: the order goes back to the writer at once. Card: POST /api/v1/payments/card-intents',
  request: { params: revisionPayParams, headers: idempotencyHeader, body: json(payRevisionBody) },
  responses: {
    201: jsonResponse(
      'Paid: the revision started',
      z.object({ payment: paymentView, revision: revisionView, order: paidOrderView }).openapi('RevisionPaid'),
    ),
    ...errorResponses(400, 401, 402, 403, 404, 409),
  },
});
registerOperation({
  method: 'get',
  path: '/api/v1/payments',
  operationId: 'listMyPayments',
  tags,
  security: signedIn,
  summary: 'My payments (orders, installments, deadline changes, revisions, wallet top-ups), newest first, with totals over the filters',
  request: { query: paymentsQuery },
  responses: {
    200: jsonResponse(
      'A page of payments and the totals',
      z.object({ items: z.array(paymentView), nextCursor: z.string().nullable(), totals: paymentTotals }).openapi('PaymentPage'),
    ),
    ...errorResponses(400, 401, 403),
  },
});
registerOperation({
  method: 'get',
  path: '/api/v1/payments/{id}',
  operationId: 'getMyPayment',
  tags,
  security: signedIn,
  summary: 'One of my payments',
  request: { params: paymentIdParams },
  responses: { 200: jsonResponse('The payment', paymentView), ...errorResponses(400, 401, 403, 404) },
});
registerOperation({
  method: 'get',
  path: '/api/v1/payments/{id}/receipt.pdf',
  operationId: 'getMyPaymentReceipt',
  tags,
  security: signedIn,
  summary: 'The PDF receipt of one of my succeeded payments',
  request: { params: paymentIdParams },
  responses: {
    200: {
      description: 'The receipt, as an attachment',
      content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});
registerOperation({
  method: 'get',
  path: '/api/v1/staff/payments.csv',
  operationId: 'exportPaymentsCsv',
  tags,
  security: signedIn,
  summary: "Staff: the website's payments as CSV with the filters applied and a totals line",
  request: { query: staffPaymentsQuery },
  responses: {
    200: {
      description: 'The CSV, as an attachment',
      content: { 'text/csv': { schema: z.string().openapi({ description: 'One header line, a line per payment, a totals line' }) } },
    },
    ...errorResponses(400, 401, 403),
  },
});
