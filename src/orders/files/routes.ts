import { Router, type Request, type RequestHandler } from 'express';
import multer from 'multer';
import { actorOf, requireAuth } from '../../identity/index.js';
import { clock } from '../../platform/clock.js';
import { AppError, NotFound, ValidationFailed, type FieldErrors } from '../../platform/errors.js';
import { fieldErrorsOf, parseInput } from '../../platform/http/validate.js';
import { serveSignedDownload } from '../../platform/storage/download.js';
import { LocalStorage, storage } from '../../platform/storage/index.js';
import { orderFileParams, orderFilesParams, uploadFields } from './schemas.js';
import { createFileDownloadUrl, deleteOrderFile, listOrderFiles, storedFileIsLive, uploadLimitOf, uploadOrderFile } from './service.js';

/** Multer errors -> our errors, naming the `file` field where it is about the file. */
function uploadError(err: unknown, req: Request): unknown {
  if (!(err instanceof multer.MulterError)) {
    // busboy's complaints about a malformed multipart body
    return err instanceof Error && !(err instanceof AppError) && /multipart|form|part/i.test(err.message)
      ? new AppError('bad_request', `The upload could not be read: ${err.message}`)
      : err;
  }
  switch (err.code) {
    case 'LIMIT_FILE_SIZE': {
      const limit = req.website ? uploadLimitOf(req.website) : 0;
      return new AppError('payload_too_large', `The file is larger than the limit of ${limit} bytes`, {
        file: `must be at most ${limit} bytes`,
      });
    }
    case 'LIMIT_UNEXPECTED_FILE':
      return ValidationFailed({ file: `send one file, in the "file" field (got "${err.field ?? ''}")` });
    case 'LIMIT_FILE_COUNT':
      return ValidationFailed({ file: 'send one file at a time' });
    default:
      return ValidationFailed({ [err.field ?? '_']: err.message }, `The upload could not be read: ${err.message}`);
  }
}

const upload = multer({
  storage: multer.memoryStorage(),
  defParamCharset: 'utf8',
  limits: (req: Request) => ({
    fileSize: req.website ? uploadLimitOf(req.website) : 0,
    files: 1,
    fields: 4,
    parts: 5,
    fieldSize: 1024,
  }),
} as unknown as multer.Options);

/** Reads the multipart body, turning multer's errors into ours. */
const receiveFile: RequestHandler = (req, res, next) => {
  upload.single('file')(req, res, (err?: unknown) => next(err ? uploadError(err, req) : undefined));
};

/** Parses the upload's fields; a missing file and a bad category are reported together. */
function uploadInput(req: Request) {
  const fields: FieldErrors = {};
  const parsed = uploadFields.safeParse(req.body ?? {});
  if (!parsed.success) Object.assign(fields, fieldErrorsOf(parsed.error.issues));
  if (!req.file) fields.file = 'is required: send the file as multipart/form-data in the "file" field';
  if (!parsed.success || !req.file) throw ValidationFailed(fields, `Invalid upload: ${Object.keys(fields).join(', ')}`);
  return { category: parsed.data.category, fileName: req.file.originalname, bytes: req.file.buffer };
}

/**
 * A signed link is checked against its file on every use, after its signature: a file deleted
 * (or purged) since the link was handed out answers 404 at once, not when the link expires.
 */
const liveFilesOnly: RequestHandler = async (req, _res, next) => {
  const store = storage();
  if (store instanceof LocalStorage && req.website) {
    const grant = store.verifyDownload(req.query as Record<string, unknown>, clock.now(), req.website.id);
    if (!(await storedFileIsLive(grant.key, grant.websiteId))) throw NotFound('File');
  }
  next();
};

/**
 * Order files (mounted at /api/v1 itself, before the orders router, whose client-only guard would
 * otherwise catch /orders/:id/files): every route authenticates on its own, except the signed
 * download, whose URL is the credential.
 */
export function orderFilesRouter(): Router {
  const router = Router();

  router.get('/files/download', liveFilesOnly, serveSignedDownload);

  router.get('/orders/:id/files', requireAuth, async (req, res) => {
    const { id } = parseInput(orderFilesParams, req.params, 'path');
    res.json(await listOrderFiles(actorOf(req), id));
  });

  router.post('/orders/:id/files', requireAuth, receiveFile, async (req, res) => {
    const { id } = parseInput(orderFilesParams, req.params, 'path');
    res.status(201).json(await uploadOrderFile(actorOf(req), id, uploadInput(req)));
  });

  const downloadUrl: RequestHandler = async (req, res) => {
    const { id, fileId } = parseInput(orderFileParams, req.params, 'path');
    const signed = await createFileDownloadUrl(actorOf(req), id, fileId);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ url: signed.url, expiresAt: signed.expiresAt.toISOString() });
  };
  router.post('/orders/:id/files/:fileId/url', requireAuth, downloadUrl);
  router.get('/orders/:id/files/:fileId/url', requireAuth, downloadUrl);

  router.delete('/orders/:id/files/:fileId', requireAuth, async (req, res) => {
    const { id, fileId } = parseInput(orderFileParams, req.params, 'path');
    await deleteOrderFile(actorOf(req), id, fileId);
    res.status(204).end();
  });
  return router;
}
