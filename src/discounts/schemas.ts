import { errorResponses, json, jsonResponse, registerOperation, tokenOptional } from '../platform/http/openapi.js';
import { z } from '../platform/http/zod.js';

/** Input and output of the discounts API, registered for /api/openapi.json below. */

export const validateBody = z
  .object({
    code: z.string().trim().min(1, 'is required').max(40, 'must be at most 40 characters'),
    subtotalCents: z.number().int('must be a whole number of cents').min(0, 'must not be negative').max(100_000_000).optional(),
    orderId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .strict()
  .refine((b) => (b.subtotalCents === undefined) !== (b.orderId === undefined), {
    message: 'give subtotalCents or orderId (one of them)',
    path: ['subtotalCents'],
  })
  .openapi('DiscountValidateRequest', { example: { code: 'SPRING10', subtotalCents: 5_288 } });

const source = z.object({
  source: z.enum(['code', 'first_order', 'loyalty', 'lifetime_spend']),
  code: z.string().optional(),
  amountCents: z.number().int(),
  label: z.string(),
});

export const discountSummarySchema = z
  .object({
    policy: z.enum(['best_only', 'stack']),
    sources: z.array(source),
    totalDiscountCents: z.number().int(),
    totalAfterDiscountsCents: z.number().int(),
  })
  .openapi('DiscountSummary');

export const validateResponse = z
  .object({
    code: z.string(),
    status: z.enum(['applied', 'outranked']),
    message: z.string(),
    amountCents: z.number().int(),
    subtotalCents: z.number().int(),
    discounts: discountSummarySchema,
  })
  .openapi('DiscountValidateResponse');

registerOperation({
  method: 'post',
  path: '/api/v1/discounts/validate',
  operationId: 'validateDiscountCode',
  tags: ['discounts'],
  security: tokenOptional,
  summary:
    'Check a discount code at checkout against a subtotal or one of my drafts: 200 with what it is worth and the discounts that apply ' +
    '(a larger automatic discount may outrank it), or 400 with error.fields.code and error.reason (expired, not_started, unknown…). Writes nothing.',
  request: { body: json(validateBody) },
  responses: {
    200: jsonResponse('The code is valid', validateResponse),
    ...errorResponses(400, 401, 404, 409, 429),
  },
});

/** A discount code as staff create or edit it (the admin form and any future staff API). */
const cents = (max = 100_000_000) => z.number().int('must be a whole number of cents').min(0, 'must not be negative').max(max);
const optionalDate = z.coerce.date({ message: 'must be a date' }).nullable();
export const codeInputSchema = z
  .object({
    code: z
      .string()
      .trim()
      .min(3, 'must be at least 3 characters')
      .max(40, 'must be at most 40 characters')
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'letters, digits, - and _ only'),
    description: z.string().trim().max(500).nullable(),
    kind: z.enum(['percentage', 'fixed'], { message: 'must be percentage or fixed' }),
    percentBp: z
      .number()
      .int('must be whole basis points')
      .min(1, 'must be at least 1 (0.01 %)')
      .max(10_000, 'must be at most 10000 (100 %)')
      .nullable(),
    valueCents: cents().min(1, 'must be at least 1 cent').nullable(),
    capCents: cents().min(1, 'must be at least 1 cent').nullable(),
    validFrom: optionalDate,
    validUntil: optionalDate,
    minSubtotalCents: cents(),
    minLifetimeSpendCents: cents(),
    usageLimitTotal: z.number().int().min(1, 'must be at least 1').max(10_000_000).nullable(),
    usageLimitPerClient: z.number().int().min(1, 'must be at least 1').max(10_000).nullable(),
    /** Client ids or registration IDs; empty = every client. */
    eligibleClients: z.array(z.union([z.number().int().positive(), z.string().trim().min(1).max(16)])).max(1_000),
    firstOrderOnly: z.boolean(),
    active: z.boolean(),
    campaignId: z.number().int().positive().nullable(),
  })
  .partial()
  .strict();

export type CodeInput = z.output<typeof codeInputSchema>;
