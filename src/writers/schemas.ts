import { z } from 'zod';
import { bearerAuth, errorResponses, openApiRegistry } from '../platform/http/openapi.js';
import { paginationQuery } from '../platform/http/pagination.js';
import { EARNING_STATUSES } from './rules.js';

export const earningsQuery = paginationQuery.extend({ status: z.enum(EARNING_STATUSES).optional() }).strict();
export type EarningsQuery = z.infer<typeof earningsQuery>;

openApiRegistry.registerPath({
  method: 'get',
  path: '/api/v1/writer/earnings',
  tags: ['writer earnings'],
  security: [{ [bearerAuth.name]: [] }],
  summary: 'My earnings, newest first (cursor-paginated; filter by status), with my payable balance and what is still held',
  request: { query: earningsQuery },
  responses: { 200: { description: '{items, nextCursor, payableCents, pendingCents, currency}' }, ...errorResponses(400, 401, 403) },
});
