/** The reviews area's public module: code outside src/reviews/ imports from here only (docs/ARCHITECTURE.md). */
export { initReviewModels, Review } from './models.js';
export {
  AWAITING_STATUSES,
  countsInRating,
  REVIEW_STATUSES,
  REVIEW_TARGETS,
  REVIEW_VISIBILITIES,
  reviewTransitionApplies,
  SPAM_SIGNALS,
} from './rules.js';
export type { ReviewStatus, ReviewTarget, ReviewTransitionName, ReviewVisibility, SpamSignal } from './rules.js';
export { PUBLIC_REVIEWS_PATH, publicReviewsHandlers, publicReviewsRouter, reviewsRouter } from './routes.js';
export { reviewSettings } from './settings.js';
export { reviewOrder, reviewWebsite } from './service/create.js';
export {
  approveReview,
  flagReview,
  moderateReview,
  moderateReviews,
  publishReview,
  rejectReview,
  shadowReview,
  type BulkModerationResult,
} from './service/moderate.js';
export { recountRatings, websiteRating, writerRating, writerRatingsOver, type Rating } from './service/ratings.js';
export { REVIEW_MODERATED_EVENT, type ReviewModeratedPayload } from './service/events.js';
