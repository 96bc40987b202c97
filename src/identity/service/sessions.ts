import { Op, type WhereOptions } from 'sequelize';
import { recordAudit } from '../../audit/index.js';
import { clock } from '../../platform/clock.js';
import { ctx } from '../../platform/context.js';
import { inTransaction } from '../../platform/database.js';
import { NotFound, Unauthorized, ValidationFailed } from '../../platform/errors.js';
import { decodeCursor, toPage, type Page } from '../../platform/http/pagination.js';
import type { Actor } from '../../platform/actor.js';
import { RefreshToken, User, UserSession } from '../models.js';
import { serializeSession, type SessionView } from '../serializers.js';
import { hashToken, newOpaqueToken, signAccessToken } from '../tokens.js';

/** What login, registration and refresh hand to the client. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

export interface AuthResult {
  user: User;
  sessionId: number;
  tokens: TokenPair;
}

export type RevokeReason = 'logout' | 'logout_all' | 'revoked_by_user' | 'refresh_token_reuse' | 'password_changed' | 'password_reset';

const DEVICE_MAX = 300;

export function sessionExpiry(now: Date): Date {
  return new Date(now.getTime() + ctx().config.REFRESH_TOKEN_TTL_DAYS * 86_400_000);
}

/** Signs an access token and stores a new refresh token of the session. Call inside a transaction. */
export async function issueTokens(user: Pick<User, 'id' | 'websiteId' | 'role'>, sessionId: number): Promise<TokenPair> {
  const refreshToken = newOpaqueToken();
  await RefreshToken.create({ sessionId, tokenHash: hashToken(refreshToken) });
  const access = await signAccessToken({ userId: user.id, sessionId, websiteId: user.websiteId, role: user.role });
  return { accessToken: access.token, refreshToken, tokenType: 'Bearer', expiresIn: access.expiresIn };
}

/** Opens a session (one device, one refresh-token family) and issues its first tokens. Call inside a transaction. */
export async function startSession(user: User, websiteId: number | null, device: string | null, ip: string | null): Promise<AuthResult> {
  const now = clock.now();
  const session = await UserSession.create({
    userId: user.id,
    websiteId,
    device: device ? device.slice(0, DEVICE_MAX) : null,
    ip: ip ? ip.slice(0, 64) : null,
    createdAt: now,
    lastUsedAt: now,
    expiresAt: sessionExpiry(now),
  });
  return { user, sessionId: session.id, tokens: await issueTokens(user, session.id) };
}

/** Revokes the live sessions of a user (all, or all but one); returns how many. Call inside a transaction. */
export async function revokeSessionsOf(userId: number, reason: RevokeReason, exceptSessionId?: number): Promise<number> {
  const where: WhereOptions<UserSession> = { userId, revokedAt: null };
  if (exceptSessionId !== undefined) Object.assign(where, { id: { [Op.ne]: exceptSessionId } });
  const [count] = await UserSession.update({ revokedAt: clock.now(), revokedReason: reason }, { where });
  return count;
}

function requireUser(actor: Actor): number {
  if (actor.userId === null) throw Unauthorized();
  return actor.userId;
}

/** Ends the actor's current session. */
export async function logout(actor: Actor, sessionId: number): Promise<void> {
  const userId = requireUser(actor);
  await inTransaction(async () => {
    const [count] = await UserSession.update(
      { revokedAt: clock.now(), revokedReason: 'logout' },
      { where: { id: sessionId, userId, revokedAt: null } },
    );
    if (count) await recordAudit(actor, { action: 'identity.logout', targetType: 'user_session', targetId: sessionId });
  });
}

/** Ends every session of the actor, on every device (the current one included). */
export async function logoutAll(actor: Actor): Promise<{ revoked: number }> {
  const userId = requireUser(actor);
  return inTransaction(async () => {
    const revoked = await revokeSessionsOf(userId, 'logout_all');
    await recordAudit(actor, { action: 'identity.logout_all', targetType: 'user', targetId: userId, after: { revokedSessions: revoked } });
    return { revoked };
  });
}

/** The actor's live sessions, newest first, cursor-paginated. */
export async function listMySessions(
  actor: Actor,
  currentSessionId: number,
  query: { limit: number; cursor?: string },
): Promise<Page<SessionView>> {
  const userId = requireUser(actor);
  const after = decodeCursor(query.cursor, 'timestamp');
  const now = clock.now();
  return inTransaction(async () => {
    const where: WhereOptions<UserSession> = { userId, revokedAt: null, expiresAt: { [Op.gt]: now } };
    if (after) {
      const at = new Date(String(after.value));
      if (Number.isNaN(at.getTime())) throw ValidationFailed({ cursor: 'is not a cursor returned by this list' });
      Object.assign(where, {
        [Op.or]: [{ createdAt: { [Op.lt]: at } }, { createdAt: at, id: { [Op.lt]: after.id } }],
      });
    }
    const rows = await UserSession.findAll({
      where,
      order: [
        ['createdAt', 'DESC'],
        ['id', 'DESC'],
      ],
      limit: query.limit + 1,
    });
    return toPage(
      rows,
      query.limit,
      (s) => ({ value: new Date(s.createdAt).toISOString(), id: s.id }),
      (s) => serializeSession(s, currentSessionId),
    );
  });
}

/** Revokes one of the actor's own sessions; another user's session id is a 404 (not "forbidden": no probing). */
export async function revokeMySession(actor: Actor, sessionId: number): Promise<void> {
  const userId = requireUser(actor);
  await inTransaction(async () => {
    const session = await UserSession.findOne({ where: { id: sessionId, userId } });
    if (!session) throw NotFound('Session');
    if (session.revokedAt) return; // already ended: revoking again changes nothing
    await session.update({ revokedAt: clock.now(), revokedReason: 'revoked_by_user' });
    await recordAudit(actor, { action: 'identity.session_revoked', targetType: 'user_session', targetId: sessionId });
  });
}
