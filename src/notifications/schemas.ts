import { errorResponses, json, jsonResponse, registerOperation, signedIn } from '../platform/http/openapi.js';
import { paginationQuery } from '../platform/http/pagination.js';
import { z } from '../platform/http/zod.js';
import { CHANNELS, DIGESTS } from './preference-rules.js';
import { NOTICE_KINDS, type NoticeKind } from './rules.js';

/** The in-app notifications API: its shapes, registered for /api/openapi.json. */

export const notificationsQuery = paginationQuery
  .extend({ unread: z.enum(['true', 'false']).optional().openapi({ description: 'true: only the unread ones' }) })
  .strict();
export type NotificationsQuery = z.infer<typeof notificationsQuery>;

export const notificationParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict();

const dateTime = z.string().openapi({ format: 'date-time' });

export const notificationView = z
  .object({
    id: z.number().int(),
    kind: z.enum(NOTICE_KINDS),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable().openapi({ description: 'Where in the portal it leads' }),
    data: z.record(z.string(), z.unknown()).openapi({ description: 'Ids it concerns (orderId, orderNumber, messageId…)' }),
    readAt: dateTime.nullable(),
    createdAt: dateTime,
  })
  .openapi('Notification');

export const notificationsPage = z
  .object({
    items: z.array(notificationView),
    nextCursor: z.string().nullable(),
    unreadCount: z.number().int().openapi({ description: 'All my unread notifications, not only this page’s' }),
  })
  .openapi('NotificationsPage');

export const unreadCountView = z.object({ unreadCount: z.number().int() }).openapi('UnreadCount');
export const readAllView = z.object({ marked: z.number().int(), unreadCount: z.number().int() }).openapi('ReadAllResult');

const tags = ['notifications'];
registerOperation({
  method: 'get',
  path: '/api/v1/notifications',
  operationId: 'listNotifications',
  tags,
  security: signedIn,
  summary: 'My notifications, newest first (cursor-paginated), with my unread count',
  request: { query: notificationsQuery },
  responses: { 200: jsonResponse('A page of my notifications', notificationsPage), ...errorResponses(400, 401) },
});
registerOperation({
  method: 'get',
  path: '/api/v1/notifications/unread-count',
  operationId: 'countUnreadNotifications',
  tags,
  security: signedIn,
  summary: 'How many of my notifications are unread',
  responses: { 200: jsonResponse('My unread count', unreadCountView), ...errorResponses(401) },
});
registerOperation({
  method: 'post',
  path: '/api/v1/notifications/{id}/read',
  operationId: 'readNotification',
  tags,
  security: signedIn,
  summary: 'Mark one of my notifications read (again: no change)',
  request: { params: notificationParams },
  responses: { 200: jsonResponse('The notification', notificationView), ...errorResponses(400, 401, 404) },
});
registerOperation({
  method: 'post',
  path: '/api/v1/notifications/read-all',
  operationId: 'readAllNotifications',
  tags,
  security: signedIn,
  summary: 'Mark all my notifications read',
  responses: { 200: jsonResponse('How many were marked', readAllView), ...errorResponses(401) },
});

// ---- the live stream -------------------------------------------------------------------------

export const streamQuery = z
  .object({
    ticket: z.string().min(20).max(200).optional().openapi({
      description: 'A ticket from POST /api/v1/notifications/stream-ticket, for an EventSource (it cannot send a Bearer header)',
    }),
    lastEventId: z.coerce
      .number()
      .int()
      .nonnegative()
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .openapi({ description: 'Like the Last-Event-ID header, for a new EventSource that resumes an older one' }),
  })
  .strict();

export const lastEventIdHeader = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const streamTicketView = z
  .object({
    ticket: z.string().openapi({ description: 'Opens one stream on this website, once' }),
    expiresAt: dateTime,
  })
  .openapi('NotificationStreamTicket');

export const streamEvent = z
  .object({
    type: z.enum(['ready', 'notification', 'message', 'reauthenticate']).openapi({
      description:
        '`ready`: the stream is open (no id); `notification`: a new notification; `message`: a new message in one of my ' +
        'order threads (with its notification); `reauthenticate`: the stream ends, open a new one with a fresh token or ticket',
    }),
    notification: notificationView.optional(),
    message: z
      .object({ orderId: z.number().int().optional(), messageId: z.number().int().optional(), threadKind: z.string().optional() })
      .optional(),
    unreadCount: z.number().int().optional().openapi({ description: 'All my unread notifications after this one' }),
    lastEventId: z.number().int().optional().openapi({ description: 'On `ready`: where the stream starts (what it sends is newer)' }),
  })
  .openapi('NotificationStreamEvent', {
    description: 'The JSON of one `data:` line of GET /api/v1/notifications/stream',
  });

registerOperation({
  method: 'post',
  path: '/api/v1/notifications/stream-ticket',
  operationId: 'createNotificationStreamTicket',
  tags,
  security: signedIn,
  summary: 'A single-use ticket (valid 30 seconds) to open my live stream from a browser EventSource',
  responses: { 201: jsonResponse('The ticket', streamTicketView), ...errorResponses(401, 403) },
});
registerOperation({
  method: 'get',
  path: '/api/v1/notifications/stream',
  operationId: 'streamNotifications',
  tags,
  security: [...signedIn, {}],
  summary: 'My new notifications and thread messages, live (Server-Sent Events): use instead of polling',
  description: [
    'A `text/event-stream` that stays open. Authenticate with `Authorization: Bearer <token>`, or — from a browser',
    '`EventSource`, which cannot send headers — with `?ticket=` from `POST /api/v1/notifications/stream-ticket`',
    '(single use, 30 seconds, this website only).',
    '',
    'Each event is `id: <n>` and one `data:` line of JSON (`NotificationStreamEvent`) with a `type`: `ready` first,',
    'then `notification` or `message` (a new message in one of my order threads) as they happen, `reauthenticate`',
    'when the stream ends after the access token lifetime. Comment lines (`: heartbeat`) come every 25 seconds.',
    '',
    'Resume: reconnecting with the `Last-Event-ID` header (EventSource does so itself) or `?lastEventId=` sends',
    'every notification newer than it first; nothing is lost between two connections. `id:` is the highest',
    'notification id sent so far; dedupe by `notification.id`.',
    '',
    'At most 5 streams per user at once (across all API processes): one more is refused with 429.',
  ].join('\n'),
  request: { query: streamQuery, headers: z.object({ 'last-event-id': lastEventIdHeader.optional() }) },
  responses: {
    200: {
      description:
        'The event stream (`text/event-stream`): each event is `id:` and one `data:` line holding a NotificationStreamEvent as JSON',
      content: { 'text/event-stream': { schema: streamEvent } },
    },
    ...errorResponses(400, 401, 403, 429),
  },
});

// ---- preferences -----------------------------------------------------------------------------

const channelSwitches = z
  .object({
    inApp: z.boolean().openapi({ description: 'Shown in my notifications (and live stream)' }),
    email: z.boolean().openapi({ description: 'Emailed (or held for my digest when one is chosen)' }),
    sms: z.boolean().openapi({ description: 'Sent by SMS to my phone (needs `phone`)' }),
  })
  .openapi('NotificationChannels');

const channelChange = z
  .object({ inApp: z.boolean().optional(), email: z.boolean().optional(), sms: z.boolean().optional() })
  .strict()
  .openapi('NotificationChannelsChange', { description: 'The channels to switch; the others stay as they are' });

const byKind = <T extends z.ZodType>(schema: T) => Object.fromEntries(NOTICE_KINDS.map((kind) => [kind, schema])) as Record<NoticeKind, T>;

const phoneNumber = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in international form, e.g. +15551234567')
  .openapi({ example: '+15551234567' });

export const preferencesView = z
  .object({
    channels: z.array(z.enum(CHANNELS)).openapi({ description: 'The channels a notification may go out on' }),
    digest: z.enum(DIGESTS).openapi({
      description: '`off`: each email as it happens; `hourly` / `daily`: my notification emails are held and sent as one digest a period',
    }),
    phone: z.string().nullable().openapi({ description: 'Where SMS go; none: no SMS is sent' }),
    kinds: z.object(byKind(channelSwitches)).openapi({ description: 'For every notification kind, each channel on or off' }),
  })
  .openapi('NotificationPreferences');

export const preferencesUpdate = z
  .object({
    kinds: z
      .object(byKind(channelChange.optional()))
      .strict()
      .optional()
      .openapi({ description: 'Only the kinds (and channels) to change; an unknown kind or channel is a 400 naming it' }),
    digest: z.enum(DIGESTS).optional(),
    phone: phoneNumber.nullable().optional().openapi({ description: 'null removes it (no more SMS)' }),
  })
  .strict()
  .openapi('NotificationPreferencesChange');

registerOperation({
  method: 'get',
  path: '/api/v1/notifications/preferences',
  operationId: 'getNotificationPreferences',
  tags,
  security: signedIn,
  summary: 'My notification preferences: each kind on each channel (in-app, email, SMS), the email digest, my SMS phone',
  responses: { 200: jsonResponse('My preferences (defaults where I changed nothing)', preferencesView), ...errorResponses(401) },
});
registerOperation({
  method: 'put',
  path: '/api/v1/notifications/preferences',
  operationId: 'updateNotificationPreferences',
  tags,
  security: signedIn,
  summary: 'Change my notification preferences (only what is given changes)',
  description:
    'Defaults: in-app on for every kind; email on for the important ones (order delivered, payment confirmed, refund decided, ' +
    'payout paid, fine issued and appeal decided, support replied); SMS off. With a digest, emails wait for it.',
  request: { body: json(preferencesUpdate) },
  responses: { 200: jsonResponse('My preferences after the change', preferencesView), ...errorResponses(400, 401) },
});
