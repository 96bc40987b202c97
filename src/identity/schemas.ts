import { errorResponses, json, jsonResponse, open, registerOperation, signedIn, type Operation } from '../platform/http/openapi.js';
import { MAX_PAGE_SIZE, timestampCursor } from '../platform/http/pagination.js';
import { z } from '../platform/http/zod.js';
import { USER_STATUSES } from './rules.js';
import { ROLES } from '../platform/actor.js';

/** Input and output of the identity API; every path is registered for /api/openapi.json below. */

/** An IANA time zone name, stored in its canonical spelling ("europe/paris" -> "Europe/Paris"). */
export const timezoneSchema = z
  .string()
  .min(1)
  .max(64)
  .transform((tz, ctx) => {
    try {
      return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an IANA time zone such as Europe/Paris' });
      return z.NEVER;
    }
  })
  .openapi({ type: 'string', example: 'Europe/Paris' });

const email = z.email('must be an email address').max(254).openapi({ example: 'client@scriptorium.test' });
const newPassword = z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters');
const displayName = z.string().trim().min(1, 'is required').max(120);

export const registerBody = z
  .object({ email, password: newPassword, displayName, timezone: timezoneSchema.optional() })
  .strict()
  .openapi('RegisterRequest');

export const loginBody = z
  .object({ email, password: z.string().min(1, 'is required').max(200) })
  .strict()
  .openapi('LoginRequest');

export const refreshBody = z
  .object({ refreshToken: z.string().min(1).max(200) })
  .strict()
  .openapi('RefreshRequest');

export const resetRequestBody = z.object({ email }).strict().openapi('PasswordResetRequest');

export const resetConfirmBody = z
  .object({ token: z.string().min(1, 'is required').max(200), password: newPassword })
  .strict()
  .openapi('PasswordResetConfirm');

export const sessionIdParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict();

export const sessionsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
    cursor: timestampCursor.optional(),
  })
  .strict();

export const updateMeBody = z
  .object({
    displayName: displayName.optional(),
    timezone: timezoneSchema.optional(),
    avatarUrl: z
      .url({ protocol: /^https$/, message: 'must be an https URL' })
      .max(500)
      .nullable()
      .optional(),
    penName: z.string().trim().min(2, 'must be at least 2 characters').max(80).optional(),
  })
  .strict()
  .openapi('UpdateMeRequest');

export const changePasswordBody = z
  .object({ currentPassword: z.string().min(1, 'is required').max(200), newPassword })
  .strict()
  .openapi('ChangePasswordRequest');

// ---- responses ----

export const meSchema = z
  .object({
    id: z.number().int(),
    registrationId: z.string().openapi({ example: 'CL-000001' }),
    role: z.enum(ROLES),
    email: z.string(),
    displayName: z.string(),
    penName: z.string().nullable().openapi({ description: 'Writers only' }),
    timezone: z.string(),
    avatarUrl: z.string().nullable(),
    status: z.enum(USER_STATUSES),
    website: z.object({ id: z.number().int(), name: z.string() }).nullable().openapi({ description: 'Null for a superadmin' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Me');

export const authResponse = z
  .object({
    accessToken: z.string().openapi({ description: 'JWT, valid ACCESS_TOKEN_TTL_SECONDS (15 min by default)' }),
    refreshToken: z.string().openapi({ description: 'Opaque, single use: each refresh returns a new one' }),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().openapi({ description: 'Seconds until the access token expires' }),
    user: meSchema,
  })
  .openapi('AuthTokens');

export const sessionSchema = z
  .object({
    id: z.number().int(),
    device: z.string().nullable(),
    ip: z.string().nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    lastUsedAt: z.string().openapi({ format: 'date-time' }),
    current: z.boolean(),
  })
  .openapi('Session');

const sessionsPage = z.object({ items: z.array(sessionSchema), nextCursor: z.string().nullable() }).openapi('SessionPage');
const accepted = z.object({ message: z.string() }).openapi('Accepted');

// ---- OpenAPI paths ----

const noContent = { 204: { description: 'Done' } };

function path(
  method: 'get' | 'post' | 'patch' | 'delete',
  route: string,
  operationId: string,
  spec: Omit<Operation, 'method' | 'path' | 'operationId'>,
): void {
  registerOperation({ method, path: `/api/v1${route}`, operationId, tags: [route.startsWith('/users') ? 'users' : 'auth'], ...spec });
}

path('post', '/auth/register', 'register', {
  summary: 'Open a client account on this website and sign in',
  security: open,
  request: { body: json(registerBody) },
  responses: { 201: jsonResponse('Registered and signed in', authResponse), ...errorResponses(400, 403, 404, 409, 413, 429) },
});
path('post', '/auth/login', 'login', {
  summary: 'Sign in with email and password',
  security: open,
  request: { body: json(loginBody) },
  responses: { 200: jsonResponse('Signed in', authResponse), ...errorResponses(400, 401, 403, 404, 429) },
});
path('post', '/auth/refresh', 'refreshTokens', {
  summary: 'Exchange a refresh token for a new pair (rotation; reusing a spent token ends the session)',
  security: open,
  request: { body: json(refreshBody) },
  responses: { 200: jsonResponse('New tokens', authResponse), ...errorResponses(400, 401, 404) },
});
path('post', '/auth/logout', 'logout', {
  summary: 'End the current session',
  security: signedIn,
  responses: { ...noContent, ...errorResponses(401) },
});
path('post', '/auth/logout-all', 'logoutAll', {
  summary: 'End every session of the signed-in user',
  security: signedIn,
  responses: { ...noContent, ...errorResponses(401) },
});
path('get', '/auth/sessions', 'listMySessions', {
  summary: 'My live sessions (devices), newest first',
  security: signedIn,
  request: { query: sessionsQuery },
  responses: { 200: jsonResponse('A page of sessions', sessionsPage), ...errorResponses(400, 401) },
});
path('delete', '/auth/sessions/{id}', 'revokeMySession', {
  summary: 'End one of my sessions',
  security: signedIn,
  request: { params: sessionIdParams },
  responses: { ...noContent, ...errorResponses(400, 401, 404) },
});
path('post', '/auth/password-reset/request', 'requestPasswordReset', {
  summary: 'Email a password-reset link (always 202, whether or not the account exists)',
  security: open,
  request: { body: json(resetRequestBody) },
  responses: { 202: jsonResponse('Accepted', accepted), ...errorResponses(400, 404, 429) },
});
path('post', '/auth/password-reset/confirm', 'confirmPasswordReset', {
  summary: 'Set a new password with a reset token (single use, 1 h); ends every session',
  security: open,
  request: { body: json(resetConfirmBody) },
  responses: { ...noContent, ...errorResponses(400, 404) },
});
path('get', '/users/me', 'getMe', {
  summary: 'My profile',
  security: signedIn,
  responses: { 200: jsonResponse('Profile', meSchema), ...errorResponses(401) },
});
path('patch', '/users/me', 'updateMe', {
  summary: 'Update my profile (penName: writers only)',
  security: signedIn,
  request: { body: json(updateMeBody) },
  responses: { 200: jsonResponse('Updated profile', meSchema), ...errorResponses(400, 401) },
});
path('post', '/users/me/password', 'changeMyPassword', {
  summary: 'Change my password; signs out my other sessions',
  security: signedIn,
  request: { body: json(changePasswordBody) },
  responses: { ...noContent, ...errorResponses(400, 401, 429) },
});
