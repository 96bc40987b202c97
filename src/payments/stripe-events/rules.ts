/**
 * Pure rules of Stripe webhook intake: the statuses of a received event, which ones are retried,
 * and what we read from an event before any handler sees it.
 */
export const STRIPE_EVENT_STATUSES = ['received', 'processed', 'failed', 'ignored'] as const;
export type StripeEventStatus = (typeof STRIPE_EVENT_STATUSES)[number];

/**
 * received: stored, not handled yet (or its processing was cut short by a crash);
 * processed: every handler applied it; ignored: no handler wants it (nothing done);
 * failed: a handler threw — nothing of it applied, retried by the job.
 */
export const STRIPE_EVENT_TRANSITIONS: Record<StripeEventStatus, readonly StripeEventStatus[]> = {
  received: ['processed', 'ignored', 'failed'],
  failed: ['processed', 'ignored', 'failed'],
  processed: [],
  ignored: [],
};

export function isFinished(status: StripeEventStatus): boolean {
  return STRIPE_EVENT_TRANSITIONS[status].length === 0;
}

/** Attempts after which a failed event is left for a person to look at (12 × 5 minutes ≈ an hour). */
export const MAX_STRIPE_EVENT_ATTEMPTS = 12;
/** A 'received' event this old was cut short (a crash between storing and handling): the job takes it. */
export const STALE_RECEIVED_MS = 5 * 60_000;
/** How much of a handler's error we keep. */
const MAX_ERROR_LENGTH = 2_000;

/** The event's shape as far as intake reads it (Stripe signs it, but we read it defensively). */
export interface EventEnvelope {
  id: string;
  type: string;
  created: number;
  livemode?: boolean;
  data?: { object?: unknown } | null;
}

function objectOf(event: EventEnvelope): Record<string, unknown> | null {
  const object = event.data?.object;
  return object && typeof object === 'object' ? (object as Record<string, unknown>) : null;
}

/**
 * The website an event belongs to: the object's metadata.websiteId, which our code sets on every
 * PaymentIntent and refund it creates. Stripe calls us without a website's Host, so this is the
 * only way to tell. Null when absent or not a positive whole number (a dispute, an object made
 * outside our code): handlers then resolve the website from their own records.
 */
export function websiteIdOf(event: EventEnvelope): number | null {
  const metadata = objectOf(event)?.metadata;
  if (!metadata || typeof metadata !== 'object') return null;
  const raw = (metadata as Record<string, unknown>).websiteId;
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const text = String(raw);
  if (!/^[1-9]\d{0,15}$/.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : null;
}

/** The id of the object the event is about (pi_…, ch_…, re_…, dp_…), if it has one. */
export function objectIdOf(event: EventEnvelope): string | null {
  const id = objectOf(event)?.id;
  return typeof id === 'string' && id.length > 0 && id.length <= 255 ? id : null;
}

/** A handler's error as kept in last_error: its message (and code), bounded. */
export function errorText(err: unknown): string {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const code = (err as { code?: unknown } | null)?.code;
  const text = typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
