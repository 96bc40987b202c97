import { Router, type RequestHandler } from 'express';
import { actorOf, requireAuth } from '../identity/index.js';
import { sendJson } from '../platform/http/send-json.js';
import { parseInput } from '../platform/http/validate.js';
import { publicReviewsRead } from './read-models/public-reviews.js';
import {
  myReview,
  myReviewsQuery,
  orderReviewBody,
  orderReviewParams,
  penNameParams,
  publicReviewsQuery,
  websiteReviewBody,
  writerReviewsQuery,
} from './schemas.js';
import { reviewOrder, reviewWebsite } from './service/create.js';
import { listMyReviews, publicWriterReviews, serializeMyReview } from './service/queries.js';

/**
 * The reviews API: POST /orders/:id/reviews (mounted before the orders router's /:id), and
 * /reviews/website, /reviews/mine. The role checks are the service's (a writer gets a 403 naming why).
 */
export function reviewsRouter(): Router {
  const router = Router();
  router.post('/orders/:id/reviews', requireAuth, async (req, res) => {
    const { id } = parseInput(orderReviewParams, req.params, 'path');
    const body = parseInput(orderReviewBody, req.body);
    res.status(201).json(myReview.parse(serializeMyReview(await reviewOrder(actorOf(req), id, body))));
  });
  router.post('/reviews/website', requireAuth, async (req, res) => {
    const body = parseInput(websiteReviewBody, req.body);
    res.status(201).json(myReview.parse(serializeMyReview(await reviewWebsite(actorOf(req), body))));
  });
  router.get('/reviews/mine', requireAuth, async (req, res) => {
    res.json(await listMyReviews(actorOf(req), parseInput(myReviewsQuery, req.query, 'query')));
  });
  return router;
}

/** The path of a website's public reviews, which buildApp mounts itself (see publicReviewsHandlers). */
export const PUBLIC_REVIEWS_PATH = '/api/v1/public/reviews';

/**
 * GET /api/v1/public/reviews, no sign-in, the website the request's (Host): every visitor of a
 * website's reviews page reads it, benchmarked against a bare endpoint (`reviews`). Mounted by
 * buildApp at the app level, as the client's order list, rather than past every router of /api/v1;
 * one statement reads the page and the rating (read-models/public-reviews.ts).
 */
export function publicReviewsHandlers(): RequestHandler[] {
  const list: RequestHandler = async (req, res) => {
    const query = parseInput(publicReviewsQuery, req.query, 'query');
    sendJson(res, await publicReviewsRead(req.website!.id, query));
  };
  return [list];
}

/** /public/writers/:penName/reviews: no sign-in; the website is the request's (Host). (/public/reviews: publicReviewsHandlers.) */
export function publicReviewsRouter(): Router {
  const router = Router();
  router.get('/writers/:penName/reviews', async (req, res) => {
    const { penName } = parseInput(penNameParams, req.params, 'path');
    res.json(await publicWriterReviews(req.website!.id, penName, parseInput(writerReviewsQuery, req.query, 'query')));
  });
  return router;
}
