import { errorResponses, jsonResponse, registerOperation, signedIn } from '../../platform/http/openapi.js';
import { z } from '../../platform/http/zod.js';

const bp = (description: string) => z.number().int().openapi({ description });

export const writerProfileView = z
  .object({
    level: z.object({ name: z.string(), rank: z.number().int(), pageCents: z.number().int(), tipShareBp: bp('My share of a tip') }),
    rating: z
      .object({
        count: z.number().int().openapi({ description: 'Approved reviews that count' }),
        average: z.number().nullable().openapi({ description: 'Average rating (0–5, two decimals); null without reviews' }),
      })
      .openapi({ description: 'My rating from clients’ approved reviews' }),
    score: z.object({
      scoreBp: z.number().int().nullable().openapi({ description: 'Composite score of my last evaluation (10,000 = 100 %)' }),
      parts: z
        .record(z.string(), z.object({ valueBp: z.number().int().nullable(), weight: z.number() }))
        .nullable()
        .openapi({ description: 'Each part of the score and the weight it counted with' }),
      evaluatedAt: z.string().nullable().openapi({ format: 'date-time' }),
    }),
    nextLevel: z
      .object({
        name: z.string(),
        thresholds: z.object({
          minCompositeBp: z.number().int(),
          minRatingCenti: z.number().int(),
          minCompletionBp: z.number().int(),
          minCompletedOrders: z.number().int(),
        }),
        toGo: z.object({ compositeBp: z.number().int(), completedOrders: z.number().int() }),
      })
      .nullable(),
    badges: z.array(z.object({ code: z.string(), label: z.string(), awardedAt: z.string().openapi({ format: 'date-time' }) })),
    warnings: z.array(
      z.object({
        id: z.number().int(),
        kind: z.enum(['warning', 'probation', 'suspension']),
        reason: z.string(),
        endsAt: z.string().openapi({ format: 'date-time' }),
      }),
    ),
    restriction: z.object({ kind: z.enum(['probation', 'suspension']), endsAt: z.string().openapi({ format: 'date-time' }) }).nullable(),
    caps: z.object({ maxActiveOrders: z.number().int(), urgentWithinHours: z.number().int(), canTakeNewWork: z.boolean() }),
  })
  .openapi('WriterProfile');

registerOperation({
  method: 'get',
  path: '/api/v1/writer/profile',
  operationId: 'getMyWriterProfile',
  tags: ['writer profile'],
  security: signedIn,
  summary: 'My level, score and its parts, the next level and how far it is, badges, warnings and caps',
  responses: { 200: jsonResponse('My standing as a writer', writerProfileView), ...errorResponses(401, 403) },
});
