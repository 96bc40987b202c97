import { recordAudit } from '../../audit/index.js';
import type { Actor } from '../../platform/actor.js';
import { inTransaction } from '../../platform/database.js';
import { Forbidden } from '../../platform/errors.js';
import { NotificationPreference } from '../models.js';
import { canReadNotifications } from '../policy.js';
import {
  allChannels,
  applyChannelChange,
  CHANNELS,
  type Channel,
  type ChannelOverrides,
  type ChannelSwitches,
  type Digest,
} from '../preference-rules.js';
import type { NoticeKind } from '../rules.js';

/**
 * A user's notification preferences: per kind and channel (in-app, email, SMS), the email digest
 * and the phone number SMS go to. Each user reads and changes only their own; a change is audited
 * (the phone number is personal data).
 */
export interface PreferencesView {
  channels: readonly Channel[];
  digest: Digest;
  phone: string | null;
  kinds: Record<NoticeKind, ChannelSwitches>;
}

export interface PreferencesChange {
  kinds?: ChannelOverrides;
  digest?: Digest;
  phone?: string | null;
}

function ownerOf(actor: Actor): number {
  if (!canReadNotifications(actor)) throw Forbidden('Sign in to manage notification preferences');
  return actor.userId;
}

const view = (row: NotificationPreference | null): PreferencesView => ({
  channels: CHANNELS,
  digest: row?.digest ?? 'off',
  phone: row?.phone ?? null,
  kinds: allChannels(row?.channels ?? {}),
});

export async function getPreferences(actor: Actor): Promise<PreferencesView> {
  return view(await NotificationPreference.findByPk(ownerOf(actor)));
}

export async function updatePreferences(actor: Actor, change: PreferencesChange): Promise<PreferencesView> {
  const userId = ownerOf(actor);
  return inTransaction(async (transaction) => {
    const row =
      (await NotificationPreference.findByPk(userId, { lock: transaction.LOCK.UPDATE })) ??
      NotificationPreference.build({ userId, websiteId: actor.websiteId });
    const before = { channels: row.channels ?? {}, digest: row.digest ?? 'off', phone: row.phone ?? null };
    row.set({
      channels: applyChannelChange(before.channels, change.kinds ?? {}),
      ...(change.digest !== undefined ? { digest: change.digest } : {}),
      ...(change.phone !== undefined ? { phone: change.phone } : {}),
    });
    await row.save();
    await recordAudit(actor, {
      action: 'notification_preferences.update',
      targetType: 'user',
      targetId: userId,
      before,
      after: { channels: row.channels, digest: row.digest, phone: row.phone },
    });
    return view(row);
  });
}

/** The preferences of the users a batch of notices goes to (the outbox consumer's read). */
export async function preferencesOf(userIds: readonly number[]): Promise<Map<number, NotificationPreference>> {
  if (!userIds.length) return new Map();
  const rows = await NotificationPreference.findAll({ where: { userId: [...new Set(userIds)] } });
  return new Map(rows.map((r) => [Number(r.userId), r]));
}
