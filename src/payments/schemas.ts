import { bearerAuth, errorResponses, openApiRegistry } from '../platform/http/openapi.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../platform/http/pagination.js';
import { z } from '../platform/http/zod.js';
import { PAYMENT_METHODS, PAYMENT_PURPOSES, PAYMENT_STATUSES } from './rules.js';

/** Input and output of the payments API, registered for /api/openapi.json below. */

const id = z.coerce.number().int('must be a whole number').positive('must be positive').max(Number.MAX_SAFE_INTEGER);
const cents = z.number({ message: 'must be a whole number of cents' }).int('must be a whole number of cents').positive('must be more than 0');
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
    limit: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`).default(DEFAULT_PAGE_SIZE),
    cursor: z.string().max(500).optional(),
    ...filters,
  })
  .strict();

export const staffPaymentsQuery = z.object({ ...filters, clientId: id.optional(), orderId: id.optional() }).strict();

const paymentView = z
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
    creditedToWallet: z.boolean().openapi({ description: "Card money its target could no longer take (order cancelled, installment already paid…): it went to the client's wallet" }),
    receiptNumber: z.string().nullable(),
    receiptUrl: z.string().nullable(),
    failureReason: z.string().nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    succeededAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('Payment');

const totals = z.object({ count: z.number().int(), paidCents: z.number().int(), refundedCents: z.number().int(), netCents: z.number().int() }).openapi('PaymentTotals');

export const payResponse = z
  .object({
    payment: paymentView,
    order: z.object({ id: z.number().int(), number: z.string(), status: z.string(), totalCents: z.number().int().nullable(), paidCents: z.number().int(), outstandingCents: z.number().int() }),
  })
  .openapi('OrderPaid');

const security = [{ [bearerAuth.name]: [] }];
const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const idempotencyHeader = z.object({ 'idempotency-key': z.string().max(255).optional().openapi({ description: 'Retries with the same key return the first answer; another body with it is a 409' }) });

openApiRegistry.registerPath({
  method: 'post', path: '/api/v1/orders/{id}/pay', tags: ['payments'], security,
  summary: 'Pay an order (all or part of what is owed) from my wallet. Card payments: POST /api/v1/payments/card-intents',
  request: { params: orderPayParams, headers: idempotencyHeader, body: json(payOrderBody) },
  responses: { 201: { description: 'Paid', ...json(payResponse) }, ...errorResponses(400, 401, 403, 404, 409), 402: { description: 'Not enough in the wallet' } },
});
openApiRegistry.registerPath({
  method: 'post', path: '/api/v1/orders/{id}/deadline-changes/{changeId}/pay', tags: ['payments'], security,
  summary: 'Pay a deadline shortening that waits for payment, from my wallet (the new deadline applies at once)',
  request: { params: deadlineChangePayParams, headers: idempotencyHeader, body: json(payDeadlineChangeBody) },
  responses: { 201: { description: 'Paid and applied' }, ...errorResponses(400, 401, 403, 404, 409), 402: { description: 'Not enough in the wallet' } },
});
openApiRegistry.registerPath({
  method: 'post', path: '/api/v1/orders/{id}/revisions/{revisionId}/pay', tags: ['payments'], security,
  summary: 'Pay a paid revision waiting for payment, from my wallet: the order goes back to the writer at once. Card: POST /api/v1/payments/card-intents',
  request: { params: revisionPayParams, headers: idempotencyHeader, body: json(payRevisionBody) },
  responses: { 201: { description: '{payment, revision, order}' }, ...errorResponses(400, 401, 403, 404, 409), 402: { description: 'Not enough in the wallet' } },
});
openApiRegistry.registerPath({
  method: 'get', path: '/api/v1/payments', tags: ['payments'], security,
  summary: 'My payments (orders, installments, deadline changes, revisions, wallet top-ups), newest first, with totals over the filters',
  request: { query: paymentsQuery },
  responses: { 200: { description: '{items, nextCursor, totals}', ...json(z.object({ items: z.array(paymentView), nextCursor: z.string().nullable(), totals })) }, ...errorResponses(400, 401, 403) },
});
openApiRegistry.registerPath({
  method: 'get', path: '/api/v1/payments/{id}', tags: ['payments'], security,
  summary: 'One of my payments',
  request: { params: paymentIdParams },
  responses: { 200: { description: 'The payment', ...json(paymentView) }, ...errorResponses(401, 403, 404) },
});
openApiRegistry.registerPath({
  method: 'get', path: '/api/v1/payments/{id}/receipt.pdf', tags: ['payments'], security,
  summary: 'The PDF receipt of one of my succeeded payments',
  request: { params: paymentIdParams },
  responses: { 200: { description: 'application/pdf' }, ...errorResponses(401, 403, 404) },
});
openApiRegistry.registerPath({
  method: 'get', path: '/api/v1/staff/payments.csv', tags: ['payments'], security,
  summary: 'Staff: the website\'s payments as CSV with the filters applied and a totals line',
  request: { query: staffPaymentsQuery },
  responses: { 200: { description: 'text/csv' }, ...errorResponses(400, 401, 403) },
});
