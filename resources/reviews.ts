import { NotFoundError, type Action, type ActionResponse, type IsFunction, type ResourceWithOptions } from 'adminjs';
import {
  moderateReview,
  moderateReviews,
  REVIEW_STATUSES,
  REVIEW_TARGETS,
  REVIEW_VISIBILITIES,
  reviewTransitionApplies,
  SPAM_SIGNALS,
  type ReviewTransitionName,
} from '../src/reviews/index.js';
import { actorOf, adminOf, allowRoles, noticeFor, readOnlyActions, serviceRecordAction } from './actions.js';
import { OrderComponents } from './components/orders.js';
import { navigation } from './navigation.js';
import { payloadOf, requestedIds, type FormField } from './order-forms.js';
import { ReviewsResource } from './reviews-list.js';
import { websiteScope } from './scoped-resource.js';

/**
 * Reviews in the back office: the moderation queue. The list opens on the reviews still to decide
 * (pending and flagged, with the spam signals that flagged them) before the decided ones, newest
 * first; staff of a website (support and admins; a superadmin every website) approve, reject,
 * flag, shadow or publish one, or approve or reject many at once — each behind a confirmation,
 * POST only, through the reviews' moderation service (which checks again, records the reason,
 * audits and keeps the writer's and website's rating current in the same transaction).
 */
const staff = allowRoles('support', 'admin', 'superadmin');
const values = (list: readonly string[]) => list.map((v) => ({ value: v, label: v }));

/** Shown where the transition applies to the review (the service decides again). */
const when =
  (transition: ReviewTransitionName): IsFunction =>
  (context) =>
    staff(context) &&
    (!context.record || reviewTransitionApplies(transition, context.record.params as { status: string; visibility: string }));

const moderation = (
  name: ReviewTransitionName,
  icon: string,
  question: string,
  confirmLabel: string,
  success: string,
  reason: 'required' | 'optional',
) =>
  serviceRecordAction({
    name,
    icon,
    question,
    confirmLabel,
    success,
    reason,
    isAccessible: staff,
    isVisible: when(name),
    run: (actor, id, payload) => moderateReview(actor, id, name, payload.reason),
  });

const reasonField = (required: boolean): FormField => ({ name: 'reason', label: 'Reason', kind: 'reason', required });

/** bulkApprove / bulkReject: a GET shows the chosen reviews; a POST decides each (its own transaction) and answers one result per review. */
function bulkModeration(transition: 'approve' | 'reject', question: string, confirmLabel: string): Partial<Action<ActionResponse>> {
  return {
    actionType: 'bulk',
    icon: transition === 'approve' ? 'CheckCircle' : 'XCircle',
    component: OrderComponents.OrderAction,
    custom: { question, confirmLabel, fields: [reasonField(transition === 'reject')] },
    isAccessible: staff,
    isVisible: staff,
    showInDrawer: false,
    handler: async (request, _response, context) => {
      const { records = [], resource } = context;
      const admin = adminOf(context);
      if (!admin) throw new NotFoundError('Not signed in', 'Action#handler');
      if (request.method !== 'post') return { records: records.map((r) => r.toJSON(admin)) };
      const ids = requestedIds(request.query);
      let results;
      try {
        results = await moderateReviews(actorOf(request, context), ids, transition, payloadOf(request.payload).reason);
      } catch (err) {
        return { records: records.map((r) => r.toJSON(admin)), notice: noticeFor(err) };
      }
      const fresh = await resource.findMany(ids.map(String), context);
      const failed = results.filter((r) => !r.ok).length;
      const done = transition === 'approve' ? 'approved' : 'rejected';
      const message = failed
        ? `${results.length - failed} of ${results.length} ${done}; ${failed} refused`
        : `All ${results.length} ${done}`;
      return {
        records: fresh.map((r) => r.toJSON(admin)),
        results: results.map((r) => ({ ...r, number: `Review #${r.id}` })),
        notice: { message, type: failed ? 'error' : 'success' },
      };
    },
  };
}

export function reviewsResource(): ResourceWithOptions {
  return {
    resource: new ReviewsResource({
      scope: websiteScope,
      defaultSort: { sortBy: 'awaitingModeration', direction: 'desc' },
      hidden: ['textFingerprint'],
    }),
    options: {
      navigation: navigation.reviews,
      // The queue first (pending and flagged), newest first within each part (the id breaks ties the same way).
      sort: { sortBy: 'awaitingModeration', direction: 'desc' },
      listProperties: ['id', 'createdAt', 'target', 'rating', 'text', 'status', 'visibility', 'signals', 'websiteId'],
      filterProperties: [
        'awaitingModeration',
        'status',
        'visibility',
        'target',
        'rating',
        'signals',
        'websiteId',
        'writerId',
        'orderId',
        'createdAt',
      ],
      showProperties: [
        'id',
        'status',
        'visibility',
        'target',
        'rating',
        'text',
        'signals',
        'moderationReason',
        'moderatedBy',
        'moderatedAt',
        'reviewerId',
        'orderId',
        'writerId',
        'websiteId',
        'createdAt',
      ],
      properties: {
        reviewerId: { reference: 'users' },
        writerId: { reference: 'users' },
        orderId: { reference: 'orders' },
        websiteId: { reference: 'websites' },
        moderatedBy: { reference: 'users' },
        text: { type: 'textarea' },
        moderationReason: { type: 'textarea' },
        status: { availableValues: values(REVIEW_STATUSES) },
        visibility: { availableValues: values(REVIEW_VISIBILITIES) },
        target: { availableValues: values(REVIEW_TARGETS) },
        rating: { availableValues: ['0', '1', '2', '3', '4', '5'].map((v) => ({ value: v, label: `${v} ★` })) },
        signals: { availableValues: values(SPAM_SIGNALS) },
        awaitingModeration: { description: 'The moderation queue: pending and flagged reviews' },
      },
      actions: {
        ...readOnlyActions(staff),
        approve: moderation(
          'approve',
          'Check',
          'Approve this review? It is published (if public) and counts in the ratings.',
          'Approve',
          'The review is approved',
          'optional',
        ),
        reject: moderation(
          'reject',
          'X',
          'Reject this review? It is removed from sight and from the ratings.',
          'Reject',
          'The review is rejected',
          'required',
        ),
        flag: moderation(
          'flag',
          'Flag',
          'Flag this review for a closer look? It leaves the public lists until decided.',
          'Flag',
          'The review is flagged',
          'required',
        ),
        shadow: moderation(
          'shadow',
          'EyeOff',
          'Shadow this review? Only its author still sees it; it leaves the ratings.',
          'Shadow',
          'The review is shadowed',
          'required',
        ),
        publish: moderation('publish', 'Eye', 'Publish this review again?', 'Publish', 'The review is public', 'optional'),
        bulkApprove: bulkModeration('approve', 'Approve these reviews?', 'Approve all'),
        bulkReject: bulkModeration('reject', 'Reject these reviews?', 'Reject all'),
      },
    },
  };
}
