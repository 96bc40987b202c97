import { errorResponses, jsonResponse, registerOperation, signedIn } from '../platform/http/openapi.js';
import { z } from '../platform/http/zod.js';
import { paginationQuery } from '../platform/http/pagination.js';
import { EARNING_STATUSES } from './rules.js';

export const earningsQuery = paginationQuery.extend({ status: z.enum(EARNING_STATUSES).optional() }).strict();
export type EarningsQuery = z.infer<typeof earningsQuery>;

const earningView = z
  .object({
    id: z.number().int(),
    orderId: z.number().int(),
    orderNumber: z.string().nullable(),
    status: z.enum(EARNING_STATUSES),
    amountCents: z.number().int(),
    currency: z.string(),
    level: z.string().openapi({ description: 'The writer level of the rate card the order paid by' }),
    baseCents: z.number().int(),
    urgentCents: z.number().int(),
    approvedAt: z.string().openapi({ format: 'date-time' }),
    maturesAt: z.string().openapi({ format: 'date-time' }),
    maturedAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('Earning');

export const earningsPage = z
  .object({
    items: z.array(earningView),
    nextCursor: z.string().nullable(),
    currency: z.string(),
    payableCents: z.number().int().openapi({ description: 'Matured earnings in the ledger, payable to me' }),
    pendingCents: z.number().int().openapi({ description: 'Earned on completed orders and still held until they mature' }),
  })
  .openapi('EarningsPage');

registerOperation({
  method: 'get',
  path: '/api/v1/writer/earnings',
  operationId: 'listMyEarnings',
  tags: ['writer earnings'],
  security: signedIn,
  summary: 'My earnings, newest first (cursor-paginated; filter by status), with my payable balance and what is still held',
  request: { query: earningsQuery },
  responses: { 200: jsonResponse('A page of earnings and my balances', earningsPage), ...errorResponses(400, 401, 403) },
});
