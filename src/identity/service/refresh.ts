import { recordAudit } from '../../audit/index.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { Unauthorized } from '../../platform/errors.js';
import type { Actor } from '../../platform/actor.js';
import { RefreshToken, User, UserSession } from '../models.js';
import { CAN_SIGN_IN } from '../rules.js';
import { hashToken } from '../tokens.js';
import { issueTokens, sessionExpiry, type AuthResult } from './sessions.js';

type Outcome = { ok: AuthResult } | { refused: string };

/**
 * Rotates a refresh token: the presented one is spent and a new pair is issued on the same
 * session. Presenting an already-spent token means it leaked (or a client misbehaves): the whole
 * family — the session — is revoked, committed, and the caller gets a 401.
 *
 * The token row is locked (SELECT … FOR UPDATE), so two concurrent refreshes with one token
 * cannot both succeed: the second waits, then sees the token spent.
 */
export async function refreshSession(actor: Actor, refreshToken: string): Promise<AuthResult> {
  const outcome = await inTransaction(async (transaction): Promise<Outcome> => {
    const token = await RefreshToken.findOne({ where: { tokenHash: hashToken(refreshToken) }, lock: transaction.LOCK.UPDATE });
    if (!token) return { refused: 'Unknown refresh token' };
    const session = await UserSession.findByPk(token.sessionId, { lock: transaction.LOCK.UPDATE });
    const now = clock.now();
    if (!session || session.revokedAt || session.expiresAt.getTime() <= now.getTime()) {
      return { refused: 'The session has ended; sign in again' };
    }
    const user = await User.findByPk(session.userId);
    if (token.spentAt) {
      await session.update({ revokedAt: now, revokedReason: 'refresh_token_reuse' });
      await recordAudit(
        { ...actor, userId: session.userId, role: user?.role ?? actor.role },
        {
          action: 'identity.refresh_token_reuse',
          targetType: 'user_session',
          targetId: session.id,
          websiteId: user?.websiteId ?? actor.websiteId,
        },
      );
      return { refused: 'This refresh token was already used; the session has been ended for safety' };
    }
    if (!user || !CAN_SIGN_IN.includes(user.status) || (user.websiteId !== null && user.websiteId !== actor.websiteId)) {
      return { refused: 'The session has ended; sign in again' };
    }
    await token.update({ spentAt: now });
    await session.update({ lastUsedAt: now, expiresAt: sessionExpiry(now) });
    const tokens = await issueTokens(user, session.id);
    await recordAudit(
      { ...actor, userId: user.id, role: user.role },
      { action: 'identity.refresh', targetType: 'user_session', targetId: session.id },
    );
    return { ok: { user, sessionId: session.id, tokens } };
  });
  // Thrown only after the commit, so a detected reuse stays revoked.
  if ('refused' in outcome) throw Unauthorized(outcome.refused);
  return outcome.ok;
}
