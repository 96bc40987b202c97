import { errorResponses, jsonResponse, registerOperation, signedIn } from '../platform/http/openapi.js';
import { paginationQuery } from '../platform/http/pagination.js';
import { z } from '../platform/http/zod.js';
import { NOTICE_KINDS } from './rules.js';

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
