import { Op } from 'sequelize';
import { recordAudit } from '../../audit/index.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { ValidationFailed } from '../../platform/errors.js';
import { Website } from '../../tenancy/index.js';
import type { Actor } from '../../platform/actor.js';
import { PasswordResetToken, User } from '../models.js';
import { hashPassword } from '../password.js';
import { clearSignInThrottle } from '../sign-in-throttle.js';
import { hashToken, newOpaqueToken } from '../tokens.js';
import { brandOf, sendSafely } from './emails.js';
import { findSignInCandidate } from './login.js';
import { revokeSessionsOf } from './sessions.js';

export const RESET_TOKEN_TTL_MINUTES = 60;

/** Statuses for which a reset email is not sent: the account could not sign in afterwards anyway. */
const NO_RESET_STATUSES = new Set(['suspended', 'deletion_requested']);

/**
 * Asks for a password-reset email. The caller always answers 202 whatever happens here, so the
 * response never tells whether an account exists. Earlier unused tokens of the user are voided:
 * only the newest email works.
 *
 * Returns a promise of the email being sent (after the commit), so a route can answer without
 * waiting for it — waiting would make "account exists" measurably slower.
 */
export async function requestPasswordReset(
  actor: Actor,
  input: { email: string; portalUrl: string },
): Promise<{ delivery: Promise<boolean> }> {
  if (actor.websiteId === null) return { delivery: Promise.resolve(false) };
  const user = await findSignInCandidate(actor.websiteId, input.email);
  if (!user || NO_RESET_STATUSES.has(user.status)) return { delivery: Promise.resolve(false) };
  const website = await Website.findByPk(actor.websiteId);
  if (!website) return { delivery: Promise.resolve(false) };

  const token = newOpaqueToken();
  const now = clock.now();
  await inTransaction(async () => {
    await PasswordResetToken.update({ usedAt: now }, { where: { userId: user.id, usedAt: null } });
    await PasswordResetToken.create({
      userId: user.id,
      tokenHash: hashToken(token),
      requestedIp: actor.ip ?? null,
      expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MINUTES * 60_000),
    });
    await recordAudit(actor, {
      action: 'identity.password_reset_requested',
      targetType: 'user',
      targetId: user.id,
      websiteId: user.websiteId,
    });
  });

  const delivery = sendSafely({
    to: user.email,
    template: 'password-reset',
    data: {
      displayName: user.displayName,
      resetUrl: `${input.portalUrl}/reset-password?token=${encodeURIComponent(token)}`,
      token,
      expiresInMinutes: RESET_TOKEN_TTL_MINUTES,
    },
    websiteId: website.id,
    brand: brandOf(website),
  });
  return { delivery };
}

const badToken = () =>
  ValidationFailed({ token: 'is invalid, expired or already used' }, 'This reset link is invalid, expired or already used');

/**
 * Sets a new password with a reset token: single use, valid for an hour, only for an account that
 * signs in through the actor's website. Lifts the sign-in throttle on its email and ends every session.
 */
export async function confirmPasswordReset(actor: Actor, input: { token: string; password: string }): Promise<void> {
  // Hashing is slow (argon2): done before the transaction so no row stays locked meanwhile.
  const passwordHash = await hashPassword(input.password);
  const email = await inTransaction(async (transaction) => {
    const reset = await PasswordResetToken.findOne({ where: { tokenHash: hashToken(input.token) }, lock: transaction.LOCK.UPDATE });
    const now = clock.now();
    if (!reset || reset.usedAt || reset.expiresAt.getTime() <= now.getTime()) throw badToken();
    const user = await User.findOne({
      where: { id: reset.userId, [Op.or]: [{ websiteId: actor.websiteId }, { websiteId: null }] },
    });
    if (!user) throw badToken();
    await reset.update({ usedAt: now });
    await User.update({ passwordHash, passwordChangedAt: now }, { where: { id: user.id } });
    const revoked = await revokeSessionsOf(user.id, 'password_reset');
    await recordAudit(
      { ...actor, userId: user.id, role: user.role },
      {
        action: 'identity.password_reset',
        targetType: 'user',
        targetId: user.id,
        websiteId: user.websiteId,
        before: { passwordHash: 'old' },
        after: { passwordHash: 'new', revokedSessions: revoked },
      },
    );
    return user.email;
  });
  // The owner proved the mailbox: sign-ins from anywhere may try again (an attacker's IPs must start over).
  await clearSignInThrottle(email);
}
