import type { Actor } from '../../platform/actor.js';
import { recordEvent } from '../../platform/outbox.js';
import type { Review } from '../models.js';
import type { ReviewTransitionName } from '../rules.js';

/** The outbox event of a moderation decision on a review. */
export const REVIEW_MODERATED_EVENT = 'review.moderated';

/** What a `review.moderated` carries: ids and the move (the moderation reason stays on the review). */
export interface ReviewModeratedPayload {
  reviewId: number;
  reviewerId: number;
  target: string;
  orderId: number | null;
  writerId: number | null;
  transition: ReviewTransitionName;
  status: string;
  visibility: string;
  actorUserId: number | null;
}

export const recordReviewModerated = (actor: Actor, review: Review, transition: ReviewTransitionName): Promise<void> =>
  recordEvent({
    type: REVIEW_MODERATED_EVENT,
    websiteId: review.websiteId,
    payload: {
      reviewId: review.id,
      reviewerId: review.reviewerId,
      target: review.target,
      orderId: review.orderId,
      writerId: review.writerId,
      transition,
      status: review.status,
      visibility: review.visibility,
      actorUserId: actor.userId,
    } satisfies ReviewModeratedPayload,
  });
