/**
 * When reminders fall due (pure). A writer hears of the writer deadline 24 h and 6 h before it,
 * while the order is in their hands (in progress, or a revision in progress); an order taken with
 * less than 24 h left gets only the reminders still ahead of it. A client is asked for a review
 * once, a day after the order is completed, unless they have reviewed it — and not at all when the
 * job only finds the order long after (a request a week late reads as spam).
 */
export const DEADLINE_REMINDERS = [
  { kind: 'deadline_24h', hoursBefore: 24 },
  { kind: 'deadline_6h', hoursBefore: 6 },
] as const;
export type DeadlineReminderKind = (typeof DEADLINE_REMINDERS)[number]['kind'];

/** The order statuses in which the writer works towards the writer deadline. */
export const WORKING_STATUSES = ['in_progress', 'revision_requested'] as const;

export const REVIEW_REQUEST_AFTER_HOURS = 24;
export const REVIEW_REQUEST_WITHIN_DAYS = 7;

const HOUR = 3_600_000;

/**
 * The deadline reminder due at `now` for a writer deadline: the one whose window [deadline − h,
 * deadline) holds now and no closer reminder's does; null once the deadline has passed or while it
 * is more than 24 h away.
 */
export function dueDeadlineReminder(writerDeadline: Date, now: Date): (typeof DEADLINE_REMINDERS)[number] | null {
  const left = writerDeadline.getTime() - now.getTime();
  if (left <= 0) return null;
  let due: (typeof DEADLINE_REMINDERS)[number] | null = null;
  for (const reminder of DEADLINE_REMINDERS) if (left <= reminder.hoursBefore * HOUR) due = reminder;
  return due;
}

/** Whether a completed order's review request is due at `now`. */
export function reviewRequestDue(completedAt: Date, now: Date): boolean {
  const since = now.getTime() - completedAt.getTime();
  return since >= REVIEW_REQUEST_AFTER_HOURS * HOUR && since < REVIEW_REQUEST_AFTER_HOURS * HOUR + REVIEW_REQUEST_WITHIN_DAYS * 24 * HOUR;
}
