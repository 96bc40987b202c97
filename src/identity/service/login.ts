import { Op, QueryTypes, literal } from 'sequelize';
import { recordAudit } from '../../audit/index.js';
import { clock } from '../../platform/clock.js';
import { ctx } from '../../platform/context.js';
import { inTransaction } from '../../platform/database.js';
import { AppError, Forbidden, Unauthorized } from '../../platform/errors.js';
import type { Actor } from '../../platform/actor.js';
import { User } from '../models.js';
import { dummyPasswordHash, verifyPassword } from '../password.js';
import { CAN_SIGN_IN, isLockedOut, type UserStatus } from '../rules.js';
import { startSession, type AuthResult } from './sessions.js';

export interface LoginInput {
  email: string;
  password: string;
  /** The client's User-Agent, shown in "my sessions". */
  device: string | null;
}

const INVALID_CREDENTIALS = 'Invalid email or password';

const REFUSED_STATUS: Partial<Record<UserStatus, string>> = {
  suspended: 'This account is suspended. Contact support if you think this is a mistake.',
  deletion_requested: 'This account is scheduled for deletion and can no longer sign in. Contact support to keep it.',
};

const lockedError = (lockedUntil: Date | null) =>
  lockedUntil
    ? new AppError('locked', `Too many failed sign-ins: this account is locked until ${lockedUntil.toISOString()}`, undefined, {
        lockedUntil: lockedUntil.toISOString(),
      })
    : new AppError('locked', 'This account is locked. Contact support to unlock it.', undefined, { lockedUntil: null });

/**
 * The account an email signs in to through a website: that website's user, else a superadmin
 * (who belongs to no website). A user of another website is never found: same answer as unknown.
 */
export async function findSignInCandidate(websiteId: number, email: string): Promise<User | null> {
  return User.scope('withSecrets').findOne({
    where: { email: email.trim().toLowerCase(), [Op.or]: [{ websiteId }, { websiteId: null }] },
    order: [[literal('website_id IS NULL'), 'ASC']],
  });
}

/** Counts a failed password, locking the account at the threshold; committed on its own, since the login then fails. */
async function recordFailure(actor: Actor, user: User): Promise<Date | null> {
  const { LOCKOUT_THRESHOLD, LOCKOUT_MINUTES } = ctx().config;
  const now = clock.now();
  const lockUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000);
  return inTransaction(async () => {
    // One atomic statement, so parallel wrong guesses cannot lose a count. Locking restarts the count.
    const rows = await ctx().sequelize.query<{ lockedUntil: Date | null; locked: boolean }>(
      `UPDATE users SET
         failed_login_count = CASE WHEN failed_login_count + 1 >= $2 THEN 0 ELSE failed_login_count + 1 END,
         locked_until = CASE WHEN failed_login_count + 1 >= $2 THEN $3 ELSE locked_until END,
         updated_at = $4
       WHERE id = $1
       RETURNING locked_until AS "lockedUntil", (locked_until = $3) AS locked`,
      { bind: [user.id, LOCKOUT_THRESHOLD, lockUntil, now], type: QueryTypes.SELECT },
    );
    const locked = rows[0]?.locked === true;
    const who = { ...actor, userId: user.id, role: user.role };
    await recordAudit(who, { action: 'identity.login_failed', targetType: 'user', targetId: user.id, websiteId: user.websiteId });
    if (locked) {
      await recordAudit(who, {
        action: 'identity.locked_out',
        targetType: 'user',
        targetId: user.id,
        websiteId: user.websiteId,
        after: { lockedUntil: lockUntil.toISOString() },
      });
    }
    return locked ? lockUntil : null;
  });
}

/**
 * Signs in with email and password on the actor's website. Unknown email, wrong password and
 * another website's account all answer the same 401 in about the same time. Five wrong passwords
 * in a row lock the account for LOCKOUT_MINUTES (423, even with the right password).
 */
export async function login(actor: Actor, input: LoginInput): Promise<AuthResult> {
  if (actor.websiteId === null) throw Unauthorized(INVALID_CREDENTIALS);
  const user = await findSignInCandidate(actor.websiteId, input.email);
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    throw Unauthorized(INVALID_CREDENTIALS);
  }
  if (user.status === 'locked') throw lockedError(null);
  if (isLockedOut(user, clock.now())) throw lockedError(user.lockedUntil);

  if (!(await verifyPassword(user.passwordHash, input.password))) {
    const lockedUntil = await recordFailure(actor, user);
    throw lockedUntil ? lockedError(lockedUntil) : Unauthorized(INVALID_CREDENTIALS);
  }
  // Only told to someone who knows the password.
  if (!CAN_SIGN_IN.includes(user.status)) throw Forbidden(REFUSED_STATUS[user.status as UserStatus] ?? 'This account may not sign in');

  return inTransaction(async () => {
    const now = clock.now();
    await User.update({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: now }, { where: { id: user.id } });
    const signedIn = (await User.findByPk(user.id))!; // re-read without the hash
    const result = await startSession(signedIn, actor.websiteId, input.device, actor.ip ?? null);
    await recordAudit(
      { ...actor, userId: user.id, role: user.role },
      { action: 'identity.login', targetType: 'user_session', targetId: result.sessionId, websiteId: user.websiteId ?? actor.websiteId },
    );
    return result;
  });
}
