/**
 * Who acts, and the role predicates every area's policy builds on. It lives in the platform layer
 * because every area (audit and tenancy included) takes an actor; what each role may do stays in
 * the areas' policy.ts files.
 */

/** The six roles. Staff roles may use the back office; portal roles use the JSON API. */
export const ROLES = ['client', 'writer', 'editor', 'support', 'admin', 'superadmin'] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES = ['support', 'admin', 'superadmin'] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];
export const isStaffRole = (role: string): role is StaffRole => (STAFF_ROLES as readonly string[]).includes(role);

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

export const isSuperadmin = (actor: Actor): boolean => actor.role === 'superadmin';
/** Admins of a website, and superadmins (who act as admins wherever they act). */
export const isAdmin = (actor: Actor): boolean => actor.role === 'admin' || actor.role === 'superadmin';
/** Support, admins and superadmins: the back-office roles. */
export const isStaff = (actor: Actor): boolean => isStaffRole(actor.role);
/** Scheduled work and the system's own steps (never a signed-in person). */
export const isSystem = (actor: Actor): boolean => actor.role === 'system';

/**
 * Whether the actor acts on this website: its own website, or for a superadmin the website it is
 * scoped to (a superadmin acting across websites — websiteId null — acts on every one).
 */
export const ofWebsite = (actor: Actor, websiteId: number): boolean =>
  isSuperadmin(actor) ? actor.websiteId === null || actor.websiteId === websiteId : actor.websiteId === websiteId;

/** The system scoped to this website, or to every website. */
export const isSystemFor = (actor: Actor, websiteId: number): boolean =>
  isSystem(actor) && (actor.websiteId === null || actor.websiteId === websiteId);

/** A signed-in person acting as themselves on the given user id. */
export const isSelf = (actor: Actor, userId: number | null): boolean => actor.userId !== null && actor.userId === userId;
