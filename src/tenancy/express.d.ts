import type { Website } from './models.js';

// Tenancy's part of the request (platform's is in src/platform/http/express.d.ts).
declare global {
  namespace Express {
    interface Request {
      /** The website this request's Host resolved to (set by the tenancy middleware). */
      website?: Website;
    }
  }
}

export {};
