import { recordAudit } from '../audit/index.js';
import { ctx } from '../platform/context.js';
import { clock } from '../platform/clock.js';
import { inTransaction } from '../platform/database.js';
import type { Actor } from '../platform/actor.js';
import { canUseBackOffice, dummyPasswordHash, isLockedOut, User, verifyPassword } from '../identity/index.js';
import { type Role } from '../platform/actor.js';
import { findWebsiteByHost } from '../tenancy/index.js';

/**
 * Back-office sign-in: staff only, active, not locked out, on the website whose host they use
 * (a superadmin anywhere). Failed passwords count toward the same lockout as the portal login.
 */

/** What AdminJS keeps in the session as `currentAdmin` (no secrets: it is sent to the browser). */
export interface StaffAdmin {
  id: string;
  email: string;
  role: Role;
  websiteId: number | null;
  registrationId: string;
  displayName: string;
  title: string;
}

export interface StaffLoginInput {
  email: unknown;
  password: unknown;
  host: string | undefined;
  ip: string | null;
  requestId: string | null;
}

export const toStaffAdmin = (user: User): StaffAdmin => ({
  id: String(user.id),
  email: user.email,
  role: user.role,
  websiteId: user.websiteId ?? null,
  registrationId: user.registrationId,
  displayName: user.displayName,
  title: `${user.displayName} · ${user.role} · ${user.registrationId}`,
});

/** The actor a back-office request acts as. */
export function staffActor(admin: Pick<StaffAdmin, 'id' | 'role' | 'websiteId'>, meta: { ip?: string | null; requestId?: string | null } = {}): Actor {
  return { userId: Number(admin.id), role: admin.role, websiteId: admin.websiteId, ip: meta.ip ?? null, requestId: meta.requestId ?? null };
}

/** The account an email names on this host: the website's own user, else a superadmin. */
async function findAccount(email: string, websiteId: number | null): Promise<User | null> {
  const Secret = User.scope('withSecrets');
  if (websiteId !== null) {
    const own = await Secret.findOne({ where: { websiteId, email } });
    if (own) return own;
  }
  return Secret.findOne({ where: { websiteId: null, email } });
}

function isUsable(user: User, websiteId: number | null): boolean {
  if (!canUseBackOffice(user.role) || user.status !== 'active' || isLockedOut(user, clock.now())) return false;
  return user.role === 'superadmin' || (websiteId !== null && user.websiteId === websiteId);
}

export async function authenticateStaff(input: StaffLoginInput): Promise<StaffAdmin | null> {
  const email = typeof input.email === 'string' ? input.email.trim().toLowerCase() : '';
  const password = typeof input.password === 'string' ? input.password : '';
  if (!email || !password || email.length > 254 || password.length > 1024) return null;
  const website = await findWebsiteByHost(input.host);
  const websiteId = website?.id ?? null;
  const meta: Actor = { userId: null, role: 'system', websiteId, ip: input.ip, requestId: input.requestId };

  const user = await findAccount(email, websiteId);
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), password); // same time as a real check
    return null;
  }
  if (isLockedOut(user, clock.now())) return null;
  if (!(await verifyPassword(user.passwordHash, password))) {
    await recordFailedLogin(user.id, meta);
    return null;
  }
  if (!isUsable(user, websiteId)) {
    await inTransaction(() =>
      recordAudit(meta, { action: 'admin.login_refused', targetType: 'user', targetId: user.id, websiteId: user.websiteId }),
    );
    return null;
  }
  return inTransaction(async () => {
    const fresh = (await User.findByPk(user.id, { lock: true }))!;
    fresh.failedLoginCount = 0;
    fresh.lastLoginAt = clock.now();
    await fresh.save();
    await recordAudit({ ...meta, userId: fresh.id, role: fresh.role, websiteId: fresh.websiteId }, {
      action: 'admin.login',
      targetType: 'user',
      targetId: fresh.id,
    });
    return toStaffAdmin(fresh);
  });
}

/** Counts a wrong password; at the threshold the account is locked for LOCKOUT_MINUTES. Row-locked so parallel attempts all count. */
async function recordFailedLogin(userId: number, meta: Actor): Promise<void> {
  const { LOCKOUT_THRESHOLD, LOCKOUT_MINUTES } = ctx().config;
  await inTransaction(async () => {
    const user = await User.findByPk(userId, { lock: true });
    if (!user) return;
    const count = user.failedLoginCount + 1;
    const lock = count >= LOCKOUT_THRESHOLD;
    user.failedLoginCount = lock ? 0 : count;
    if (lock) user.lockedUntil = new Date(clock.now().getTime() + LOCKOUT_MINUTES * 60_000);
    await user.save();
    await recordAudit(meta, {
      action: lock ? 'identity.locked_out' : 'admin.login_failed',
      targetType: 'user',
      targetId: user.id,
      websiteId: user.websiteId,
      after: lock ? { lockedUntil: user.lockedUntil!.toISOString() } : { failedLoginCount: count },
    });
  });
}

/**
 * Re-reads the signed-in staff member on every back-office request, so a suspension, lockout or
 * role change takes effect at once rather than when the session cookie expires.
 */
export async function revalidateStaff(adminId: string, host: string | undefined): Promise<StaffAdmin | null> {
  const id = Number(adminId);
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const user = await User.findByPk(id);
  if (!user) return null;
  if (user.role === 'superadmin') return isUsable(user, null) ? toStaffAdmin(user) : null;
  const website = await findWebsiteByHost(host);
  return isUsable(user, website?.id ?? null) ? toStaffAdmin(user) : null;
}
