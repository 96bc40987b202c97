import { Router, type Request, type RequestHandler } from 'express';
import multer from 'multer';
import { actorOf, assertRole, authenticateWithRead, requireAuth, requireRole } from '../identity/index.js';
import { uploadLimitOf } from '../orders/files/index.js';
import { AppError, ValidationFailed } from '../platform/errors.js';
import { sendJson } from '../platform/http/send-json.js';
import { invalidInput, parseInput } from '../platform/http/validate.js';
import { myTicketsRead, type MyTicketRow } from './read-models/my-tickets.js';
import { MAX_ATTACHMENTS } from './rules.js';
import { myTicketsQuery, openTicketBody, ticketAttachmentParams, ticketMessageBody, ticketParams } from './schemas.js';
import { createTicketAttachmentUrl } from './service/attachments.js';
import { openTicket, postCustomerMessage } from './service/customer.js';
import { getMyTicket, myTicketsPage } from './service/queries.js';

const upload = multer({
  storage: multer.memoryStorage(),
  defParamCharset: 'utf8',
  limits: (req: Request) => ({
    fileSize: req.website ? uploadLimitOf(req.website) : 0,
    files: MAX_ATTACHMENTS,
    fields: 6,
    fieldSize: 64 * 1024,
  }),
} as unknown as multer.Options);

/** A multipart post (text fields + up to MAX_ATTACHMENTS "files") is read into memory; JSON passes through. */
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

/** Multipart sends every field as text: an empty orderId means none. */
function ticketFields(req: Request): unknown {
  const body = { ...((req.body ?? {}) as Record<string, unknown>) };
  if (req.is('multipart/form-data') && body.orderId === '') delete body.orderId;
  return body;
}

/** The path of the customer's ticket list, which buildApp mounts itself (see myTicketsHandlers). */
export const MY_TICKETS_PATH = '/api/v1/support/tickets';

/**
 * GET /api/v1/support/tickets, the client's or writer's own tickets, benchmarked against a bare
 * endpoint (`tickets`): mounted by buildApp at the app level, as the client's order list, rather
 * than past every router of /api/v1; one statement checks the session and reads the page
 * (read-models/my-tickets.ts). Refusals come in the order of the other routes: 401, 403, then 400.
 */
export function myTicketsHandlers(): RequestHandler[] {
  const list: RequestHandler = async (req, res) => {
    const parsed = myTicketsQuery.safeParse(req.query);
    if (!parsed.success) {
      await requireAuth(req, res, () => undefined);
      assertRole(req, 'client', 'writer');
      throw invalidInput(parsed.error, 'query');
    }
    const rows = await authenticateWithRead<MyTicketRow>(req, myTicketsRead(parsed.data));
    assertRole(req, 'client', 'writer');
    res.setHeader('Cache-Control', 'no-store');
    sendJson(res, myTicketsPage(actorOf(req), rows, parsed.data));
  };
  return [list];
}

/** /api/v1/support/tickets/…: clients' and writers' own tickets (staff work tickets in the back office; the list: myTicketsHandlers). */
export function supportRouter(): Router {
  const router = Router();
  router.use(requireAuth, requireRole('client', 'writer'));

  router.post('/tickets', receiveAttachments, async (req, res) => {
    const input = parseInput(openTicketBody, ticketFields(req));
    res.status(201).json(await openTicket(actorOf(req), input, uploadsOf(req)));
  });

  router.get('/tickets/:id', async (req, res) => {
    const { id } = parseInput(ticketParams, req.params, 'path');
    res.setHeader('Cache-Control', 'no-store');
    res.json(await getMyTicket(actorOf(req), id));
  });

  router.post('/tickets/:id/messages', receiveAttachments, async (req, res) => {
    const { id } = parseInput(ticketParams, req.params, 'path');
    const { body } = parseInput(ticketMessageBody, req.body);
    res.status(201).json(await postCustomerMessage(actorOf(req), id, body, uploadsOf(req)));
  });

  const attachmentUrl: RequestHandler = async (req, res) => {
    const { id, mid, aid } = parseInput(ticketAttachmentParams, req.params, 'path');
    const signed = await createTicketAttachmentUrl(actorOf(req), id, mid, aid);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ url: signed.url, expiresAt: signed.expiresAt.toISOString() });
  };
  router.get('/tickets/:id/messages/:mid/attachments/:aid/url', attachmentUrl);
  router.post('/tickets/:id/messages/:mid/attachments/:aid/url', attachmentUrl);
  return router;
}
