import { NOTICE_KINDS, type NoticeKind } from './rules.js';

/**
 * Which notices reach a user on which channel (pure). Every kind has a switch per channel; a user
 * keeps only what differs from the defaults, so a kind added later gets its defaults for everyone.
 */
export const CHANNELS = ['inApp', 'email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

/** `off`: each email as it happens; `hourly`/`daily`: emails are held and sent as one digest a period. */
export const DIGESTS = ['off', 'hourly', 'daily'] as const;
export type Digest = (typeof DIGESTS)[number];

export type ChannelSwitches = Record<Channel, boolean>;
/** What a user changed: per kind, the channels that differ from the defaults. */
export type ChannelOverrides = Partial<Record<string, Partial<ChannelSwitches>>>;

/** The notices that matter enough to email by default (money and delivered work); the rest are in-app only. */
export const EMAIL_BY_DEFAULT: ReadonlySet<string> = new Set<NoticeKind>([
  'order.delivered',
  'payment.confirmed',
  'refund.approved',
  'refund.rejected',
  'payout.paid',
  'fine.issued',
  'fine.appeal_decided',
  'ticket.replied',
  // A writer's deadline coming and the client's review asked for: each in its own template.
  'reminder.deadline',
  'reminder.review_request',
]);

/** In-app on for every kind, email for the important ones, SMS off (it costs money and needs a phone). */
export const defaultChannels = (kind: string): ChannelSwitches => ({ inApp: true, email: EMAIL_BY_DEFAULT.has(kind), sms: false });

export function effectiveChannels(kind: string, overrides: ChannelOverrides): ChannelSwitches {
  return { ...defaultChannels(kind), ...overrides[kind] };
}

/** Every kind's switches, defaults with the user's changes applied. */
export function allChannels(overrides: ChannelOverrides): Record<NoticeKind, ChannelSwitches> {
  return Object.fromEntries(NOTICE_KINDS.map((kind) => [kind, effectiveChannels(kind, overrides)])) as Record<NoticeKind, ChannelSwitches>;
}

/** The user's overrides after a change: switches equal to the default are dropped, so defaults stay defaults. */
export function applyChannelChange(current: ChannelOverrides, change: ChannelOverrides): ChannelOverrides {
  const next: ChannelOverrides = {};
  for (const kind of new Set([...Object.keys(current), ...Object.keys(change)])) {
    if (!(NOTICE_KINDS as readonly string[]).includes(kind)) continue;
    const defaults = defaultChannels(kind);
    const merged = { ...current[kind], ...change[kind] };
    const differing = Object.fromEntries(
      CHANNELS.filter((c) => merged[c] !== undefined && merged[c] !== defaults[c]).map((c) => [c, merged[c]]),
    );
    if (Object.keys(differing).length) next[kind] = differing;
  }
  return next;
}

/**
 * The period a digest collects at `now`: everything held before the start of the current hour
 * (hourly) or day (UTC, daily) — `key` names it, one digest per user and key.
 */
export function digestPeriod(digest: Exclude<Digest, 'off'>, now: Date): { key: string; before: Date } {
  const before = new Date(now);
  before.setUTCMinutes(0, 0, 0);
  if (digest === 'daily') before.setUTCHours(0);
  const iso = before.toISOString();
  return { key: digest === 'daily' ? iso.slice(0, 10) : iso.slice(0, 13), before };
}
