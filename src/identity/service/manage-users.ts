import { Op } from 'sequelize';
import { recordAudit } from '../../audit/index.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { Conflict, NotFound, ValidationFailed } from '../../platform/errors.js';
import type { Actor } from '../../platform/actor.js';
import { User, UserSession } from '../models.js';
import { assertCanManageUser } from '../policy.js';
import { STATUS_ACTIONS, type StatusAction, type UserStatus } from '../rules.js';
import { clearSignInThrottle } from '../sign-in-throttle.js';

/**
 * Staff use cases on user accounts: approve, suspend, reinstate, unlock. The back office calls
 * these (and later the staff API may); each re-checks the actor, runs in one transaction with the
 * user's row locked, and writes its audit row in that transaction.
 */

const REASON_MAX = 500;
const PAST: Record<StatusAction, string> = { approve: 'approved', suspend: 'suspended', reinstate: 'reinstated' };

/** The fields an audit row records before/after a status change. */
const statusFields = (user: User): Record<string, unknown> => ({
  status: user.status,
  statusReason: user.statusReason,
});

async function lockUser(actor: Actor, userId: number): Promise<User> {
  if (!Number.isSafeInteger(userId) || userId <= 0) throw NotFound('User');
  const user = await User.findByPk(userId, { lock: true });
  if (!user) throw NotFound('User');
  assertCanManageUser(actor, { id: user.id, role: user.role, websiteId: user.websiteId });
  return user;
}

function assertTransition(user: User, action: StatusAction): UserStatus {
  const rule = STATUS_ACTIONS[action];
  if (!(rule.from as readonly UserStatus[]).includes(user.status)) {
    throw Conflict(`A user who is ${user.status.replace('_', ' ')} cannot be ${PAST[action]}`, {
      currentStatus: user.status,
    });
  }
  return rule.to;
}

function cleanReason(reason: unknown, required: boolean): string | null {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (!text) {
    if (required) throw ValidationFailed({ reason: 'is required' }, 'A reason is required');
    return null;
  }
  if (text.length > REASON_MAX) throw ValidationFailed({ reason: `must be at most ${REASON_MAX} characters` });
  return text;
}

async function changeStatus(actor: Actor, userId: number, action: StatusAction, reason: string | null): Promise<User> {
  return inTransaction(async () => {
    const user = await lockUser(actor, userId);
    const to = assertTransition(user, action);
    const before = statusFields(user);
    user.status = to;
    user.statusReason = action === 'suspend' ? reason : null;
    await user.save();
    if (action === 'suspend') {
      // A suspended user's portal sessions end now, not when their refresh token expires.
      await UserSession.update(
        { revokedAt: clock.now(), revokedReason: 'suspended' },
        { where: { userId: user.id, revokedAt: { [Op.is]: null } } },
      );
    }
    await recordAudit(actor, {
      action: `user.${action}`,
      targetType: 'user',
      targetId: user.id,
      websiteId: user.websiteId,
      before,
      after: statusFields(user),
      reason: reason ?? undefined,
    });
    return user;
  });
}

/** pending_approval -> active. */
export function approveUser(actor: Actor, userId: number): Promise<User> {
  return changeStatus(actor, userId, 'approve', null);
}

/** Suspends with a reason (required, kept on the user and in the audit row); revokes portal sessions. */
export function suspendUser(actor: Actor, userId: number, input: { reason?: unknown }): Promise<User> {
  return changeStatus(actor, userId, 'suspend', cleanReason(input.reason, true));
}

/** suspended / probation / locked -> active. */
export function reinstateUser(actor: Actor, userId: number, input: { reason?: unknown } = {}): Promise<User> {
  return changeStatus(actor, userId, 'reinstate', cleanReason(input.reason, false));
}

/**
 * Lifts the sign-in throttle on the user's email (for an owner whose account is under attack and
 * who cannot use the reset email), and ends a staff-set 'locked' status.
 */
export async function unlockUser(actor: Actor, userId: number): Promise<User> {
  const user = await inTransaction(async () => {
    const user = await lockUser(actor, userId);
    const before = statusFields(user);
    if (user.status === 'locked') user.status = 'active';
    await user.save();
    await recordAudit(actor, {
      action: 'user.unlock',
      targetType: 'user',
      targetId: user.id,
      websiteId: user.websiteId,
      before,
      after: { ...statusFields(user), signInThrottle: 'lifted' },
    });
    return user;
  });
  await clearSignInThrottle(user.email);
  return user;
}

export const USER_STAFF_ACTIONS = ['approve', 'suspend', 'reinstate', 'unlock'] as const;
export type UserStaffAction = (typeof USER_STAFF_ACTIONS)[number];

/** Whether an action applies to a user in their current state (the back office hides the others). */
export function staffActionApplies(action: UserStaffAction, user: Pick<User, 'status'>): boolean {
  // The throttle lives in Redis or memory, out of sight here: lifting it is offered on every account.
  if (action === 'unlock') return true;
  return (STATUS_ACTIONS[action].from as readonly UserStatus[]).includes(user.status);
}
