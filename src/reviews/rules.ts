import { createHash } from 'node:crypto';

/**
 * Pure rules of reviews (RULES.md "Reviews and messages"): what a review targets, its status
 * machine, its visibility, which reviews count in a rating, and the spam signals that send a new
 * review to the flagged queue. No I/O: the service gathers the facts (recent reviews of the
 * account, the same text elsewhere, the website's word list) and these functions decide.
 */

export const REVIEW_TARGETS = ['order', 'writer', 'website'] as const;
export type ReviewTarget = (typeof REVIEW_TARGETS)[number];

export const REVIEW_STATUSES = ['pending', 'approved', 'rejected', 'flagged'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const REVIEW_VISIBILITIES = ['public', 'shadowed', 'internal', 'removed'] as const;
export type ReviewVisibility = (typeof REVIEW_VISIBILITIES)[number];

/** Ratings are on a 0–5 scale everywhere (RULES.md "Writers"); whole stars. */
export const MIN_RATING = 0;
export const MAX_RATING = 5;
export const MAX_REVIEW_TEXT = 5000;

/** The statuses a moderator still has to decide: the moderation queue. */
export const AWAITING_STATUSES = ['pending', 'flagged'] as const satisfies readonly ReviewStatus[];

/** Orders a client may review: approved by the client (or automatically), archived afterwards included. */
export const REVIEWABLE_ORDER_STATUSES = ['completed', 'archived'] as const;

/**
 * Whether a review counts in ratings (the writer's, the website's, the levels' score): approved
 * and seen, publicly or by staff. A shadowed review (approved but hidden: its author believes it
 * public) and a removed one do not.
 */
export function countsInRating(review: { status: ReviewStatus; visibility: ReviewVisibility }): boolean {
  return review.status === 'approved' && (review.visibility === 'public' || review.visibility === 'internal');
}

/** Public only when approved and public (RULES.md). */
export const isPublic = (review: { status: ReviewStatus; visibility: ReviewVisibility }): boolean =>
  review.status === 'approved' && review.visibility === 'public';

// --- The review's life ---------------------------------------------------------------------------

/** Who moderates: staff (a superadmin acts as an admin) and the system (spam signals on creation). */
export type ReviewRole = 'support' | 'admin' | 'system';

export type ReviewTransitionName = 'approve' | 'reject' | 'flag' | 'shadow' | 'publish';

interface ReviewTransition {
  from: readonly ReviewStatus[];
  /** The new status (unchanged for a visibility change). */
  to: ReviewStatus | null;
  /** The visibility it sets; a function of the current one, or unchanged (null). */
  visibility: ((current: ReviewVisibility) => ReviewVisibility) | null;
  /** Only from these visibilities (a visibility change). */
  fromVisibility?: readonly ReviewVisibility[];
  roles: readonly ReviewRole[];
  /** Whether the moderator must give a reason. */
  reasonRequired: boolean;
}

/**
 * The one transitions table (DESIGN.md "State machines"; RULES.md: pending -> approved | rejected |
 * flagged). A flagged review is decided like a pending one; a decision may be revisited (an
 * approved review flagged or rejected later, a rejected one approved on a second look). Rejecting
 * removes the review from sight; approving a removed one makes it public again. Shadowing hides an
 * approved review from everyone but its author; publishing undoes it.
 */
export const REVIEW_TRANSITIONS: Record<ReviewTransitionName, ReviewTransition> = {
  approve: {
    from: ['pending', 'flagged', 'rejected'],
    to: 'approved',
    visibility: (v) => (v === 'removed' ? 'public' : v),
    roles: ['support', 'admin'],
    reasonRequired: false,
  },
  reject: {
    from: ['pending', 'flagged', 'approved'],
    to: 'rejected',
    visibility: () => 'removed',
    roles: ['support', 'admin'],
    reasonRequired: true,
  },
  flag: { from: ['pending', 'approved'], to: 'flagged', visibility: null, roles: ['support', 'admin', 'system'], reasonRequired: true },
  shadow: {
    from: ['approved'],
    to: null,
    visibility: () => 'shadowed',
    fromVisibility: ['public', 'internal'],
    roles: ['support', 'admin'],
    reasonRequired: true,
  },
  publish: {
    from: ['approved'],
    to: null,
    visibility: () => 'public',
    fromVisibility: ['shadowed', 'internal'],
    roles: ['support', 'admin'],
    reasonRequired: false,
  },
};

export type ReviewTransitionDecision =
  | { ok: true; status: ReviewStatus; visibility: ReviewVisibility }
  | { ok: false; reason: 'wrong_status' | 'not_allowed_for_role'; message: string };

export function decideReviewTransition(input: {
  transition: ReviewTransitionName;
  status: ReviewStatus;
  visibility: ReviewVisibility;
  role: ReviewRole;
}): ReviewTransitionDecision {
  const rule = REVIEW_TRANSITIONS[input.transition];
  if (!rule.roles.includes(input.role))
    return { ok: false, reason: 'not_allowed_for_role', message: `Your role may not ${input.transition} a review` };
  if (!rule.from.includes(input.status) || (rule.fromVisibility && !rule.fromVisibility.includes(input.visibility))) {
    const state = rule.fromVisibility ? `${input.status} and ${input.visibility}` : input.status;
    return { ok: false, reason: 'wrong_status', message: `A review that is ${state} cannot be ${TRANSITION_WORDS[input.transition]}` };
  }
  return { ok: true, status: rule.to ?? input.status, visibility: rule.visibility ? rule.visibility(input.visibility) : input.visibility };
}

const TRANSITION_WORDS: Record<ReviewTransitionName, string> = {
  approve: 'approved',
  reject: 'rejected',
  flag: 'flagged',
  shadow: 'shadowed',
  publish: 'published',
};

/** The statuses (and visibilities) a transition may start from: the back office shows the action only there. */
export function reviewTransitionApplies(transition: ReviewTransitionName, review: { status: string; visibility: string }): boolean {
  const rule = REVIEW_TRANSITIONS[transition];
  return (
    (rule.from as readonly string[]).includes(review.status) &&
    (!rule.fromVisibility || (rule.fromVisibility as readonly string[]).includes(review.visibility))
  );
}

// --- Spam signals ----------------------------------------------------------------------------------

export const SPAM_SIGNALS = ['link', 'contact', 'repeated', 'burst', 'profanity'] as const;
export type SpamSignal = (typeof SPAM_SIGNALS)[number];

/** What the service found about a new review, for spamSignals to judge. */
export interface SpamFacts {
  /** What screening of the text found (orders' message screening: email, phone, messenger, link). */
  screening: readonly string[];
  /** Whether another review with the same text (fingerprint) was written on the website recently. */
  repeatedText: boolean;
  /** The account's reviews inside the burst window, before this one. */
  recentByAccount: number;
  /** Words of the website's profanity list found in the text. */
  profanity: readonly string[];
}

export interface SpamLimits {
  /** More reviews than this by one account inside the window is a burst. */
  burstLimit: number;
}

/** The signals a new review raises, each once, in a stable order; empty: it waits as pending. */
export function spamSignals(facts: SpamFacts, limits: SpamLimits): SpamSignal[] {
  const found = new Set<SpamSignal>();
  if (facts.screening.includes('link')) found.add('link');
  if (facts.screening.some((f) => f === 'email' || f === 'phone' || f === 'messenger')) found.add('contact');
  if (facts.repeatedText) found.add('repeated');
  if (facts.recentByAccount >= limits.burstLimit) found.add('burst');
  if (facts.profanity.length) found.add('profanity');
  return SPAM_SIGNALS.filter((s) => found.has(s));
}

/** A moderator's reading of the signals (stored as the flag's reason). */
export function signalReason(signals: readonly SpamSignal[], profanity: readonly string[] = []): string {
  const words: Record<SpamSignal, string> = {
    link: 'contains a link',
    contact: 'contains contact details',
    repeated: 'same text as another recent review',
    burst: 'too many reviews from one account in a short time',
    profanity: `profanity (${profanity.join(', ')})`,
  };
  return `Flagged automatically: ${signals.map((s) => words[s]).join('; ')}`;
}

/** Lower case, letters and digits only, single spaces: how texts are compared and searched for words. */
export function normaliseReviewText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Short texts ("Great!", "Thanks") are repeated honestly by many clients: only longer ones are compared. */
export const MIN_FINGERPRINT_LENGTH = 20;

/** The fingerprint that finds the same text elsewhere, or null for a text too short to judge. */
export function textFingerprint(text: string | null): string | null {
  if (!text) return null;
  const normalised = normaliseReviewText(text);
  if (normalised.length < MIN_FINGERPRINT_LENGTH) return null;
  return createHash('sha256').update(normalised).digest('hex').slice(0, 32);
}

/**
 * Words of the list found in the text as whole words (or phrases), case-insensitively; also when
 * written with repeated letters or separators inside a word is beyond this check (moderators see
 * the rest). Each word once, in the list's order.
 */
export function profanityFound(text: string | null, words: readonly string[]): string[] {
  if (!text || !words.length) return [];
  const haystack = ` ${normaliseReviewText(text)} `;
  const found: string[] = [];
  for (const word of words) {
    const needle = normaliseReviewText(word);
    if (needle && haystack.includes(` ${needle} `) && !found.includes(word)) found.push(word);
  }
  return found;
}

// --- Ratings ---------------------------------------------------------------------------------------

export interface RatingTotals {
  count: number;
  sum: number;
}

/** The average in hundredths of a star (4.83 -> 483), or null without reviews. */
export const averageCenti = (totals: RatingTotals): number | null =>
  totals.count > 0 ? Math.round((totals.sum * 100) / totals.count) : null;

/** The average with two decimals for display, or null without reviews. */
export const averageRating = (totals: RatingTotals): number | null => {
  const centi = averageCenti(totals);
  return centi === null ? null : centi / 100;
};

/** What a moderation change does to a subject's totals: the review leaves, joins, or stays out. */
export function ratingDelta(
  before: { status: ReviewStatus; visibility: ReviewVisibility },
  after: { status: ReviewStatus; visibility: ReviewVisibility },
  rating: number,
): RatingTotals {
  const was = countsInRating(before);
  const is = countsInRating(after);
  if (was === is) return { count: 0, sum: 0 };
  return is ? { count: 1, sum: rating } : { count: -1, sum: -rating };
}
