import { recordAudit } from '../../../audit/index.js';
import type { Actor } from '../../../platform/actor.js';
import { clock } from '../../../platform/clock.js';
import { inTransaction, sql } from '../../../platform/database.js';
import { Forbidden, ValidationFailed, type FieldErrors } from '../../../platform/errors.js';
import { recordEvent, type StoredOutboxEvent } from '../../../platform/outbox.js';
import { announceNotifications } from '../../service/live.js';
import { Broadcast } from '../models.js';
import { canManageCampaigns } from '../policy.js';
import { audienceSchema, audienceText } from '../rules.js';
import { countSegment, segmentQuery } from '../segments.js';
import { assertWebsiteExists, audienceOrFail, text, websiteOfAudience } from './common.js';

/**
 * Staff broadcasts: an in-app notice (title, body, optional link) to a segment of a website's
 * users. The use case records the broadcast, its audit row and an outbox event in one
 * transaction; after commit the outbox hands the event to `deliverBroadcast` (registered in
 * src/wiring.ts), which writes one notification per user of the segment as it stood when the
 * broadcast was sent — once, however often the event is handed over.
 */
export const BROADCAST_EVENT = 'notification.broadcast';

export interface BroadcastInput {
  title?: unknown;
  body?: unknown;
  link?: unknown;
  audience?: unknown;
}

function linkOf(value: unknown, fields: FieldErrors): string | null {
  const s = typeof value === 'string' ? value.trim() : '';
  if (!s) return null;
  if (s.length > 300) fields.link = 'must be at most 300 characters';
  else if (!/^\/[^/\\]/.test(s) && !/^https:\/\/[^\s]+$/.test(s)) fields.link = 'must be a portal path such as /orders or an https:// URL';
  return s;
}

export async function createBroadcast(actor: Actor, input: BroadcastInput): Promise<Broadcast> {
  const fields: FieldErrors = {};
  const title = text(input.title, 'title', 200, fields);
  const bodyText = typeof input.body === 'string' ? input.body.trim() : '';
  if (bodyText.length > 2000) fields.body = 'must be at most 2000 characters';
  const link = linkOf(input.link, fields);
  let websiteId: number | undefined;
  let audience: ReturnType<typeof audienceOrFail> | undefined;
  try {
    audience = audienceOrFail(input.audience);
    websiteId = websiteOfAudience(actor, audience);
  } catch (err) {
    Object.assign(fields, (err as { fields?: FieldErrors }).fields);
  }
  if (Object.keys(fields).length) throw ValidationFailed(fields, 'Invalid broadcast');
  if (!canManageCampaigns(actor, websiteId!)) throw Forbidden('Only admins of the website send broadcasts');
  await assertWebsiteExists(websiteId!);
  return inTransaction(async () => {
    const now = clock.now();
    const recipientsCount = await countSegment(websiteId!, audience!, now);
    const broadcast = await Broadcast.create({
      websiteId: websiteId!,
      title,
      body: bodyText,
      link,
      audience: audienceText(audience!),
      recipientsCount,
      createdBy: actor.userId,
      createdAt: now,
    });
    await recordEvent({ type: BROADCAST_EVENT, websiteId: websiteId!, payload: { broadcastId: broadcast.id, senderId: actor.userId } });
    await recordAudit(actor, {
      action: 'broadcast.send',
      targetType: 'broadcast',
      targetId: broadcast.id,
      websiteId: websiteId!,
      after: { title, link, audience: broadcast.audience, recipientsCount },
    });
    return broadcast;
  });
}

/** The outbox consumer: the broadcast's notifications (the sender excluded), in the dispatcher's transaction; idempotent. */
export async function deliverBroadcast(event: StoredOutboxEvent): Promise<void> {
  if (event.type !== BROADCAST_EVENT) return;
  const { broadcastId, senderId } = event.payload as { broadcastId: number; senderId: number | null };
  const broadcast = await Broadcast.findByPk(broadcastId);
  if (!broadcast) return;
  const audience = audienceSchema.parse(JSON.parse(broadcast.audience));
  const segment = segmentQuery(broadcast.websiteId, audience, broadcast.createdAt, 8);
  // (event, user, kind) is unique: an event handed over again notifies no one twice.
  const rows = await sql<{ userId: number }>(
    `INSERT INTO notifications (website_id, user_id, event_id, kind, title, body, link, data, created_at)
     SELECT $1, s.user_id, $2, 'broadcast', $3, $4, $5, $6::jsonb, $7
       FROM (${segment.text}) s WHERE s.user_id IS DISTINCT FROM $8::bigint
     ON CONFLICT DO NOTHING RETURNING user_id AS "userId"`,
    [
      broadcast.websiteId,
      event.id,
      broadcast.title,
      broadcast.body,
      broadcast.link,
      JSON.stringify({ broadcastId: broadcast.id }),
      clock.now(),
      senderId,
      ...segment.values,
    ],
  );
  announceNotifications(rows.map((r) => r.userId));
}
