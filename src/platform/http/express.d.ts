import type { Actor } from '../actor.js';

declare global {
  namespace Express {
    interface Request {
      /** Request id: the caller's X-Request-Id when well-formed, else a fresh UUID. */
      id: string;
      /** The authenticated actor (set by requireAuth). */
      actor?: Actor;
      /** The portal session the access token belongs to (set by requireAuth). */
      sessionId?: number;
    }
  }
}

export {};
