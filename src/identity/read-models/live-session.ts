import { ctx } from '../../platform/context.js';
import { sql } from '../../platform/database.js';
import type { Role } from '../../platform/actor.js';
import { CAN_SIGN_IN } from '../rules.js';

/**
 * The read model of every authenticated API request: is this session live, and whose is it. It is
 * the statement the API runs most (once per request), so it is raw SQL on a prepared statement
 * (docs/read-models.md); the middleware around it (src/identity/middleware.ts) keeps the rules.
 */

/** Writes on the hot path are throttled to one per this interval per session (last use) and per user (presence). */
export const TOUCH_INTERVAL_MS = 60_000;

/** What identifies the session a request claims: its token's claims, the request's website and time. */
export interface SessionKey {
  sessionId: number;
  userId: number;
  websiteId: number;
  now: Date;
}

/** The session's user as the check answers it, with whether its last use is due for an update. */
export interface LiveSessionUser {
  id: number;
  role: Role;
  /** True when the session's last use is older than TOUCH_INTERVAL_MS (the middleware's touch updates it). */
  sessionStale: boolean;
}

/**
 * A read for the signed-in user, written against `user.id`, `user.role` and `user.websiteId` (SQL
 * expressions; the website is the request's, as the actor's) and binding its values through
 * `param` (which answers the placeholder): readWithLiveSession runs it in the statement that checks
 * the session, a service may run it for an actor it already has.
 */
export interface SignedInRead {
  sql(user: { id: string; role: string; websiteId: string }, param: (value: unknown) => string): string;
  /** As platform `sql`'s option: when the best plan does not depend on the values. */
  prepare: boolean;
}

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
 * Whether the session's last use is due for an update, answered by PostgreSQL: a boolean costs
 * nothing to read, a timestamp a Date per row.
 */
const SESSION_STALE = `s.last_used_at <= $3::timestamptz - interval '${TOUCH_INTERVAL_MS} milliseconds'`;

/** The user row of a live session, without its password hash. */
const LIVE_SESSION_USER = `
  SELECT u.id, u.website_id AS "websiteId", u.role, u.registration_id AS "registrationId", u.email,
         u.display_name AS "displayName", u.pen_name AS "penName", u.timezone, u.avatar_url AS "avatarUrl",
         u.status, u.status_reason AS "statusReason", u.last_login_at AS "lastLoginAt",
         u.password_changed_at AS "passwordChangedAt", u.created_at AS "createdAt", u.updated_at AS "updatedAt",
         ${SESSION_STALE} AS "sessionStale"
  ${LIVE_SESSION}`;

const keyValues = (key: SessionKey): unknown[] => [key.sessionId, key.userId, key.now, key.websiteId];

/**
 * The live session's user row (every column but the password hash), or undefined when the session
 * may not act. A prepared statement: its plan, two primary-key lookups, does not depend on the values.
 */
export async function liveSessionUser(key: SessionKey): Promise<(Record<string, unknown> & LiveSessionUser) | undefined> {
  return (await sql<Record<string, unknown> & LiveSessionUser>(LIVE_SESSION_USER, keyValues(key), { prepare: true }))[0];
}

/**
 * `read` for the session's user, in the statement that checks the session: one round trip instead
 * of two. The read runs only for a live session (a lateral join on it); its rows come back with the
 * check's answer, so a revoked session or suspended user is refused on the very next request.
 * `session` is undefined when the session may not act; `rows` are the read's (none when it has none).
 */
export async function readWithLiveSession<R extends object>(
  key: SessionKey,
  read: SignedInRead,
): Promise<{ session: LiveSessionUser | undefined; rows: R[] }> {
  const values = keyValues(key);
  const param = (value: unknown) => `$${values.push(value)}`;
  const text = withSessionCheck(read.sql({ id: 'signed_in.id', role: 'signed_in.role', websiteId: '$4' }, param));
  const rows = await sql<SessionCheckedRow & R>(text, values, { prepare: read.prepare });
  const first = rows[0];
  if (!first) return { session: undefined, rows: [] };
  const session = { id: first.sessionUserId, role: first.sessionUserRole, sessionStale: first.sessionStale };
  // Without a row of the read, the session's row alone came back (the lateral join's nulls).
  return { session, rows: first.readRow ? rows : [] };
}

interface SessionCheckedRow {
  sessionUserId: number;
  sessionUserRole: Role;
  sessionStale: boolean;
  readRow: true | null;
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

/**
 * Records the session's last use, outside any transaction (transaction: null opts out of CLS): the
 * middleware fires it without waiting, throttled, and only when the check said it is stale.
 */
export async function recordSessionUse(sessionId: number, now: Date): Promise<void> {
  await ctx().sequelize.query('UPDATE user_sessions SET last_used_at = $1 WHERE id = $2 AND last_used_at < $1', {
    bind: [now, sessionId],
    transaction: null,
  });
}
