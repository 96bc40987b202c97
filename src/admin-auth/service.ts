import { recordAudit } from '../audit/index.js';
import { clock } from '../platform/clock.js';
import { inTransaction } from '../platform/database.js';
import type { Actor } from '../platform/actor.js';
import {
  assertMayTrySignIn,
  canUseBackOffice,
  dummyPasswordHash,
  recordSignInFailure,
  recordSignInSuccess,
  User,
  verifyPassword,
} from '../identity/index.js';
import type { Role } from '../platform/actor.js';
import { findWebsiteByHost } from '../tenancy/index.js';

/**
 * Back-office sign-in: staff only, active, on the website whose host they use (a superadmin
 * anywhere). Failed passwords count toward the same sign-in throttle as the portal login.
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
  /** Where the staff member reads times (their profile's timezone). */
  timezone: string;
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
  timezone: user.timezone,
});

/** The actor a back-office request acts as. */
export function staffActor(
  admin: Pick<StaffAdmin, 'id' | 'role' | 'websiteId'>,
  meta: { ip?: string | null; requestId?: string | null } = {},
): Actor {
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
  if (!canUseBackOffice(user.role) || user.status !== 'active') return false;
  return user.role === 'superadmin' || (websiteId !== null && user.websiteId === websiteId);
}

/**
 * Checks the form's email and password. Unknown email, wrong password and an account that may not
 * use this back office all end in the same null (AdminJS's "invalid credentials" page) in about
 * the same time; too many failures from this IP (or an account under attack) is the throttle's
 * 429, the same for any email. A failed attempt never locks the account nor ends its sessions.
 */
export async function authenticateStaff(input: StaffLoginInput): Promise<StaffAdmin | null> {
  const email = typeof input.email === 'string' ? input.email.trim().toLowerCase() : '';
  const password = typeof input.password === 'string' ? input.password : '';
  if (!email || !password || email.length > 254 || password.length > 1024) return null;
  await assertMayTrySignIn(email, input.ip);
  const website = await findWebsiteByHost(input.host);
  const websiteId = website?.id ?? null;
  const meta: Actor = { userId: null, role: 'system', websiteId, ip: input.ip, requestId: input.requestId };

  const user = await findAccount(email, websiteId);
  const matches = user
    ? await verifyPassword(user.passwordHash, password)
    : await verifyPassword(await dummyPasswordHash(), password).then(() => false); // same time as a real check
  if (!user || !matches) {
    await recordSignInFailure(email, input.ip);
    if (user) {
      await inTransaction(() =>
        recordAudit(meta, { action: 'admin.login_failed', targetType: 'user', targetId: user.id, websiteId: user.websiteId }),
      );
    }
    return null;
  }
  await recordSignInSuccess(email, input.ip);
  if (!isUsable(user, websiteId)) {
    await inTransaction(() =>
      recordAudit(meta, { action: 'admin.login_refused', targetType: 'user', targetId: user.id, websiteId: user.websiteId }),
    );
    return null;
  }
  return inTransaction(async () => {
    const fresh = (await User.findByPk(user.id, { lock: true }))!;
    fresh.lastLoginAt = clock.now();
    await fresh.save();
    await recordAudit(
      { ...meta, userId: fresh.id, role: fresh.role, websiteId: fresh.websiteId },
      {
        action: 'admin.login',
        targetType: 'user',
        targetId: fresh.id,
      },
    );
    return toStaffAdmin(fresh);
  });
}

/**
 * Re-reads the signed-in staff member on every back-office request, so a suspension or
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
