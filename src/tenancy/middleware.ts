import type { RequestHandler } from 'express';
import { resolveWebsite } from './service.js';

/** Resolves the website of the request from its Host header; an unknown host is a 404 JSON error. */
export const resolveTenant: RequestHandler = async (req, _res, next) => {
  req.website = await resolveWebsite(req.get('host'));
  next();
};
