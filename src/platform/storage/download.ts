import type { RequestHandler } from 'express';
import { pipeline } from 'node:stream/promises';
import { clock } from '../clock.js';
import { NotFound, Unauthorized } from '../errors.js';
import { attachmentDisposition } from './disposition.js';
import { storage } from './index.js';
import { LocalStorage } from './local.js';

/**
 * GET /api/v1/files/download?k&n&t&w&e&s — serves a local-disk object to whoever holds a valid
 * signed URL (the URL is the credential: minted by a service after its access check). Always an
 * attachment, with the sniffed type and nosniff, so an upload never renders in our origin.
 */
export const serveSignedDownload: RequestHandler = async (req, res) => {
  const store = storage();
  if (!(store instanceof LocalStorage)) throw NotFound('Download'); // S3 serves its own presigned URLs
  if (!req.website) throw Unauthorized('No website for this request');
  const grant = store.verifyDownload(req.query as Record<string, unknown>, clock.now(), req.website.id);
  const { stream, size } = await store.openWithSize(grant.key);
  res.status(200);
  res.setHeader('Content-Type', grant.contentType);
  res.setHeader('Content-Length', String(size));
  res.setHeader('Content-Disposition', attachmentDisposition(grant.fileName));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  await pipeline(stream, res);
};
