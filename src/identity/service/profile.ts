import { recordAudit } from '../../audit/index.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { NotFound, Unauthorized, ValidationFailed } from '../../platform/errors.js';
import type { Actor } from '../../platform/actor.js';
import { User } from '../models.js';
import { hashPassword, verifyPassword } from '../password.js';
import { revokeSessionsOf } from './sessions.js';

export interface ProfilePatch {
  displayName?: string;
  timezone?: string;
  avatarUrl?: string | null;
  penName?: string;
}

const PROFILE_FIELDS = ['displayName', 'timezone', 'avatarUrl', 'penName'] as const;

function requireUserId(actor: Actor): number {
  if (actor.userId === null) throw Unauthorized();
  return actor.userId;
}

/** The actor's own row, locked for the change. */
async function loadSelf(actor: Actor, lock: boolean, withSecrets = false): Promise<User> {
  const userId = requireUserId(actor);
  const model = withSecrets ? User.scope('withSecrets') : User;
  const user = await model.findByPk(userId, lock ? { lock: true } : {});
  if (!user) throw NotFound('User');
  return user;
}

/** Updates the actor's own profile. A pen name is a writer's public name: only writers have one. */
export async function updateMyProfile(actor: Actor, patch: ProfilePatch): Promise<User> {
  return inTransaction(async () => {
    const user = await loadSelf(actor, true);
    if (patch.penName !== undefined && user.role !== 'writer') throw ValidationFailed({ penName: 'only writers have a pen name' });
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const field of PROFILE_FIELDS) {
      if (patch[field] === undefined || patch[field] === user[field]) continue;
      before[field] = user[field];
      after[field] = patch[field];
    }
    if (Object.keys(after).length === 0) return user;
    await user.update(after);
    await recordAudit(actor, { action: 'identity.profile_updated', targetType: 'user', targetId: user.id, before, after });
    return user;
  });
}

/**
 * Changes the actor's password after checking the current one, and signs out every other device
 * (the session making the change stays).
 */
export async function changeMyPassword(
  actor: Actor,
  currentSessionId: number,
  input: { currentPassword: string; newPassword: string },
): Promise<{ revokedSessions: number }> {
  const current = await loadSelf(actor, false, true);
  if (!(await verifyPassword(current.passwordHash, input.currentPassword))) {
    throw ValidationFailed({ currentPassword: 'is not your current password' }, 'The current password is wrong');
  }
  if (input.currentPassword === input.newPassword) {
    throw ValidationFailed({ newPassword: 'must differ from the current password' });
  }
  const passwordHash = await hashPassword(input.newPassword); // slow: kept out of the transaction
  return inTransaction(async () => {
    const user = await loadSelf(actor, true, true);
    // Someone changed it between the check and now (another device): make this caller retry.
    if (user.passwordHash !== current.passwordHash) throw ValidationFailed({ currentPassword: 'is not your current password' });
    await User.update({ passwordHash, passwordChangedAt: clock.now() }, { where: { id: user.id } });
    const revokedSessions = await revokeSessionsOf(user.id, 'password_changed', currentSessionId);
    await recordAudit(actor, {
      action: 'identity.password_changed',
      targetType: 'user',
      targetId: user.id,
      before: { passwordHash: 'old' },
      after: { passwordHash: 'new', revokedOtherSessions: revokedSessions },
    });
    return { revokedSessions };
  });
}
