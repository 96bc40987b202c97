import type { RequestHandler } from 'express';
import { resolveWebsite, resolveWebsiteAtHand } from './read-models/website-by-host.js';

/** Resolves the website of the request from its Host header; an unknown host is a 404 JSON error. */
export const resolveTenant: RequestHandler = (req, _res, next) => {
  const host = req.headers.host;
  const cached = resolveWebsiteAtHand(host);
  if (cached) {
    req.website = cached;
    return next();
  }
  return resolveWebsite(host).then((website) => {
    req.website = website;
    next();
  });
};
