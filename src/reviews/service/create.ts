import { Op } from 'sequelize';
import { recordAudit } from '../../audit/index.js';
import { User } from '../../identity/index.js';
import { Order, screenBody } from '../../orders/index.js';
import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { Conflict, Forbidden, NotFound, ValidationFailed, type FieldErrors } from '../../platform/errors.js';
import { settingsOfWebsite } from '../../tenancy/index.js';
import { Review } from '../models.js';
import { canWriteReview } from '../policy.js';
import {
  MAX_RATING,
  MAX_REVIEW_TEXT,
  MIN_RATING,
  profanityFound,
  REVIEWABLE_ORDER_STATUSES,
  signalReason,
  spamSignals,
  textFingerprint,
  type ReviewTarget,
} from '../rules.js';
import { reviewSettings } from '../settings.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export interface ReviewInput {
  rating: number;
  text?: string | null;
}

function checkedInput(input: ReviewInput): { rating: number; text: string | null } {
  const errors: FieldErrors = {};
  if (!Number.isInteger(input.rating) || input.rating < MIN_RATING || input.rating > MAX_RATING)
    errors.rating = `must be a whole number from ${MIN_RATING} to ${MAX_RATING}`;
  const text = typeof input.text === 'string' ? input.text.trim() : null;
  if (text && text.length > MAX_REVIEW_TEXT) errors.text = `must be at most ${MAX_REVIEW_TEXT} characters`;
  if (Object.keys(errors).length) throw ValidationFailed(errors, 'Invalid review');
  return { rating: input.rating, text: text || null };
}

function mustWrite(actor: Actor): asserts actor is Actor & { userId: number; websiteId: number } {
  if (actor.role === 'writer') throw Forbidden('Writers may not review clients in public');
  if (!canWriteReview(actor)) throw Forbidden('Only clients write reviews');
}

/**
 * The review's spam signals (rules.ts spamSignals) from what is known now: the text's screening
 * (links, contact details), the same text from another account recently, the account's bursts,
 * the website's profanity list. Any signal sends it to the flagged queue with its reasons.
 */
async function judge(actor: Actor & { userId: number; websiteId: number }, text: string | null) {
  const settings = reviewSettings.of(await settingsOfWebsite(actor.websiteId));
  const now = clock.now();
  const fingerprint = textFingerprint(text);
  const repeatedText =
    fingerprint !== null &&
    (await Review.count({
      where: {
        websiteId: actor.websiteId,
        textFingerprint: fingerprint,
        reviewerId: { [Op.ne]: actor.userId },
        createdAt: { [Op.gte]: new Date(now.getTime() - settings.reviewRepeatDays * DAY_MS) },
      },
    })) > 0;
  const recentByAccount = await Review.count({
    where: { reviewerId: actor.userId, createdAt: { [Op.gte]: new Date(now.getTime() - settings.reviewBurstMinutes * MINUTE_MS) } },
  });
  const profanity = profanityFound(text, settings.reviewProfanity);
  const signals = spamSignals(
    { screening: text ? screenBody(text).flags : [], repeatedText, recentByAccount, profanity },
    { burstLimit: settings.reviewBurstLimit },
  );
  return { fingerprint, signals, reason: signals.length ? signalReason(signals, profanity) : null };
}

async function createReview(
  actor: Actor & { userId: number; websiteId: number },
  target: ReviewTarget,
  order: Order | null,
  input: { rating: number; text: string | null },
): Promise<Review> {
  const { fingerprint, signals, reason } = await judge(actor, input.text);
  const review = await Review.create({
    websiteId: actor.websiteId,
    reviewerId: actor.userId,
    target,
    orderId: order?.id ?? null,
    writerId: target === 'writer' ? order!.writerId! : null,
    rating: input.rating,
    text: input.text,
    textFingerprint: fingerprint,
    status: signals.length ? 'flagged' : 'pending',
    signals,
    moderationReason: reason,
  });
  await recordAudit(actor, {
    action: 'review.create',
    targetType: 'review',
    targetId: review.id,
    websiteId: review.websiteId,
    after: { target, orderId: review.orderId, writerId: review.writerId, rating: review.rating, status: review.status, signals },
    ...(reason ? { reason } : {}),
  });
  return review;
}

/** One per reviewer per target (RULES.md); the unique indexes hold it under races too (a 409 either way). */
async function refuseSecond(actor: { userId: number; websiteId: number }, target: ReviewTarget, order: Order | null): Promise<void> {
  const where =
    target === 'order'
      ? { reviewerId: actor.userId, target, orderId: order!.id }
      : target === 'writer'
        ? { reviewerId: actor.userId, target, writerId: order!.writerId! }
        : { reviewerId: actor.userId, target, websiteId: actor.websiteId };
  const existing = await Review.findOne({ where, attributes: ['id'] });
  if (existing) {
    const what = target === 'order' ? 'this order' : target === 'writer' ? 'this writer' : 'this website';
    throw Conflict(`You have reviewed ${what} already: one review per target`, { reviewId: existing.id });
  }
}

/**
 * A client reviews their completed order, or its writer (POST /orders/:id/reviews). Another
 * client's order, or one on another website, is not found; an order not completed is a 409 with
 * its status; a second review of the same order (or writer) is a 409.
 */
export async function reviewOrder(actor: Actor, orderId: number, input: ReviewInput & { target: 'order' | 'writer' }): Promise<Review> {
  mustWrite(actor);
  if (input.target !== 'order' && input.target !== 'writer') throw ValidationFailed({ target: 'must be order or writer' });
  const checked = checkedInput(input);
  return inTransaction(async (transaction) => {
    // The reviewer's row serialises their reviews: bursts and the one-per-target check hold under concurrent requests.
    await User.findByPk(actor.userId, { lock: transaction.LOCK.UPDATE, attributes: ['id'] });
    const order = await Order.findOne({ where: { id: orderId, websiteId: actor.websiteId, clientId: actor.userId } });
    if (!order) throw NotFound('Order');
    if (!(REVIEWABLE_ORDER_STATUSES as readonly string[]).includes(order.status))
      throw Conflict('Only a completed order can be reviewed', { currentStatus: order.status });
    if (input.target === 'writer' && order.writerId === null)
      throw Conflict('This order has no writer to review', { currentStatus: order.status });
    await refuseSecond(actor, input.target, order);
    const review = await createReview(actor, input.target, order, checked);
    // The answer names the order and the writer as the author's list does (serializeMyReview reads them).
    const writer = review.writerId !== null ? await User.findByPk(review.writerId, { attributes: ['id', 'penName'] }) : null;
    return Object.assign(review, { order, writer });
  });
}

/** A client reviews the website (POST /reviews/website), once. */
export async function reviewWebsite(actor: Actor, input: ReviewInput): Promise<Review> {
  mustWrite(actor);
  const checked = checkedInput(input);
  return inTransaction(async (transaction) => {
    await User.findByPk(actor.userId, { lock: transaction.LOCK.UPDATE, attributes: ['id'] });
    await refuseSecond(actor, 'website', null);
    return createReview(actor, 'website', null, checked);
  });
}
