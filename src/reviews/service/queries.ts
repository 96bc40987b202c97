import { Op, type WhereOptions } from 'sequelize';
import { User } from '../../identity/index.js';
import { Order, screenForCounterparty } from '../../orders/index.js';
import type { Actor } from '../../platform/actor.js';
import { Forbidden, NotFound } from '../../platform/errors.js';
import { decodeCursor, toPage, type Page } from '../../platform/http/pagination.js';
import { Review } from '../models.js';
import type { ReviewTarget } from '../rules.js';
import { ratingOf, ratingTotalsOf, type Rating } from './ratings.js';

/**
 * Reading reviews: the author's own (every one, shadowed included, as its author believes it
 * stands) and the public lists of a website and of a writer (approved and public only, newest
 * first, with the aggregate rating). Public answers never name the client: no id, no
 * registration id, no order — only the rating, the text, the writer's pen name and the date.
 */

/** How a review stands as its author sees it: the moderation's inner states (flagged, shadowed) stay staff's. */
export type AuthorStatus = 'pending' | 'approved' | 'rejected';

export interface MyReviewView {
  id: number;
  target: ReviewTarget;
  orderId: number | null;
  orderNumber: string | null;
  writerPenName: string | null;
  rating: number;
  text: string | null;
  status: AuthorStatus;
  createdAt: string;
}

type WithRefs = Review & { order?: Order | null; writer?: User | null };

/** Flagged reads as pending (still in moderation); a shadowed review reads as approved: only its author sees it. */
const authorStatus = (r: Review): AuthorStatus => (r.status === 'flagged' ? 'pending' : r.status);

export const serializeMyReview = (r: WithRefs): MyReviewView => ({
  id: r.id,
  target: r.target,
  orderId: r.orderId,
  orderNumber: r.order?.number ?? null,
  writerPenName: r.writer?.penName ?? null,
  rating: r.rating,
  text: r.text,
  status: authorStatus(r),
  createdAt: r.createdAt.toISOString(),
});

export interface PublicReviewView {
  id: number;
  target: ReviewTarget;
  rating: number;
  text: string | null;
  writerPenName: string | null;
  createdAt: string;
}

/**
 * An approved text may still carry an email, a phone number or a messenger handle (flagged for
 * contact details, approved by a moderator for its content): the public reads it with them masked,
 * as a counterparty would. Only such a text is screened again (read-models/public-reviews.ts alike).
 */
const serializePublic = (r: WithRefs): PublicReviewView => ({
  id: r.id,
  target: r.target,
  rating: r.rating,
  text: r.signals.includes('contact') ? screenForCounterparty(r.text) : r.text,
  writerPenName: r.writer?.penName ?? null,
  createdAt: r.createdAt.toISOString(),
});

const writerRef = { model: User, as: 'writer', attributes: ['id', 'penName'] };

/** The signed-in client's reviews, newest first (GET /reviews/mine). */
export async function listMyReviews(actor: Actor, query: { limit: number; cursor?: string }): Promise<Page<MyReviewView>> {
  if (actor.role !== 'client' || actor.userId === null || actor.websiteId === null) throw Forbidden('Only clients write reviews');
  const cursor = decodeCursor(query.cursor);
  const rows = await Review.findAll({
    where: { reviewerId: actor.userId, websiteId: actor.websiteId, ...(cursor ? { id: { [Op.lt]: cursor.id } } : {}) },
    include: [{ model: Order, as: 'order', attributes: ['id', 'number'] }, writerRef],
    order: [['id', 'DESC']],
    limit: query.limit + 1,
  });
  return toPage(rows, query.limit, (r) => ({ value: null, id: r.id }), serializeMyReview);
}

export interface PublicReviewsPage extends Page<PublicReviewView> {
  rating: Rating;
}

async function publicPage(where: WhereOptions<Review>, query: { limit: number; cursor?: string }): Promise<Page<PublicReviewView>> {
  const cursor = decodeCursor(query.cursor);
  const rows = await Review.findAll({
    where: { ...where, status: 'approved', visibility: 'public', ...(cursor ? { id: { [Op.lt]: cursor.id } } : {}) },
    attributes: ['id', 'target', 'rating', 'text', 'signals', 'writerId', 'createdAt'],
    include: [writerRef],
    order: [['id', 'DESC']],
    limit: query.limit + 1,
  });
  return toPage(rows, query.limit, (r) => ({ value: null, id: r.id }), serializePublic);
}

/** A website's approved public reviews, newest first, with its rating (GET /public/reviews; no sign-in). */
export async function publicReviews(
  websiteId: number,
  query: { limit: number; cursor?: string; target?: ReviewTarget },
): Promise<PublicReviewsPage> {
  const [page, totals] = await Promise.all([
    publicPage({ websiteId, ...(query.target ? { target: query.target } : {}) }, query),
    ratingTotalsOf('website', websiteId),
  ]);
  return { rating: ratingOf(totals), ...page };
}

export interface WriterReviewsPage extends PublicReviewsPage {
  writer: { penName: string };
}

/** A writer's approved public reviews on this website, with their rating (GET /public/writers/:penName/reviews). */
export async function publicWriterReviews(
  websiteId: number,
  penName: string,
  query: { limit: number; cursor?: string },
): Promise<WriterReviewsPage> {
  const writer = await User.findOne({
    where: { websiteId, role: 'writer', penName },
    attributes: ['id', 'penName'],
    order: [['id', 'ASC']],
  });
  if (!writer) throw NotFound('Writer');
  const [page, totals] = await Promise.all([
    publicPage({ websiteId, target: 'writer', writerId: writer.id }, query),
    ratingTotalsOf('writer', writer.id),
  ]);
  return { writer: { penName: writer.penName! }, rating: ratingOf(totals), ...page };
}
