import type { Role } from './rules.js';

/**
 * Who is acting, passed to every service call. `websiteId` is the website the actor acts on: the
 * user's own, or for a superadmin the website of the request (null when acting across websites).
 */
export interface Actor {
  userId: number | null;
  role: Role | 'system';
  websiteId: number | null;
  impersonatorId?: number | null;
  /** Request metadata carried for the audit log. */
  ip?: string | null;
  requestId?: string | null;
}

export const systemActor = (websiteId: number | null = null, requestId: string | null = null): Actor => ({
  userId: null,
  role: 'system',
  websiteId,
  requestId,
});

/** An anonymous visitor of a website (registration, login, password reset). */
export const visitorActor = (websiteId: number, ip: string | null, requestId: string | null): Actor => ({
  userId: null,
  role: 'system',
  websiteId,
  ip,
  requestId,
});
