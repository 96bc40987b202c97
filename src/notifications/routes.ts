import { Router } from 'express';
import { actorOf, requireAuth } from '../identity/index.js';
import { parseInput } from '../platform/http/validate.js';
import { notificationParams, notificationsQuery } from './schemas.js';
import { listNotifications, markAllNotificationsRead, markNotificationRead, unreadCount } from './service/inbox.js';

/** /api/v1/notifications: the signed-in user's in-app notifications (any role). */
export function notificationsRouter(): Router {
  const router = Router();
  router.use(requireAuth);
  router.get('/', async (req, res) => {
    res.json(await listNotifications(actorOf(req), parseInput(notificationsQuery, req.query, 'query')));
  });
  router.get('/unread-count', async (req, res) => {
    res.json({ unreadCount: await unreadCount(actorOf(req)) });
  });
  router.post('/read-all', async (req, res) => {
    res.json(await markAllNotificationsRead(actorOf(req)));
  });
  router.post('/:id/read', async (req, res) => {
    const { id } = parseInput(notificationParams, req.params, 'path');
    res.json(await markNotificationRead(actorOf(req), id));
  });
  return router;
}
