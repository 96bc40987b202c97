import { Router } from 'express';
import { actorOf, requireAuth } from '../../identity/middleware.js';
import { parseInput } from '../../platform/http/validate.js';
import { createRuleBody, messageParams, pageQuery, postMessageBody, ruleParams, threadParams, threadsParams, updateRuleBody } from './schemas.js';
import { createMessageRule, deleteMessageRule, listMessageRules, updateMessageRule } from './service/message-rules.js';
import { postMessage } from './service/post.js';
import { listMessages, listThreads, unreadSummary } from './service/read.js';
import { listHeldMessages, reviewHeldMessage } from './service/review.js';

/**
 * Order messages, for clients, writers and staff alike (mounted at /api/v1 itself, before the
 * client-only orders router): every route authenticates on its own and the service decides who
 * sees which thread.
 */
export function orderMessagesRouter(): Router {
  const router = Router();

  router.get('/orders/:id/threads', requireAuth, async (req, res) => {
    const { id } = parseInput(threadsParams, req.params, 'path');
    res.json(await listThreads(actorOf(req), id));
  });

  router.get('/orders/:id/threads/:kind/messages', requireAuth, async (req, res) => {
    const { id, kind } = parseInput(threadParams, req.params, 'path');
    res.setHeader('Cache-Control', 'no-store');
    res.json(await listMessages(actorOf(req), id, kind, parseInput(pageQuery, req.query, 'query')));
  });

  router.post('/orders/:id/threads/:kind/messages', requireAuth, async (req, res) => {
    const { id, kind } = parseInput(threadParams, req.params, 'path');
    const { body } = parseInput(postMessageBody, req.body);
    res.status(201).json(await postMessage(actorOf(req), id, kind, body));
  });

  for (const decision of ['release', 'reject'] as const) {
    router.post(`/orders/:id/threads/:kind/messages/:mid/${decision}`, requireAuth, async (req, res) => {
      const { id, kind, mid } = parseInput(messageParams, req.params, 'path');
      res.json(await reviewHeldMessage(actorOf(req), id, kind, mid, decision));
    });
  }

  router.get('/messages/unread', requireAuth, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await unreadSummary(actorOf(req)));
  });

  router.get('/messages/held', requireAuth, async (req, res) => {
    res.json(await listHeldMessages(actorOf(req), parseInput(pageQuery, req.query, 'query')));
  });

  router.get('/messages/rules', requireAuth, async (req, res) => {
    res.json(await listMessageRules(actorOf(req)));
  });
  router.post('/messages/rules', requireAuth, async (req, res) => {
    res.status(201).json(await createMessageRule(actorOf(req), parseInput(createRuleBody, req.body)));
  });
  router.patch('/messages/rules/:ruleId', requireAuth, async (req, res) => {
    const { ruleId } = parseInput(ruleParams, req.params, 'path');
    res.json(await updateMessageRule(actorOf(req), ruleId, parseInput(updateRuleBody, req.body)));
  });
  router.delete('/messages/rules/:ruleId', requireAuth, async (req, res) => {
    const { ruleId } = parseInput(ruleParams, req.params, 'path');
    await deleteMessageRule(actorOf(req), ruleId);
    res.status(204).end();
  });
  return router;
}
