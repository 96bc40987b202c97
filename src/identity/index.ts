/** The identity area's public module: code outside src/identity/ imports from here only (docs/ARCHITECTURE.md). */
export { actorOf, assertRole, authenticateWithRead, optionalAuth, requireAuth, requireRole } from './middleware.js';
export { initIdentityModels, User } from './models.js';
export { markOnline, onlineUsers } from './presence.js';
export { dummyPasswordHash, hashPassword, verifyPassword } from './password.js';
export { canManageUser, canUseBackOffice, canViewAuditLog, userScopeOf } from './policy.js';
export { authRouter } from './routes/auth.js';
export { usersRouter } from './routes/users.js';
export { USER_STATUSES } from './rules.js';
export type { UserStatus } from './rules.js';
export { insertUser } from './service/create-user.js';
export { brandOf, portalBaseUrl, sendSafely } from './service/emails.js';
export { approveUser, reinstateUser, staffActionApplies, suspendUser, unlockUser } from './service/manage-users.js';
export type { UserStaffAction } from './service/manage-users.js';
export { purgeExpiredCredentials } from './service/purge-expired.js';
export type { SignedInRead } from './read-models/live-session.js';
export { assertMayTrySignIn, recordSignInFailure, recordSignInSuccess } from './sign-in-throttle.js';
