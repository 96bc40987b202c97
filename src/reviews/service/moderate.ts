import { recordAudit } from '../../audit/index.js';
import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { currentTransaction, inTransaction } from '../../platform/database.js';
import { AppError, Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.js';
import { Review } from '../models.js';
import { canModerateReview, reviewRoleOf } from '../policy.js';
import { decideReviewTransition, REVIEW_TRANSITIONS, type ReviewTransitionName } from '../rules.js';
import { recordReviewModerated } from './events.js';
import { applyRatingChange } from './ratings.js';

/**
 * Moderation (RULES.md "Reviews and messages"): staff of the review's website approve, reject,
 * flag, shadow or publish it, each move checked against the transitions table (rules.ts) under
 * the review's row lock, with its reason recorded on the review and in the audit row, and the
 * writer's and website's rating totals changed in the same transaction.
 */

const MAX_REASON = 2000;

function reasonOf(transition: ReviewTransitionName, reason: unknown): string | null {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text.length > MAX_REASON) throw ValidationFailed({ reason: `must be at most ${MAX_REASON} characters` });
  if (!text && REVIEW_TRANSITIONS[transition].reasonRequired)
    throw ValidationFailed({ reason: 'is required' }, `A reason is required to ${transition} a review`);
  return text || null;
}

async function lockVisibleReview(actor: Actor, reviewId: number): Promise<Review> {
  const review = Number.isSafeInteger(reviewId) ? await Review.findByPk(reviewId, { lock: currentTransaction()!.LOCK.UPDATE }) : null;
  if (!review || !canModerateReview(actor, review)) throw NotFound('Review');
  return review;
}

export async function moderateReview(actor: Actor, reviewId: number, transition: ReviewTransitionName, reason?: unknown): Promise<Review> {
  const role = reviewRoleOf(actor);
  if (!role) throw Forbidden('Only staff moderate reviews');
  if (!(transition in REVIEW_TRANSITIONS)) throw ValidationFailed({ action: 'is not a moderation action' });
  const why = reasonOf(transition, reason);
  return inTransaction(async () => {
    const review = await lockVisibleReview(actor, reviewId);
    const decision = decideReviewTransition({ transition, status: review.status, visibility: review.visibility, role });
    if (!decision.ok) {
      if (decision.reason === 'not_allowed_for_role') throw Forbidden(decision.message);
      throw Conflict(decision.message, { currentStatus: review.status, currentVisibility: review.visibility });
    }
    const before = { status: review.status, visibility: review.visibility, moderationReason: review.moderationReason };
    await review.update({
      status: decision.status,
      visibility: decision.visibility,
      moderationReason: why ?? (transition === 'approve' ? null : review.moderationReason),
      moderatedBy: actor.userId,
      moderatedAt: clock.now(),
    });
    const delta = await applyRatingChange(review, before, decision);
    await recordAudit(actor, {
      action: `review.${transition}`,
      targetType: 'review',
      targetId: review.id,
      websiteId: review.websiteId,
      before,
      after: {
        status: review.status,
        visibility: review.visibility,
        moderationReason: review.moderationReason,
        ...(delta.count ? { ratingChange: delta } : {}),
      },
      ...(why ? { reason: why } : {}),
    });
    await recordReviewModerated(actor, review, transition);
    return review;
  });
}

export const approveReview = (actor: Actor, id: number, reason?: unknown) => moderateReview(actor, id, 'approve', reason);
export const rejectReview = (actor: Actor, id: number, reason: unknown) => moderateReview(actor, id, 'reject', reason);
export const flagReview = (actor: Actor, id: number, reason: unknown) => moderateReview(actor, id, 'flag', reason);
export const shadowReview = (actor: Actor, id: number, reason: unknown) => moderateReview(actor, id, 'shadow', reason);
export const publishReview = (actor: Actor, id: number, reason?: unknown) => moderateReview(actor, id, 'publish', reason);

export interface BulkModerationResult {
  id: number;
  ok: boolean;
  status?: string;
  error?: { code: string; message: string };
}

/**
 * A bulk decision (bulkApprove, bulkReject): the reason is checked once for all, then each review
 * is moderated in its own transaction, in id order; a refusal of one (another website's, already
 * decided) is reported for it and the others go on. At most 500 at once.
 */
export async function moderateReviews(
  actor: Actor,
  ids: readonly number[],
  transition: 'approve' | 'reject',
  reason?: unknown,
): Promise<BulkModerationResult[]> {
  if (!reviewRoleOf(actor)) throw Forbidden('Only staff moderate reviews');
  reasonOf(transition, reason);
  const unique = [...new Set(ids)].sort((a, b) => a - b).slice(0, 500);
  if (!unique.length) throw ValidationFailed({ recordIds: 'choose at least one review' });
  const results: BulkModerationResult[] = [];
  for (const id of unique) {
    try {
      const review = await moderateReview(actor, id, transition, reason);
      results.push({ id, ok: true, status: review.status });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({ id, ok: false, error: { code: err.code, message: err.message } });
    }
  }
  return results;
}
