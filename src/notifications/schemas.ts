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
