import { errorResponses, json, jsonResponse, open, registerOperation, tokenOptional } from '../platform/http/openapi.js';
import { z } from '../platform/http/zod.js';
import { discountSummarySchema } from '../discounts/index.js';
import { SPACINGS } from './rules.js';

/** Input and output of the pricing API, registered for /api/openapi.json below. */

const code = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9_]+$/, 'must be a code like research_paper');
const count = (max: number) => z.number().int('must be a whole number').min(0, 'must not be negative').max(max, `must be at most ${max}`);

export const quoteBody = z
  .object({
    pages: z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000, 'must be at most 10000'),
    deadlineHours: z.number().positive('must be positive').max(100_000).optional(),
    deadline: z.coerce.date({ message: 'must be an ISO date-time' }).optional(),
    spacing: z.enum(SPACINGS).optional(),
    paperType: code.optional(),
    workType: code.optional(),
    academicLevel: code.optional(),
    subject: code.optional(),
    slides: count(10_000).optional(),
    charts: count(10_000).optional(),
    writerLevel: code.optional(),
    preferredWriter: z.boolean().optional(),
    extraServices: z.array(code).max(20).optional(),
    /** A discount code to try: the answer shows the discounts that apply (exact quotes only). */
    discountCode: z.string().trim().min(1).max(40, 'must be at most 40 characters').optional(),
  })
  .strict()
  .refine((b) => b.deadlineHours !== undefined || b.deadline !== undefined, {
    message: 'give deadlineHours or deadline',
    path: ['deadlineHours'],
  })
  .refine((b) => !(b.deadlineHours !== undefined && b.deadline !== undefined), {
    message: 'give deadlineHours or deadline, not both',
    path: ['deadline'],
  })
  .openapi('QuoteRequest', {
    example: { pages: 3, deadlineHours: 72, academicLevel: 'undergraduate', paperType: 'essay', subject: 'history' },
  });

/**
 * quoteBody compiled by zod into one generated function (z.compile): ~7× faster on a valid body,
 * and any body it does not accept is parsed again by the schema itself, so refusals and their
 * messages are exactly quoteBody's. quoteBody stays the one registered for OpenAPI.
 */
export const quoteBodyParser = z.compile(quoteBody);

export const quoteLineSchema = z
  .object({
    code: z.string(),
    label: z.string(),
    amountCents: z.number().int(),
    runningCents: z.number().int().optional(),
    multiplierBp: z.number().int().optional(),
  })
  .openapi('QuoteLine');
export const deadlineBandSchema = z.object({ maxHours: z.number(), multiplierBp: z.number().int() }).openapi('DeadlineBand');
const line = quoteLineSchema;
const band = deadlineBandSchema;
export const tightDeadlineWarningSchema = z
  .object({ message: z.string(), suggestedDeadlineHours: z.number().int() })
  .openapi('TightDeadlineWarning');
const warning = tightDeadlineWarningSchema.nullable();

export const quoteResponse = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('exact'),
      priceListVersion: z.number().int(),
      currency: z.string(),
      totalCents: z.number().int(),
      lines: z.array(line),
      deadlineBand: band,
      warning,
      discounts: discountSummarySchema
        .extend({
          code: z
            .object({
              code: z.string(),
              status: z.enum(['applied', 'outranked', 'refused']),
              reason: z.string().optional(),
              message: z.string(),
              amountCents: z.number().int().optional(),
            })
            .nullable(),
        })
        .optional(),
    }),
    z.object({
      kind: z.literal('estimate'),
      priceListVersion: z.number().int(),
      currency: z.string(),
      minCents: z.number().int(),
      maxCents: z.number().int(),
      deadlineBand: band,
      warning,
      openChoices: z.array(z.string()),
    }),
  ])
  .openapi('Quote');

const pricedOption = z.object({ code: z.string(), name: z.string(), multiplierBp: z.number().int() }).openapi('PricedOption');

export const pricingOptionsResponse = z
  .object({
    priceListVersion: z.number().int(),
    currency: z.string().openapi({ example: 'USD' }),
    basePerPageCents: z.number().int(),
    minChargeCents: z.number().int(),
    slidePriceCents: z.number().int(),
    chartPriceCents: z.number().int(),
    preferredWriterFeeCents: z.number().int(),
    spacings: z.array(z.enum(SPACINGS)),
    paperTypes: z.array(pricedOption),
    workTypes: z.array(pricedOption),
    academicLevels: z.array(pricedOption),
    subjectCategories: z.array(pricedOption),
    subjects: z.array(z.object({ code: z.string(), name: z.string(), categoryCode: z.string(), multiplierBp: z.number().int() })),
    deadlineBands: z.array(band),
    writerLevels: z.array(z.object({ code: z.string(), name: z.string(), feeCents: z.number().int() })),
    extraServices: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        pricing: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('fixed'), amountCents: z.number().int() }),
          z.object({ kind: z.literal('percent'), bp: z.number().int() }),
        ]),
      }),
    ),
    limits: z.object({
      minPages: z.number().int(),
      maxPages: z.number().int(),
      maxSlides: z.number().int(),
      maxCharts: z.number().int(),
      minDeadlineHours: z.number(),
      maxDeadlineHours: z.number(),
    }),
  })
  .openapi('PricingOptions');

registerOperation({
  method: 'post',
  path: '/api/v1/pricing/quote',
  operationId: 'quotePrice',
  tags: ['pricing'],
  security: tokenOptional,
  summary: 'Price an order: an exact line-by-line quote, or a range when paper type, level or subject are left open',
  request: { body: json(quoteBody) },
  responses: {
    200: jsonResponse('The quote, amounts in cents', quoteResponse),
    ...errorResponses(400, 401, 404, 413, 429),
  },
});

registerOperation({
  method: 'get',
  path: '/api/v1/pricing/options',
  operationId: 'getPricingOptions',
  tags: ['pricing'],
  security: open,
  summary: 'What a client can choose on this website, with the active price list version',
  responses: { 200: jsonResponse('Active options and limits', pricingOptionsResponse), ...errorResponses(404) },
});
