import type { InferAttributes } from 'sequelize';
import type { Request, RequestHandler, Response } from 'express';
import { clock } from '../platform/clock.js';
import { ctx } from '../platform/context.js';
import { Forbidden, Unauthorized } from '../platform/errors.js';
import type { Actor, Role } from '../platform/actor.js';
import {
  liveSessionUser,
  readWithLiveSession,
  recordSessionUse,
  TOUCH_INTERVAL_MS,
  type LiveSessionUser,
  type SessionKey,
  type SignedInRead,
} from './read-models/live-session.js';
import type { User } from './models.js';
import { markOnline } from './presence.js';
import { verifyAccessToken, type AccessClaims } from './tokens.js';

const MAX_THROTTLE_ENTRIES = 100_000;

// Per application context, so several apps in one process (tests) never share throttling state.
interface Throttles {
  sessionTouchedAt: Map<number, number>;
  presenceMarkedAt: Map<string, number>;
}
const throttlesByContext = new WeakMap<object, Throttles>();
function throttles(): Throttles {
  const context = ctx();
  let found = throttlesByContext.get(context);
  if (!found) throttlesByContext.set(context, (found = { sessionTouchedAt: new Map(), presenceMarkedAt: new Map() }));
  return found;
}

/** True when `key` was not marked in the last interval (and marks it now). */
function due<K>(marks: Map<K, number>, key: K, now: number): boolean {
  const last = marks.get(key);
  if (last !== undefined && now - last < TOUCH_INTERVAL_MS) return false;
  if (marks.size >= MAX_THROTTLE_ENTRIES) marks.clear(); // bounded: forgetting only costs one extra write
  marks.set(key, now);
  return true;
}

function bearerToken(req: Request): string {
  const header = req.get('authorization');
  const match = header ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header) : null;
  if (!match) throw Unauthorized('Send an access token as "Authorization: Bearer <token>"');
  return match[1]!;
}

/**
 * Fire-and-forget bookkeeping outside any transaction (transaction: null opts out of CLS): the
 * request never waits for it, and a failure only costs a stale "last used".
 */
function touch(sessionId: number, sessionStale: boolean, websiteId: number, userId: number, now: Date): void {
  const { logger } = ctx();
  const nowMs = now.getTime();
  const { sessionTouchedAt, presenceMarkedAt } = throttles();
  if (sessionStale && due(sessionTouchedAt, sessionId, nowMs)) {
    recordSessionUse(sessionId, now).catch((err: unknown) => logger.warn({ err, sessionId }, 'updating session last use failed'));
  }
  if (due(presenceMarkedAt, `${websiteId}:${userId}`, nowMs)) {
    markOnline(websiteId, userId).catch((err: unknown) => logger.warn({ err, userId }, 'marking presence failed'));
  }
}

interface SessionClaim {
  claims: AccessClaims;
  website: NonNullable<Request['website']>;
  now: Date;
}

/** The request's verified token, website and time: what every way of authenticating starts from. */
async function sessionClaim(req: Request): Promise<SessionClaim> {
  const claims = await verifyAccessToken(bearerToken(req));
  const website = req.website;
  if (!website) throw Unauthorized('No website for this request');
  return { claims, website, now: clock.now() };
}

const SESSION_ENDED = 'The session has ended; sign in again';
const sessionKey = ({ claims, website, now }: SessionClaim): SessionKey => ({
  sessionId: claims.sessionId,
  userId: claims.userId,
  websiteId: website.id,
  now,
});

/** Marks the request as the session's user's (req.actor, req.sessionId) and does the throttled bookkeeping. */
function signIn(req: Request, { claims, website, now }: SessionClaim, user: LiveSessionUser): void {
  req.sessionId = claims.sessionId;
  req.actor = { userId: user.id, role: user.role, websiteId: website.id, ip: req.ip ?? null, requestId: String(req.id) };
  touch(claims.sessionId, user.sessionStale, website.id, user.id, now);
}

/**
 * Authenticates a portal request: verifies the Bearer JWT, then checks session, user status and
 * website in one query, so a revoked session or suspended user is refused on the very next
 * request. Sets req.actor, req.sessionId and res.locals.user (the user's row without its password hash).
 */
export const requireAuth: RequestHandler = async (req, res, next) => {
  const claim = await sessionClaim(req);
  const row = await liveSessionUser(sessionKey(claim));
  if (!row) throw Unauthorized(SESSION_ENDED);
  const { sessionStale: _stale, ...attributes } = row;
  // A plain row, not a model instance: building a Sequelize instance per request showed in the bench.
  res.locals.user = attributes as unknown as SignedInUser;
  signIn(req, claim, row);
  next();
};

/**
 * Authenticates the request as requireAuth does and runs `read` for its user in the same
 * statement: one round trip instead of two, for the hottest reads (the client's order list). The
 * read runs only for a live session (a lateral join on it); its rows come back with the session
 * check's answer, so a revoked session or suspended user is still refused on the very next request.
 * Sets req.actor and req.sessionId; not res.locals.user (the user's row is not read).
 */
export async function authenticateWithRead<R extends object>(req: Request, read: SignedInRead): Promise<R[]> {
  const claim = await sessionClaim(req);
  const { session, rows } = await readWithLiveSession<R>(sessionKey(claim), read);
  if (!session) throw Unauthorized(SESSION_ENDED);
  signIn(req, claim, session);
  return rows;
}

/** Authenticates when a token is sent (a signed-in client's own history then counts), else lets a visitor through. */
export const optionalAuth: RequestHandler = (req, res, next) => (req.get('authorization') ? requireAuth(req, res, next) : next());

/** Lets through only actors with one of `roles` (use after requireAuth). */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    assertRole(req, ...roles);
    next();
  };
}

/** requireRole's check, for a handler that authenticated itself (authenticateWithRead). */
export function assertRole(req: Request, ...roles: Role[]): void {
  if (!req.actor) throw Unauthorized();
  if (!roles.includes(req.actor.role as Role)) throw Forbidden('Your role may not use this endpoint');
}

/** The authenticated actor of a request that went through requireAuth. */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw Unauthorized();
  return req.actor;
}

/** The signed-in user loaded by requireAuth (no password hash). */
/** The signed-in user's columns as requireAuth loaded them (no password hash; not a model instance). */
export type SignedInUser = Omit<InferAttributes<User>, 'passwordHash'>;

export function currentUser(res: Response): SignedInUser {
  const user = res.locals.user as SignedInUser | undefined;
  if (!user) throw Unauthorized();
  return user;
}

/** The session id of a request that went through requireAuth. */
export function sessionIdOf(req: Request): number {
  if (req.sessionId === undefined) throw Unauthorized();
  return req.sessionId;
}
