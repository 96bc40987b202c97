import { errorResponses, json, jsonResponse, open, registerOperation, signedIn } from '../platform/http/openapi.js';
import { paginationQuery } from '../platform/http/pagination.js';
import { z } from '../platform/http/zod.js';
import { MAX_RATING, MAX_REVIEW_TEXT, MIN_RATING, REVIEW_TARGETS } from './rules.js';

/** The reviews API: its shapes, registered for /api/openapi.json. */

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const orderReviewParams = z.object({ id }).strict();
export const penNameParams = z.object({ penName: z.string().trim().min(1).max(80) }).strict();

const rating = z
  .number()
  .int('must be a whole number')
  .min(MIN_RATING, `must be ${MIN_RATING} to ${MAX_RATING}`)
  .max(MAX_RATING, `must be ${MIN_RATING} to ${MAX_RATING}`)
  .openapi({ description: 'Whole stars, 0 to 5' });
const text = z.string().max(MAX_REVIEW_TEXT, `must be at most ${MAX_REVIEW_TEXT} characters`).nullable().optional();

export const orderReviewBody = z
  .object({
    target: z.enum(['order', 'writer']).openapi({ description: 'The order itself, or the writer who wrote it' }),
    rating,
    text,
  })
  .strict()
  .openapi('OrderReviewInput', { example: { target: 'writer', rating: 5, text: 'Careful work, delivered early.' } });

export const websiteReviewBody = z
  .object({ rating, text })
  .strict()
  .openapi('WebsiteReviewInput', { example: { rating: 4, text: 'Easy to order, quick support.' } });

export const myReviewsQuery = paginationQuery.strict();
export const publicReviewsQuery = paginationQuery.extend({ target: z.enum(REVIEW_TARGETS).optional() }).strict();
export const writerReviewsQuery = paginationQuery.strict();

const dateTime = z.string().openapi({ format: 'date-time' });

export const myReview = z
  .object({
    id: z.number().int(),
    target: z.enum(REVIEW_TARGETS),
    orderId: z.number().int().nullable(),
    orderNumber: z.string().nullable(),
    writerPenName: z.string().nullable(),
    rating: z.number().int(),
    text: z.string().nullable(),
    status: z
      .enum(['pending', 'approved', 'rejected'])
      .openapi({ description: 'pending until a moderator decides; approved ones are published' }),
    createdAt: dateTime,
  })
  .openapi('MyReview');

const myReviewsPage = z.object({ items: z.array(myReview), nextCursor: z.string().nullable() }).openapi('MyReviewsPage');

const ratingView = z
  .object({
    count: z.number().int(),
    average: z.number().nullable().openapi({ description: 'Two decimals; null without reviews' }),
  })
  .openapi('Rating');

const publicReview = z
  .object({
    id: z.number().int(),
    target: z.enum(REVIEW_TARGETS),
    rating: z.number().int(),
    text: z.string().nullable(),
    writerPenName: z.string().nullable().openapi({ description: 'For a review of a writer' }),
    createdAt: dateTime,
  })
  .openapi('PublicReview');

const publicReviewsPage = z
  .object({ rating: ratingView, items: z.array(publicReview), nextCursor: z.string().nullable() })
  .openapi('PublicReviewsPage');
const writerReviewsPage = z
  .object({
    writer: z.object({ penName: z.string() }),
    rating: ratingView,
    items: z.array(publicReview),
    nextCursor: z.string().nullable(),
  })
  .openapi('WriterReviewsPage');

const tags = ['reviews'];
registerOperation({
  method: 'post',
  path: '/api/v1/orders/{id}/reviews',
  operationId: 'reviewOrder',
  tags,
  security: signedIn,
  summary: 'I review my completed order or its writer, once each; it is published once a moderator approves it',
  request: { params: orderReviewParams, body: json(orderReviewBody) },
  responses: { 201: jsonResponse('My review', myReview), ...errorResponses(400, 401, 403, 404, 409) },
});
registerOperation({
  method: 'post',
  path: '/api/v1/reviews/website',
  operationId: 'reviewWebsite',
  tags,
  security: signedIn,
  summary: 'I review the website, once',
  request: { body: json(websiteReviewBody) },
  responses: { 201: jsonResponse('My review', myReview), ...errorResponses(400, 401, 403, 409) },
});
registerOperation({
  method: 'get',
  path: '/api/v1/reviews/mine',
  operationId: 'listMyReviews',
  tags,
  security: signedIn,
  summary: 'My reviews, newest first (cursor-paginated), published or not',
  request: { query: myReviewsQuery },
  responses: { 200: jsonResponse('A page of my reviews', myReviewsPage), ...errorResponses(400, 401, 403) },
});
registerOperation({
  method: 'get',
  path: '/api/v1/public/reviews',
  operationId: 'listPublicReviews',
  tags,
  security: open,
  summary: "The website's published reviews, newest first (cursor-paginated), with its rating",
  request: { query: publicReviewsQuery },
  responses: { 200: jsonResponse('A page of reviews and the rating', publicReviewsPage), ...errorResponses(400, 404) },
});
registerOperation({
  method: 'get',
  path: '/api/v1/public/writers/{penName}/reviews',
  operationId: 'listWriterReviews',
  tags,
  security: open,
  summary: "A writer's published reviews on this website, newest first (cursor-paginated), with their rating",
  request: { params: penNameParams, query: writerReviewsQuery },
  responses: { 200: jsonResponse("A page of the writer's reviews and their rating", writerReviewsPage), ...errorResponses(400, 404) },
});
