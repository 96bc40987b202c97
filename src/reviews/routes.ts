import { Router } from 'express';
import { actorOf, requireAuth } from '../identity/index.js';
import { parseInput } from '../platform/http/validate.js';
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
import { listMyReviews, publicReviews, publicWriterReviews, serializeMyReview } from './service/queries.js';

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

/** /public/reviews and /public/writers/:penName/reviews: no sign-in; the website is the request's (Host). */
export function publicReviewsRouter(): Router {
  const router = Router();
  router.get('/reviews', async (req, res) => {
    res.json(await publicReviews(req.website!.id, parseInput(publicReviewsQuery, req.query, 'query')));
  });
  router.get('/writers/:penName/reviews', async (req, res) => {
    const { penName } = parseInput(penNameParams, req.params, 'path');
    res.json(await publicWriterReviews(req.website!.id, penName, parseInput(writerReviewsQuery, req.query, 'query')));
  });
  return router;
}
