import { errorResponses, json, jsonResponse, registerOperation, signedIn } from '../../platform/http/openapi.js';
import { paginationQuery } from '../../platform/http/pagination.js';
import { z } from '../../platform/http/zod.js';
import {
  PAYOUT_METHODS,
  PAYOUT_REQUEST_KINDS,
  PAYOUT_REQUEST_STATUSES,
  PAYOUT_SCHEDULES,
  PAYOUT_STATUSES,
  PAYOUT_TRIGGERS,
} from './rules.js';

/** The writer payouts API's shapes, registered for /api/openapi.json. */

export const payoutsQuery = paginationQuery.extend({ status: z.enum(PAYOUT_STATUSES).optional() }).strict();
export type PayoutsQuery = z.infer<typeof payoutsQuery>;

export const payoutIdParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict();

export const payoutRequestBody = z
  .object({
    kind: z.enum(PAYOUT_REQUEST_KINDS),
    amountCents: z.number().int('must be a whole number of cents').positive('must be a positive whole number of cents').optional(),
    note: z.string().trim().max(500, 'must be at most 500 characters').optional(),
  })
  .strict()
  .openapi('PayoutRequestInput', { example: { kind: 'advance', amountCents: 2500 } });

const dateTime = (description?: string) => z.string().openapi({ format: 'date-time', ...(description ? { description } : {}) });

const payoutLine = z
  .object({
    id: z.number().int(),
    entryId: z.number().int().openapi({ description: 'The ledger entry on my payable that this line pays out' }),
    transactionId: z.number().int(),
    kind: z.string().openapi({
      description: 'earning, tip, fine, fine_refund, advance, advance_repayment, adjustment, payout_reversal, … (signed amount)',
    }),
    reference: z.object({ type: z.string(), id: z.string() }).nullable(),
    memo: z.string().nullable(),
    amountCents: z.number().int(),
    postedAt: dateTime(),
  })
  .openapi('PayoutLine');

export const payoutView = z
  .object({
    id: z.number().int(),
    status: z.enum(PAYOUT_STATUSES),
    trigger: z.enum(PAYOUT_TRIGGERS),
    schedule: z.enum(PAYOUT_SCHEDULES).nullable(),
    periodStart: dateTime(),
    periodEnd: dateTime(),
    currency: z.string(),
    totalCents: z.number().int(),
    lineCount: z.number().int(),
    paidAt: dateTime().nullable(),
    paymentReference: z.string().nullable(),
    paymentMethod: z.enum(PAYOUT_METHODS).nullable(),
    reversedAt: dateTime().nullable(),
    createdAt: dateTime(),
    lines: z.array(payoutLine),
  })
  .openapi('Payout');

const payoutsPage = z.object({ items: z.array(payoutView), nextCursor: z.string().nullable() }).openapi('PayoutsPage');

export const payoutRequestView = z
  .object({
    id: z.number().int(),
    kind: z.enum(PAYOUT_REQUEST_KINDS),
    status: z.enum(PAYOUT_REQUEST_STATUSES),
    amountCents: z.number().int(),
    currency: z.string(),
    refusalReason: z.string().nullable(),
    payoutId: z.number().int().nullable(),
    createdAt: dateTime(),
    decidedAt: dateTime().nullable(),
  })
  .openapi('PayoutRequest');

const balanceView = z
  .object({
    currency: z.string(),
    payableCents: z.number().int().openapi({ description: 'What I am owed in the ledger, in a payout or not' }),
    availableCents: z.number().int().openapi({ description: 'Owed and not yet in a payout: what the next payout would pay' }),
    inPayoutCents: z.number().int().openapi({ description: 'In payouts built and not yet paid' }),
    pendingCents: z.number().int().openapi({ description: 'Earned on completed orders, held until they mature' }),
    heldCents: z.number().int().openapi({ description: 'Earnings frozen (a dispute, a review)' }),
    outstandingAdvancesCents: z.number().int(),
    advanceAvailableCents: z.number().int().openapi({ description: 'The most I may ask as an advance now' }),
    earlyPayoutThresholdCents: z.number().int(),
    schedule: z.enum(PAYOUT_SCHEDULES),
    nextPayoutAt: dateTime('When my next scheduled payout is built'),
  })
  .openapi('WriterBalance');

const tags = ['writer payouts'];

registerOperation({
  method: 'get',
  path: '/api/v1/writer/payouts',
  operationId: 'listMyPayouts',
  tags,
  security: signedIn,
  summary: 'My payout batches, newest first, each with its lines (cursor-paginated; filter by status)',
  request: { query: payoutsQuery },
  responses: { 200: jsonResponse('A page of payouts', payoutsPage), ...errorResponses(400, 401, 403) },
});

registerOperation({
  method: 'get',
  path: '/api/v1/writer/payouts/{id}',
  operationId: 'getMyPayout',
  tags,
  security: signedIn,
  summary: 'One of my payout batches with its lines',
  request: { params: payoutIdParams },
  responses: { 200: jsonResponse('The payout', payoutView), ...errorResponses(400, 401, 403, 404) },
});

registerOperation({
  method: 'post',
  path: '/api/v1/writer/payout-requests',
  operationId: 'requestPayout',
  tags,
  security: signedIn,
  summary: 'Ask for an early payout (at least the website threshold owed) or an advance (amountCents, within the cap); staff decide',
  request: { body: json(payoutRequestBody) },
  responses: { 201: jsonResponse('The request, pending', payoutRequestView), ...errorResponses(400, 401, 403, 409) },
});

registerOperation({
  method: 'get',
  path: '/api/v1/writer/balance',
  operationId: 'getMyBalance',
  tags,
  security: signedIn,
  summary: 'What I am owed (payable, available, in payouts, pending, held), my advance room and my next payout date',
  responses: { 200: jsonResponse('My balance', balanceView), ...errorResponses(401, 403) },
});
