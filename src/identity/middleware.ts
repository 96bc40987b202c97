import type { InferAttributes } from 'sequelize';
import type { Request, RequestHandler, Response } from 'express';
import { clock } from '../platform/clock.js';
import { ctx } from '../platform/context.js';
import { sql } from '../platform/database.js';
import { Forbidden, Unauthorized } from '../platform/errors.js';
import type { Actor } from '../platform/actor.js';
import type { SignedInRead } from './signed-in-read.js';
import type { User } from './models.js';
import { markOnline } from './presence.js';
import { CAN_SIGN_IN } from './rules.js';
import { type Role } from '../platform/actor.js';
import { verifyAccessToken, type AccessClaims } from './tokens.js';

/** Writes on the hot path are throttled to one per minute per session (last use) and per user (presence). */
const TOUCH_INTERVAL_MS = 60_000;
const MAX_THROTTLE_ENTRIES = 100_000;

// The statuses are constants of the code, not input: inlining them keeps the query a plain one.
const SIGN_IN_STATUSES = CAN_SIGN_IN.map((s) => `'${s}'`).join(', ');

/**
 * Which session may act: live, of a user who may sign in and belongs to the request's website (a
 * superadmin, who has none, may use any). $1 session, $2 user, $3 now, $4 website. Both lookups
 * are primary-key hits.
 */
const LIVE_SESSION = `
    FROM user_sessions s
    JOIN users u ON u.id = s.user_id
   WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > $3
     AND u.status IN (${SIGN_IN_STATUSES})
     AND (u.website_id = $4 OR u.website_id IS NULL)`;

/**
 * Whether the session's last use is due for an update (see touch), answered by PostgreSQL: a
 * boolean costs nothing to read, a timestamp a Date per row.
 */
const SESSION_STALE = `s.last_used_at <= $3::timestamptz - interval '${TOUCH_INTERVAL_MS} milliseconds'`;

/** The one query of an authenticated request: the live session's user row, without its password hash. */
const AUTH_SQL = `
  SELECT u.id, u.website_id AS "websiteId", u.role, u.registration_id AS "registrationId", u.email,
         u.display_name AS "displayName", u.pen_name AS "penName", u.timezone, u.avatar_url AS "avatarUrl",
         u.status, u.status_reason AS "statusReason", u.last_login_at AS "lastLoginAt",
         u.password_changed_at AS "passwordChangedAt", u.created_at AS "createdAt", u.updated_at AS "updatedAt",
         ${SESSION_STALE} AS "sessionStale"
  ${LIVE_SESSION}`;

type AuthRow = Record<string, unknown> & { id: number; role: Role; sessionStale: boolean };

/**
 * The auth query runs through platform `sql`: every API request pays for it, so it skips Sequelize's
 * pipeline, and as a prepared statement, so PostgreSQL does not parse and plan it every time
 * (its plan, two primary-key lookups, does not depend on the values).
 */
const findAuthRow = async (values: unknown[]): Promise<AuthRow | undefined> => (await sql<AuthRow>(AUTH_SQL, values, { prepare: true }))[0];

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
  const { sequelize, logger } = ctx();
  const nowMs = now.getTime();
  const { sessionTouchedAt, presenceMarkedAt } = throttles();
  if (sessionStale && due(sessionTouchedAt, sessionId, nowMs)) {
    sequelize
      .query('UPDATE user_sessions SET last_used_at = $1 WHERE id = $2 AND last_used_at < $1', {
        bind: [now, sessionId],
        transaction: null,
      })
      .catch((err: unknown) => logger.warn({ err, sessionId }, 'updating session last use failed'));
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
const sessionValues = ({ claims, website, now }: SessionClaim): unknown[] => [claims.sessionId, claims.userId, now, website.id];

/** Marks the request as the session's user's (req.actor, req.sessionId) and does the throttled bookkeeping. */
function signIn(req: Request, { claims, website, now }: SessionClaim, user: { id: number; role: Role; sessionStale: boolean }): void {
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
  const row = await findAuthRow(sessionValues(claim));
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
  const values = sessionValues(claim);
  const param = (value: unknown) => `$${values.push(value)}`;
  const text = withSessionCheck(read.sql({ id: 'signed_in.id', role: 'signed_in.role', websiteId: '$4' }, param));
  const rows = await sql<SignedInReadRow & R>(text, values, { prepare: read.prepare });
  const first = rows[0];
  if (!first) throw Unauthorized(SESSION_ENDED);
  signIn(req, claim, { id: first.sessionUserId, role: first.sessionUserRole, sessionStale: first.sessionStale });
  // Without a row of the read, the session's row alone came back (the lateral join's nulls).
  return first.readRow ? rows : [];
}

// A read's statement, by the read's text: a handful of shapes, each asked on every request of its route.
const sessionCheckedTexts = new Map<string, string>();

/** The read joined laterally on the live session (rows only for a live session; none of the read's when it has none). */
function withSessionCheck(readText: string): string {
  let text = sessionCheckedTexts.get(readText);
  if (text === undefined) {
    text = `WITH signed_in AS (SELECT u.id, u.role, ${SESSION_STALE} AS stale ${LIVE_SESSION})
    SELECT signed_in.id AS "sessionUserId", signed_in.role AS "sessionUserRole",
           signed_in.stale AS "sessionStale", r.*
      FROM signed_in LEFT JOIN LATERAL (SELECT true AS "readRow", x.* FROM (${readText}) x) r ON true`;
    if (sessionCheckedTexts.size >= 1_000) sessionCheckedTexts.clear(); // bounded, should reads ever vary more
    sessionCheckedTexts.set(readText, text);
  }
  return text;
}

interface SignedInReadRow {
  sessionUserId: number;
  sessionUserRole: Role;
  sessionStale: boolean;
  readRow: true | null;
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
