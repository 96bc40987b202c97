import { Router, type RequestHandler } from 'express';
import { actorOf, requireAuth } from '../identity/index.js';
import { Unauthorized, ValidationFailed } from '../platform/errors.js';
import { openEventStream } from '../platform/http/sse.js';
import { parseInput } from '../platform/http/validate.js';
import { lastEventIdHeader, notificationParams, notificationsQuery, preferencesUpdate, streamQuery } from './schemas.js';
import { listNotifications, markAllNotificationsRead, markNotificationRead, unreadCount } from './service/inbox.js';
import { getPreferences, updatePreferences } from './service/preferences.js';
import { liveStreamSettings, streamNotifications } from './service/stream.js';
import { issueStreamTicket, redeemStreamTicket } from './service/stream-ticket.js';

/** The stream's sign-in: a ticket (?ticket=, for EventSource) when one is given, else the Bearer token as everywhere. */
const streamAuth: RequestHandler = async (req, res, next) => {
  const { ticket } = parseInput(streamQuery, req.query, 'query');
  if (!ticket) return requireAuth(req, res, next);
  if (!req.website) throw Unauthorized('No website for this request');
  req.actor = await redeemStreamTicket(ticket, req.website.id, { ip: req.ip ?? null, requestId: String(req.id) });
  next();
};

/** /api/v1/notifications: the signed-in user's in-app notifications (any role). */
export function notificationsRouter(): Router {
  const router = Router();
  // Before requireAuth: a browser's EventSource signs in with a ticket instead of a header.
  router.get('/stream', streamAuth, async (req, res) => {
    const { lastEventId: fromQuery } = parseInput(streamQuery, req.query, 'query');
    const header = req.get('last-event-id')?.trim();
    const parsed = header ? lastEventIdHeader.safeParse(header) : undefined;
    if (parsed && !parsed.success) throw ValidationFailed({ 'Last-Event-ID': 'must be the id of an event of this stream' });
    const lastEventId = parsed?.success ? parsed.data : fromQuery;
    await streamNotifications(actorOf(req), () => openEventStream(req, res, { retryMs: liveStreamSettings.retryMs }), { lastEventId });
  });
  router.use(requireAuth);
  router.post('/stream-ticket', async (req, res) => {
    res.status(201).json(await issueStreamTicket(actorOf(req), req.sessionId ?? null));
  });
  router.get('/', async (req, res) => {
    res.json(await listNotifications(actorOf(req), parseInput(notificationsQuery, req.query, 'query')));
  });
  router.get('/unread-count', async (req, res) => {
    res.json({ unreadCount: await unreadCount(actorOf(req)) });
  });
  router.get('/preferences', async (req, res) => {
    res.json(await getPreferences(actorOf(req)));
  });
  router.put('/preferences', async (req, res) => {
    res.json(await updatePreferences(actorOf(req), parseInput(preferencesUpdate, req.body)));
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
