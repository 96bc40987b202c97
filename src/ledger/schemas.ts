import { errorResponses, jsonResponse, registerOperation, signedIn } from '../platform/http/openapi.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../platform/http/pagination.js';
import { z } from '../platform/http/zod.js';
import { TRANSACTION_KINDS } from './rules.js';

/** Input and output of the wallet API (/api/v1/wallet), registered for /api/openapi.json below. */

export const walletHistoryQuery = z
  .object({
    limit: z.coerce
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
      .default(DEFAULT_PAGE_SIZE),
    cursor: z.string().max(500).optional(),
  })
  .strict();

export const walletResponse = z
  .object({
    currency: z.string().openapi({ example: 'USD' }),
    balanceCents: z.number().int().openapi({ example: 4250 }),
  })
  .openapi('Wallet');

const historyItem = z
  .object({
    entryId: z.number().int(),
    transactionId: z.number().int(),
    kind: z.enum(TRANSACTION_KINDS),
    memo: z.string().nullable(),
    reference: z.object({ type: z.string(), id: z.string() }).nullable(),
    amountCents: z.number().int().openapi({ description: 'Signed: positive money in, negative money out' }),
    balanceAfterCents: z.number().int(),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('WalletHistoryItem');

export const walletHistoryResponse = z.object({ items: z.array(historyItem), nextCursor: z.string().nullable() }).openapi('WalletHistory');

registerOperation({
  method: 'get',
  path: '/api/v1/wallet',
  operationId: 'getMyWallet',
  tags: ['wallet'],
  security: signedIn,
  summary: "My wallet balance in the website's currency (cents)",
  responses: { 200: jsonResponse('The balance', walletResponse), ...errorResponses(401, 403) },
});
registerOperation({
  method: 'get',
  path: '/api/v1/wallet/history',
  operationId: 'listMyWalletHistory',
  tags: ['wallet'],
  security: signedIn,
  summary: 'Money in and out of my wallet, newest first (cursor-paginated)',
  request: { query: walletHistoryQuery },
  responses: { 200: jsonResponse('{items, nextCursor}', walletHistoryResponse), ...errorResponses(400, 401, 403) },
});
