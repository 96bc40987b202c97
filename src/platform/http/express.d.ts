import type { Actor } from '../actor.js';
import type { Website } from '../../tenancy/models.js';

declare global {
  namespace Express {
    interface Request {
      /** Request id: the caller's X-Request-Id when well-formed, else a fresh UUID. */
      id: string;
      /** The website this request's Host resolved to (set by the tenancy middleware). */
      website?: Website;
      /** The authenticated actor (set by requireAuth). */
      actor?: Actor;
      /** The portal session the access token belongs to (set by requireAuth). */
      sessionId?: number;
    }
  }
}

export {};
