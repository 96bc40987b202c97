import { Op, literal } from 'sequelize';
import { recordAudit } from '../../audit/index.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { Forbidden, Unauthorized } from '../../platform/errors.js';
import type { Actor } from '../../platform/actor.js';
import { User } from '../models.js';
import { dummyPasswordHash, verifyPassword } from '../password.js';
import { CAN_SIGN_IN, type UserStatus } from '../rules.js';
import { assertMayTrySignIn, recordSignInFailure, recordSignInSuccess } from '../sign-in-throttle.js';
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
  locked: 'This account is locked. Contact support to unlock it.',
  deletion_requested: 'This account is scheduled for deletion and can no longer sign in. Contact support to keep it.',
};

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

/** Audits a wrong password on a real account (the throttle counts it, for real and unknown emails alike). */
async function auditFailure(actor: Actor, user: User): Promise<void> {
  await inTransaction(() =>
    recordAudit(
      { ...actor, userId: user.id, role: user.role },
      { action: 'identity.login_failed', targetType: 'user', targetId: user.id, websiteId: user.websiteId },
    ),
  );
}

/**
 * Signs in with email and password on the actor's website. Unknown email, wrong password and
 * another website's account all answer the same 401 in about the same time. Failures throttle
 * the IP that makes them (sign-in-throttle.ts), never the account: a 429 that reads the same for
 * any email, real or not.
 */
export async function login(actor: Actor, input: LoginInput): Promise<AuthResult> {
  if (actor.websiteId === null) throw Unauthorized(INVALID_CREDENTIALS);
  await assertMayTrySignIn(input.email, actor.ip);
  const user = await findSignInCandidate(actor.websiteId, input.email);
  const matches = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyPassword(await dummyPasswordHash(), input.password).then(() => false); // same time as a real check
  if (!user || !matches) {
    await recordSignInFailure(input.email, actor.ip);
    if (user) await auditFailure(actor, user);
    throw Unauthorized(INVALID_CREDENTIALS);
  }
  await recordSignInSuccess(input.email, actor.ip);
  // Only told to someone who knows the password.
  if (!CAN_SIGN_IN.includes(user.status)) throw Forbidden(REFUSED_STATUS[user.status as UserStatus] ?? 'This account may not sign in');

  return inTransaction(async () => {
    const now = clock.now();
    await User.update({ lastLoginAt: now }, { where: { id: user.id } });
    const signedIn = (await User.findByPk(user.id))!; // re-read without the hash
    const result = await startSession(signedIn, actor.websiteId, input.device, actor.ip ?? null);
    await recordAudit(
      { ...actor, userId: user.id, role: user.role },
      { action: 'identity.login', targetType: 'user_session', targetId: result.sessionId, websiteId: user.websiteId ?? actor.websiteId },
    );
    return result;
  });
}
