import { Router, type Request, type RequestHandler } from 'express';
import multer from 'multer';
import { actorOf, requireAuth } from '../../identity/index.js';
import { AppError, ValidationFailed } from '../../platform/errors.js';
import { parseInput } from '../../platform/http/validate.js';
import { uploadLimitOf } from '../files/index.js';
import {
  attachmentParams,
  createRuleBody,
  messageParams,
  pageQuery,
  postMessageBody,
  ruleParams,
  threadParams,
  threadsParams,
  updateRuleBody,
} from './schemas.js';
import { createAttachmentDownloadUrl, MAX_ATTACHMENTS } from './service/attachments.js';
import { createMessageRule, deleteMessageRule, listMessageRules, updateMessageRule } from './service/message-rules.js';
import { postMessage } from './service/post.js';
import { listMessages, listThreads, unreadSummary } from './service/read.js';
import { listHeldMessages, reviewHeldMessage } from './service/review.js';

const upload = multer({
  storage: multer.memoryStorage(),
  defParamCharset: 'utf8',
  limits: (req: Request) => ({
    fileSize: req.website ? uploadLimitOf(req.website) : 0,
    files: MAX_ATTACHMENTS,
    fields: 2,
    fieldSize: 64 * 1024,
  }),
} as unknown as multer.Options);

/** A multipart post (body field + up to MAX_ATTACHMENTS "files") is read into memory; JSON passes through. */
const receiveAttachments: RequestHandler = (req, res, next) => {
  if (!req.is('multipart/form-data')) return next();
  upload.array('files', MAX_ATTACHMENTS)(req, res, (err?: unknown) => {
    if (!err) return next();
    if (!(err instanceof multer.MulterError))
      return next(err instanceof AppError ? err : new AppError('bad_request', 'The upload could not be read'));
    if (err.code === 'LIMIT_FILE_SIZE') {
      const limit = req.website ? uploadLimitOf(req.website) : 0;
      return next(
        new AppError('payload_too_large', `A file is larger than the limit of ${limit} bytes`, {
          files: `must be at most ${limit} bytes each`,
        }),
      );
    }
    const field = err.code === 'LIMIT_FILE_COUNT' || err.code === 'LIMIT_UNEXPECTED_FILE' ? 'files' : (err.field ?? '_');
    next(ValidationFailed({ [field]: field === 'files' ? `send at most ${MAX_ATTACHMENTS} files, in the "files" field` : err.message }));
  });
};

const uploadsOf = (req: Request) =>
  ((req.files as Express.Multer.File[] | undefined) ?? []).map((f) => ({ fileName: f.originalname, bytes: f.buffer }));

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

  router.post('/orders/:id/threads/:kind/messages', requireAuth, receiveAttachments, async (req, res) => {
    const { id, kind } = parseInput(threadParams, req.params, 'path');
    const { body } = parseInput(postMessageBody, req.body);
    res.status(201).json(await postMessage(actorOf(req), id, kind, body, uploadsOf(req)));
  });

  const attachmentUrl: RequestHandler = async (req, res) => {
    const { id, kind, mid, aid } = parseInput(attachmentParams, req.params, 'path');
    const signed = await createAttachmentDownloadUrl(actorOf(req), id, kind, mid, aid);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ url: signed.url, expiresAt: signed.expiresAt.toISOString() });
  };
  router.get('/orders/:id/threads/:kind/messages/:mid/attachments/:aid/url', requireAuth, attachmentUrl);
  router.post('/orders/:id/threads/:kind/messages/:mid/attachments/:aid/url', requireAuth, attachmentUrl);

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
